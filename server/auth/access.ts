import type { Db } from '../../db/connection.js'
import { findMembership } from '../../db/repositories/memberships.js'
import type { UserRow } from '../../db/schema.js'
import { capabilities, type Capabilities, type ProgrammeRole } from '../../shared/roles.js'

/** What a user may do on a programme, and their role there (null for global roles and non-members). */
export async function programmeAccess(
  db: Db,
  user: UserRow,
  programmeId: string,
): Promise<Capabilities & { role: ProgrammeRole | null }> {
  if (user.role) return { ...capabilities(user.role, null), role: null }
  const membership = await findMembership(db, programmeId, user.id)
  return { ...capabilities(null, membership?.role ?? null), role: membership?.role ?? null }
}
