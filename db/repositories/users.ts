import type { Db } from '../connection.js'
import type { GlobalRole, UserRow } from '../schema.js'

export async function countUsers(db: Db): Promise<number> {
  const row = await db.kysely.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
  return Number(row?.n ?? 0)
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.kysely.selectFrom('users').selectAll().orderBy('email').execute()
}

export async function findUser(db: Db, id: string): Promise<UserRow | undefined> {
  return db.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.kysely.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst()
}

export async function insertUser(
  db: Db,
  user: { id: string; email: string; name: string; password_hash: string; role: GlobalRole | null },
  now: number,
): Promise<UserRow> {
  return db.kysely
    .insertInto('users')
    .values({ ...user, email: user.email.trim().toLowerCase(), disabled_at: null, created_at: now, password_changed_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function updateUserPassword(db: Db, id: string, passwordHash: string, now: number): Promise<void> {
  await db.kysely.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now }).where('id', '=', id).execute()
}

export async function updateUserRole(db: Db, id: string, role: GlobalRole | null): Promise<void> {
  await db.kysely.updateTable('users').set({ role }).where('id', '=', id).execute()
}

export async function setUserDisabled(db: Db, id: string, disabledAt: number | null): Promise<void> {
  await db.kysely.updateTable('users').set({ disabled_at: disabledAt }).where('id', '=', id).execute()
}

export async function findUsers(db: Db, ids: string[]): Promise<UserRow[]> {
  if (ids.length === 0) return []
  return db.kysely.selectFrom('users').selectAll().where('id', 'in', ids).execute()
}
