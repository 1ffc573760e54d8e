import type { UserRow } from '../../db/schema.js'

export interface UserJson {
  id: string
  email: string
  name: string
  role: UserRow['role']
  disabled: boolean
}

export function presentUser(user: UserRow): UserJson {
  return { id: user.id, email: user.email, name: user.name, role: user.role, disabled: user.disabled_at !== null }
}
