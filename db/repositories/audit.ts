import type { Db, SqliteDb } from '../connection.js'
import type { AuditEntryRow, Database } from '../schema.js'
import type { Kysely } from 'kysely'
import { statementOnce, transactionSync } from '../sync.js'
import type { AuditDetail } from '../../shared/audit-detail.js'

/** An audit entry to write: new (no id) or the growing burst of an earlier one. */
export interface AuditWrite {
  id: number | null
  doc_name: string
  user_id: string | null
  field: string
  first_at: number
  last_at: number
  changes: number
  /** JSON of an AuditDetail (shared/audit-detail.ts), or null. */
  detail: string | null
}

// Flushed every two seconds with every burst that grew (thousands on a busy server): prepared once.
const growBurst = (kysely: Kysely<Database>) => kysely.updateTable('audit_entries').set({ last_at: 0, changes: 0, detail: null }).where('id', '=', 0)
const insertEntry = (kysely: Kysely<Database>) =>
  kysely.insertInto('audit_entries').values({ doc_name: '', user_id: null, field: '', first_at: 0, last_at: 0, changes: 0, detail: null }).returning('id')

/** Writes entries in one transaction; answers the row id of each, in order. */
export function saveAuditEntries(db: SqliteDb, entries: AuditWrite[]): number[] {
  const grow = statementOnce(db, growBurst)
  const insert = statementOnce(db, insertEntry)
  return transactionSync(db.sqlite, () =>
    entries.map((entry) => {
      if (entry.id !== null) {
        grow.run(entry.last_at, entry.changes, entry.detail, entry.id)
        return entry.id
      }
      const row = insert.get(entry.doc_name, entry.user_id, entry.field, entry.first_at, entry.last_at, entry.changes, entry.detail) as { id: number }
      return row.id
    }),
  )
}

/** {@link saveAuditEntries} on PostgreSQL: the same writes, waited for. */
export async function saveAuditEntriesPostgres(db: Db, entries: AuditWrite[]): Promise<number[]> {
  return db.kysely.transaction().execute(async (trx) => {
    const ids: number[] = []
    for (const entry of entries) {
      if (entry.id !== null) {
        await trx.updateTable('audit_entries').set({ last_at: entry.last_at, changes: entry.changes, detail: entry.detail }).where('id', '=', entry.id).execute()
        ids.push(entry.id)
      } else {
        const { doc_name, user_id, field, first_at, last_at, changes, detail } = entry
        const { id } = await trx.insertInto('audit_entries').values({ doc_name, user_id, field, first_at, last_at, changes, detail }).returning('id').executeTakeFirstOrThrow()
        ids.push(Number(id))
      }
    }
    return ids
  })
}

/** A sheet's audit log, newest first, with the names of the people. */
export async function listAuditEntries(
  db: Db,
  docName: string,
  options: { limit: number; before?: number },
): Promise<(AuditEntryRow & { user_name: string | null; user_email: string | null })[]> {
  let query = db.kysely
    .selectFrom('audit_entries')
    .leftJoin('users', 'users.id', 'audit_entries.user_id')
    .selectAll('audit_entries')
    .select(['users.name as user_name', 'users.email as user_email'])
    .where('audit_entries.doc_name', '=', docName)
  if (options.before !== undefined) query = query.where('audit_entries.last_at', '<', options.before)
  return query.orderBy('audit_entries.last_at', 'desc').orderBy('audit_entries.id', 'desc').limit(options.limit).execute()
}

/** A decision for the audit log (an unlock and its reason, a restore): its own entry, never coalesced. Takes a transaction too (`{kysely: trx}`), to be written with what it records. */
export async function insertAuditNote(
  db: Pick<Db, 'kysely'>,
  entry: { doc_name: string; user_id: string | null; field: string; note: string | null; detail: AuditDetail },
  now: number,
): Promise<void> {
  await db.kysely.insertInto('audit_entries').values({ ...entry, detail: JSON.stringify(entry.detail), first_at: now, last_at: now, changes: 1 }).execute()
}
