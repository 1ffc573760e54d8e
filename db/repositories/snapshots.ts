import { sql, type Insertable } from 'kysely'
import type { Db } from '../connection.js'
import type { SnapshotRow, SnapshotsTable } from '../schema.js'

/** The timeline of a programme, newest first, without the heavy columns. */
export async function listSnapshots(db: Db, programmeId: string) {
  return db.kysely
    .selectFrom('snapshots')
    .select(['id', 'kind', 'period', 'label', 'note', 'created_by', 'created_at', 'superseded_by', 'checksum'])
    .where('programme_id', '=', programmeId)
    .orderBy('created_at', 'desc')
    .execute()
}

export async function findSnapshot(db: Db, id: string): Promise<SnapshotRow | undefined> {
  return db.kysely.selectFrom('snapshots').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The current (not superseded) semester snapshot of a period. */
export async function findSemesterSnapshot(db: Db, programmeId: string, period: string): Promise<SnapshotRow | undefined> {
  return db.kysely
    .selectFrom('snapshots')
    .selectAll()
    .where('programme_id', '=', programmeId)
    .where('kind', '=', 'semester')
    .where('period', '=', period)
    .where('superseded_by', 'is', null)
    .executeTakeFirst()
}

/** Inserts a snapshot; when it supersedes another, marks that one, in the same transaction (both are kept). */
export async function insertSnapshot(db: Db, row: Insertable<SnapshotsTable>, supersedes?: string): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('snapshots').values(row).execute()
    if (supersedes) await trx.updateTable('snapshots').set({ superseded_by: row.id }).where('id', '=', supersedes).execute()
  })
}

/**
 * Inserts an automatic checkpoint unless the programme's latest snapshot, of either kind, reads the
 * same (sheet and follow-up): with several processes holding a sheet, each checkpoints what its own
 * editors changed, and the second would repeat the first. On PostgreSQL the check and the insert
 * hold a lock on the programme for their transaction (released with it, or with a killed process),
 * so two processes deciding at once do not both insert. Answers whether it inserted.
 */
export async function insertCheckpoint(db: Db, row: Insertable<SnapshotsTable>): Promise<boolean> {
  return db.kysely.transaction().execute(async (trx) => {
    if (db.dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`ficha.checkpoint:${row.programme_id}`}))`.execute(trx)
    const latest = await trx
      .selectFrom('snapshots')
      .select(['sheet_json', 'follow_up_json'])
      .where('programme_id', '=', row.programme_id)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst()
    if (latest && latest.sheet_json === row.sheet_json && latest.follow_up_json === row.follow_up_json) return false
    await trx.insertInto('snapshots').values(row).execute()
    return true
  })
}

/** Checkpoints of a programme, oldest first (for thinning). */
export async function listCheckpoints(db: Db, programmeId: string): Promise<{ id: string; created_at: number }[]> {
  return db.kysely
    .selectFrom('snapshots')
    .select(['id', 'created_at'])
    .where('programme_id', '=', programmeId)
    .where('kind', '=', 'checkpoint')
    .orderBy('created_at')
    .execute()
}

export async function deleteCheckpoints(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return
  // Only checkpoints: semester snapshots are never deleted.
  await db.kysely.deleteFrom('snapshots').where('id', 'in', ids).where('kind', '=', 'checkpoint').execute()
}

export async function lockedPeriods(db: Db, programmeId: string): Promise<string[]> {
  const rows = await db.kysely.selectFrom('period_locks').select('period').where('programme_id', '=', programmeId).where('locked', '=', 1).execute()
  return rows.map((r) => r.period)
}

export async function setPeriodLock(db: Db, programmeId: string, period: string, locked: boolean, by: string | null, reason: string | null, now: number): Promise<void> {
  await db.kysely
    .insertInto('period_locks')
    .values({ programme_id: programmeId, period, locked: locked ? 1 : 0, changed_by: by, changed_at: now, reason })
    .onConflict((oc) => oc.columns(['programme_id', 'period']).doUpdateSet({ locked: locked ? 1 : 0, changed_by: by, changed_at: now, reason }))
    .execute()
}
