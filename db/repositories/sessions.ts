import type { Db } from '../connection.js'
import { revokeUserTokens } from './api-tokens.js'
import type { SessionRow, UserRow } from '../schema.js'

export async function insertSession(db: Db, session: Omit<SessionRow, 'revoked_at'>): Promise<void> {
  await db.kysely.insertInto('sessions').values({ ...session, revoked_at: null }).execute()
}

/** A live session (not revoked, not expired) with its enabled user. */
export async function findLiveSession(db: Db, id: string, now: number): Promise<{ session: SessionRow; user: UserRow } | undefined> {
  const session = await db.kysely
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  if (!session) return undefined
  const user = await db.kysely
    .selectFrom('users')
    .selectAll()
    .where('id', '=', session.user_id)
    .where('disabled_at', 'is', null)
    .executeTakeFirst()
  return user ? { session, user } : undefined
}

/** Slides a session's expiry forward (at most once a minute per session, to spare writes). */
export async function touchSession(db: Db, id: string, now: number, expiresAt: number): Promise<void> {
  await db.kysely
    .updateTable('sessions')
    .set({ last_seen_at: now, expires_at: expiresAt })
    .where('id', '=', id)
    .where('last_seen_at', '<', now - 60_000)
    .execute()
}

export async function revokeSession(db: Db, id: string, now: number): Promise<void> {
  await db.kysely.updateTable('sessions').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute()
}

/** Revokes every session of a user (the password changed), but `except`; answers the ids revoked. */
export async function revokeUserSessions(db: Db, userId: string, now: number, except?: string): Promise<string[]> {
  let query = db.kysely.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null)
  if (except) query = query.where('id', '!=', except)
  const rows = await query.returning('id').execute()
  return rows.map((r) => r.id)
}

/**
 * Revokes every session and token of a user (disabled account, password reset by an admin):
 * whoever had the password could have signed in or made tokens, and re-enabling the account
 * must bring neither back. Answers the ids revoked.
 */
export async function revokeUserCredentials(db: Db, userId: string, now: number): Promise<string[]> {
  return [...(await revokeUserSessions(db, userId, now)), ...(await revokeUserTokens(db, userId, now))]
}

/** Which of these credentials are live: sessions not revoked nor expired, tokens not revoked (one query each). */
export async function liveCredentialIds(db: Db, ids: string[], now: number): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const sessions = await db.kysely.selectFrom('sessions').select('id').where('id', 'in', ids).where('revoked_at', 'is', null).where('expires_at', '>', now).execute()
  const tokens = await db.kysely.selectFrom('api_tokens').select('id').where('id', 'in', ids).where('revoked_at', 'is', null).execute()
  return new Set([...sessions, ...tokens].map((r) => r.id))
}
