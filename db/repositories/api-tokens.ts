import type { Db } from '../connection.js'
import type { ApiTokenRow, UserRow } from '../schema.js'

export async function insertApiToken(db: Db, token: Omit<ApiTokenRow, 'last_used_at' | 'revoked_at'>): Promise<void> {
  await db.kysely.insertInto('api_tokens').values({ ...token, last_used_at: null, revoked_at: null }).execute()
}

/** A live token with its enabled user, by the hash of its secret. */
export async function findLiveToken(db: Db, tokenHash: string): Promise<{ token: ApiTokenRow; user: UserRow } | undefined> {
  const token = await db.kysely
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  if (!token) return undefined
  const user = await db.kysely
    .selectFrom('users')
    .selectAll()
    .where('id', '=', token.user_id)
    .where('disabled_at', 'is', null)
    .executeTakeFirst()
  return user ? { token, user } : undefined
}

export async function listUserTokens(db: Db, userId: string): Promise<ApiTokenRow[]> {
  return db.kysely.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at').execute()
}

export async function markTokenUsed(db: Db, id: string, now: number): Promise<void> {
  await db.kysely.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute()
}

export async function revokeApiToken(db: Db, id: string, userId: string, now: number): Promise<boolean> {
  const result = await db.kysely
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Revokes every live token of a user; answers the ids revoked. */
export async function revokeUserTokens(db: Db, userId: string, now: number): Promise<string[]> {
  const rows = await db.kysely
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute()
  return rows.map((r) => r.id)
}
