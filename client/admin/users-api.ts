import type { GlobalRole } from '../../shared/roles.js'
import type { UserJson } from '../api/auth-api.js'
import type { ApiClient } from '../api/http.js'

export async function listUsers(api: ApiClient): Promise<UserJson[]> {
  return (await api.get<{ users: UserJson[] }>('/api/users')).users
}

/** Creates an account with a generated password, answered this once. */
export function createUser(api: ApiClient, draft: { email: string; name: string; role: GlobalRole | null }): Promise<{ user: UserJson; password: string }> {
  return api.post('/api/users', { email: draft.email, name: draft.name, role: draft.role ?? 'none' })
}

export function setUserDisabled(api: ApiClient, id: string, disabled: boolean): Promise<{ user: UserJson }> {
  return api.patch(`/api/users/${encodeURIComponent(id)}`, { disabled })
}

/** A new generated password for the account (its sessions end); answered this once. */
export function resetPassword(api: ApiClient, id: string): Promise<{ password: string }> {
  return api.post(`/api/users/${encodeURIComponent(id)}/reset-password`)
}
