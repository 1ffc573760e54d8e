import type { Capabilities, ProgrammeRole } from '../../shared/roles.js'
import type { ApiClient } from '../api/http.js'

/** What the signed-in person may do on a programme (`GET /api/programmes/:id` → `access`). */
export type Access = Capabilities & { role: ProgrammeRole | null }

/** A member of a programme. */
export interface Member {
  userId: string
  email: string
  name: string
  role: ProgrammeRole
}

const base = (programmeId: string) => `/api/programmes/${encodeURIComponent(programmeId)}`

export async function fetchAccess(api: ApiClient, programmeId: string, signal?: AbortSignal): Promise<Access> {
  return (await api.get<{ access: Access }>(base(programmeId), { signal })).access
}

export async function listMembers(api: ApiClient, programmeId: string, signal?: AbortSignal): Promise<Member[]> {
  return (await api.get<{ members: Member[] }>(`${base(programmeId)}/members`, { signal })).members
}

/** Adds a member, or changes their role (the same call). */
export async function putMember(api: ApiClient, programmeId: string, email: string, role: ProgrammeRole): Promise<Member> {
  return (await api.put<{ member: Member }>(`${base(programmeId)}/members`, { email, role })).member
}

export function removeMember(api: ApiClient, programmeId: string, userId: string): Promise<unknown> {
  return api.delete(`${base(programmeId)}/members/${encodeURIComponent(userId)}`)
}
