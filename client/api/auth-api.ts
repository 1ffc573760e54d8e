import type { GlobalRole } from '../../shared/roles.js'
import type { ApiClient } from './http.js'

/** An account as the API presents it (server/presenters/user.ts). */
export interface UserJson {
  id: string
  email: string
  name: string
  role: GlobalRole | null
  disabled: boolean
}

/** What sign-in and "who am I" answer. */
export interface SessionJson {
  user: UserJson
  csrfToken: string | null
}

/** A personal API token; the secret only in the answer to its creation. */
export interface TokenJson {
  id: string
  name: string
  createdAt: string
  lastUsedAt: string | null
  revoked: boolean
}

/** The signed-in person, or null (401) when nobody is. Network failures throw. */
export async function fetchMe(api: ApiClient): Promise<SessionJson | null> {
  try {
    const session = await api.get<SessionJson>('/api/auth/me', { expectUnauthenticated: true })
    api.csrfToken = session.csrfToken
    return session
  } catch (error) {
    if ((error as { status?: number }).status === 401) return null
    throw error
  }
}

export async function signIn(api: ApiClient, email: string, password: string): Promise<SessionJson> {
  const session = await api.post<SessionJson>('/api/auth/login', { email, password }, { expectUnauthenticated: true })
  api.csrfToken = session.csrfToken
  return session
}

export async function signOut(api: ApiClient): Promise<void> {
  try {
    await api.post('/api/auth/logout', undefined, { expectUnauthenticated: true })
  } finally {
    api.csrfToken = null
  }
}

export function changePassword(api: ApiClient, currentPassword: string, newPassword: string): Promise<unknown> {
  return api.post('/api/auth/password', { currentPassword, newPassword }, { expectUnauthenticated: true })
}

export async function listTokens(api: ApiClient): Promise<TokenJson[]> {
  return (await api.get<{ tokens: TokenJson[] }>('/api/tokens')).tokens
}

export function createToken(api: ApiClient, name: string): Promise<{ id: string; name: string; token: string }> {
  return api.post('/api/tokens', { name })
}

export function revokeToken(api: ApiClient, id: string): Promise<unknown> {
  return api.delete(`/api/tokens/${encodeURIComponent(id)}`)
}
