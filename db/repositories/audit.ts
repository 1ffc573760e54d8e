import type { Db } from '../connection.js'
import type { AuditEntryRow } from '../schema.js'
import { runSync, transactionSync } from '../sync.js'

/** An audit entry to write: new (no id) or the growing burst of an earlier one. */
export interface AuditWrite {
  id: number | null
  doc_name: string
  user_id: string | null
  field: string
  first_at: number
  last_at: number
  changes: number
}

/** Writes entries in one transaction; answers the row id of each, in order. */
export function saveAuditEntries(db: Db, entries: AuditWrite[]): number[] {
  return transactionSync(db.sqlite, () =>
    entries.map((entry) => {
      if (entry.id !== null) {
        runSync(db.sqlite, db.kysely.updateTable('audit_entries').set({ last_at: entry.last_at, changes: entry.changes }).where('id', '=', entry.id))
        return entry.id
      }
      const { doc_name, user_id, field, first_at, last_at, changes } = entry
      const [row] = runSync(
        db.sqlite,
        db.kysely.insertInto('audit_entries').values({ doc_name, user_id, field, first_at, last_at, changes }).returning('id'),
      )
      return row!.id
    }),
  )
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

/** A decision for the audit log (an unlock and its reason, a restore): its own entry, never coalesced. */
export async function insertAuditNote(db: Db, entry: { doc_name: string; user_id: string | null; field: string; note: string }, now: number): Promise<void> {
  await db.kysely.insertInto('audit_entries').values({ ...entry, first_at: now, last_at: now, changes: 1 }).execute()
}
