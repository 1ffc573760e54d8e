import type { Db } from '../connection.js'
import type { MembershipRow, ProgrammeRole, UserRow } from '../schema.js'

export async function findMembership(db: Db, programmeId: string, userId: string): Promise<MembershipRow | undefined> {
  return db.kysely
    .selectFrom('memberships')
    .selectAll()
    .where('programme_id', '=', programmeId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
}

export async function listMembers(db: Db, programmeId: string): Promise<(MembershipRow & Pick<UserRow, 'email' | 'name'>)[]> {
  return db.kysely
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.programme_id', 'memberships.user_id', 'memberships.role', 'memberships.created_at', 'users.email', 'users.name'])
    .where('memberships.programme_id', '=', programmeId)
    .orderBy('users.email')
    .execute()
}

/** Adds a member or changes their role. */
export async function upsertMembership(db: Db, programmeId: string, userId: string, role: ProgrammeRole, now: number): Promise<void> {
  await db.kysely
    .insertInto('memberships')
    .values({ programme_id: programmeId, user_id: userId, role, created_at: now })
    .onConflict((oc) => oc.columns(['programme_id', 'user_id']).doUpdateSet({ role }))
    .execute()
}

export async function deleteMembership(db: Db, programmeId: string, userId: string): Promise<boolean> {
  const result = await db.kysely
    .deleteFrom('memberships')
    .where('programme_id', '=', programmeId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/** Every membership of these people. */
export async function membershipsOf(db: Db, userIds: string[]): Promise<MembershipRow[]> {
  if (userIds.length === 0) return []
  return db.kysely.selectFrom('memberships').selectAll().where('user_id', 'in', userIds).execute()
}
