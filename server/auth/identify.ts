import { getCookie } from 'hono/cookie'
import type { Context } from 'hono'
import type { Db } from '../../db/connection.js'
import { findLiveToken, markTokenUsed } from '../../db/repositories/api-tokens.js'
import { findLiveSession, touchSession } from '../../db/repositories/sessions.js'
import type { UserRow } from '../../db/schema.js'
import { TOKEN_PREFIX, secretHash } from './secrets.js'

export const SESSION_COOKIE = 'ficha_session'
/** A session lasts this long after its last use… */
export const SESSION_IDLE_MS = 7 * 24 * 3600_000
/** …and never longer than this after sign-in. */
export const SESSION_MAX_MS = 30 * 24 * 3600_000

/** Who is asking, and how they proved it. */
export interface Identity {
  user: UserRow
  via: 'session' | 'token'
  /** The session id (hash) or token id: what a revocation closes. */
  credentialId: string
  /** For sessions: the token that cookie-authenticated writes must echo (CSRF). */
  csrfToken: string | null
}

/**
 * Finds the identity of a request: `Authorization: Bearer ficha_…`, the session cookie, or — only
 * where `allowQueryToken` (the WebSocket upgrade, which cannot send headers from a browser) —
 * `?token=ficha_…`. Answers null when none is valid; never says which part failed.
 */
export async function identify(
  db: Db,
  request: { header(name: string): string | undefined; cookie(name: string): string | undefined; query(name: string): string | undefined },
  options: { allowQueryToken?: boolean; now?: number } = {},
): Promise<Identity | null> {
  const now = options.now ?? Date.now()
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.header('authorization') ?? '')?.[1]
  const token = bearer ?? (options.allowQueryToken ? request.query('token') : undefined)
  if (token) {
    if (!token.startsWith(TOKEN_PREFIX)) return null
    const found = await findLiveToken(db, secretHash(token))
    if (!found) return null
    await markTokenUsed(db, found.token.id, now)
    return { user: found.user, via: 'token', credentialId: found.token.id, csrfToken: null }
  }
  const cookie = request.cookie(SESSION_COOKIE)
  if (!cookie) return null
  const id = secretHash(cookie)
  const found = await findLiveSession(db, id, now)
  if (!found) return null
  await touchSession(db, id, now, Math.min(now + SESSION_IDLE_MS, found.session.created_at + SESSION_MAX_MS))
  return { user: found.user, via: 'session', credentialId: id, csrfToken: found.session.csrf_token }
}

/** The request accessors {@link identify} needs, from a Hono context. */
export function fromContext(c: Context) {
  return {
    header: (name: string) => c.req.header(name),
    cookie: (name: string) => getCookie(c, name),
    query: (name: string) => c.req.query(name),
  }
}
