import { createHash } from 'node:crypto'
import type { SqliteDb } from '../connection.js'
import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'
import { runSync, statementOnce, transactionSync, writeSync } from '../sync.js'

/**
 * The document log: SQL for the `doc_log` and `doc_states` tables. These functions are
 * synchronous on purpose: the sync server commits an update and broadcasts it in the same tick,
 * so no other socket message can observe an update that is not yet on disk.
 */

/** What is stored for one document: its compacted state (if any) and the updates logged since. */
export interface StoredDocument {
  state: Uint8Array | null
  /** The state matched the checksum written with it (false: written before checksums, unchecked). */
  stateVerified: boolean
  updates: Uint8Array[]
  /** Sequence number of the newest update covered (compacted state or log); 0 when nothing is stored. */
  lastSeq: number
}

/** One row of the log to append: update number `seq` of document `docName`. */
export interface LogEntry {
  docName: string
  seq: number
  data: Uint8Array
  /** Who made it; null: the server itself. */
  userId: string | null
}

/** The insert of one log row (run for every edit: prepared once). */
const insertLogRow = (kysely: Kysely<Database>) =>
  kysely.insertInto('doc_log').values({ doc_name: '', seq: 0, data: new Uint8Array(), created_at: 0, user_id: null })

/** Appends rows, one or several, in one transaction: made once per database handle (see {@link appendLog}). */
const appenders = new WeakMap<SqliteDb['sqlite'], (entries: LogEntry[], now: number) => void>()

function appender(db: SqliteDb): (entries: LogEntry[], now: number) => void {
  const insert = statementOnce(db, insertLogRow)
  const one = (entry: LogEntry, at: number) => insert.run(entry.docName, entry.seq, entry.data, at, entry.userId)
  const many = db.sqlite.transaction((rows: LogEntry[], at: number) => {
    for (const entry of rows) one(entry, at)
  })
  // A single row is its own transaction.
  return (entries, now) => (entries.length === 1 ? one(entries[0]!, now) : many.immediate(entries, now))
}

/**
 * Appends log entries, of one or several documents, in one transaction (one commit): all or none
 * are stored. Run for every edit, so nothing is built per call: even a closure made per call costs
 * a property definition under tsx, which keeps function names.
 */
export function appendLog(db: SqliteDb, entries: LogEntry[], now: number): void {
  if (entries.length === 0) return
  let append = appenders.get(db.sqlite)
  if (!append) appenders.set(db.sqlite, (append = appender(db)))
  append(entries, now)
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

/**
 * Reads a document's compacted state and the updates logged after it, in order (a scan of the
 * short log). Throws if the state does not match its checksum.
 */
export function readDocument(db: SqliteDb, docName: string): StoredDocument {
  return transactionSync(db.sqlite, () => {
    const [stateRow] = runSync(db.sqlite, db.kysely.selectFrom('doc_states').select(['state', 'last_seq', 'state_sha256']).where('doc_name', '=', docName))
    if (stateRow?.state_sha256 && sha256(stateRow.state) !== stateRow.state_sha256) throw new Error(`the stored state of ${docName} does not match its checksum`)
    const after = stateRow?.last_seq ?? 0
    const rows = runSync(
      db.sqlite,
      db.kysely.selectFrom('doc_log').select(['seq', 'data']).where('doc_name', '=', docName).where('seq', '>', after).orderBy('seq'),
    )
    return {
      state: stateRow?.state ?? null,
      stateVerified: Boolean(stateRow?.state_sha256),
      updates: rows.map((r) => r.data),
      lastSeq: rows.at(-1)?.seq ?? after,
    }
  })
}

/**
 * Makes `state` (which must contain every update of the document up to `upToSeq`) the document's
 * stored state. The log rows it covers are not deleted here: they are ignored from now on
 * (`readDocument` reads after `last_seq`) and deleted later by {@link trimLog}, many documents at
 * once. Deleting one document's rows from the append-only log would rewrite nearly every page of
 * it (its rows are spread among the others') while the server waits.
 */
export function compactDocument(db: SqliteDb, docName: string, state: Uint8Array, upToSeq: number, now: number): void {
  const row = { state, last_seq: upToSeq, state_sha256: sha256(state), updated_at: now }
  runSync(
    db.sqlite,
    db.kysely
      .insertInto('doc_states')
      .values({ doc_name: docName, ...row })
      .onConflict((oc) => oc.column('doc_name').doUpdateSet(row)),
  )
}

/**
 * Deletes the log rows already in their document's compacted state among the `rows` rows after
 * row id `afterId` (one bounded transaction); answers where to continue, or null at the end of
 * the log. Called a chunk at a time, between socket messages.
 */
export function trimLog(db: SqliteDb, afterId: number, rows: number): { next: number | null; deleted: number } {
  return transactionSync(db.sqlite, () => {
    const [last] = runSync(db.sqlite, db.kysely.selectFrom('doc_log').select((eb) => eb.fn.max('id').as('id')))
    const end = Math.min(afterId + rows, Number(last?.id ?? 0))
    if (end <= afterId) return { next: null, deleted: 0 }
    const deleted = writeSync(
      db.sqlite,
      db.kysely
        .deleteFrom('doc_log')
        .where('id', '>', afterId)
        .where('id', '<=', end)
        .where((eb) =>
          eb(
            'seq',
            '<=',
            eb.fn.coalesce(eb.selectFrom('doc_states').select('doc_states.last_seq').whereRef('doc_states.doc_name', '=', 'doc_log.doc_name'), eb.lit(0)),
          ),
        ),
    )
    return { next: end < Number(last!.id) ? end : null, deleted }
  })
}

/** Number of logged updates of a document after its compacted state (rows it covers, not yet trimmed, do not count). */
export function countLoggedUpdates(db: SqliteDb, docName: string): number {
  const [row] = runSync(
    db.sqlite,
    db.kysely
      .selectFrom('doc_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('doc_name', '=', docName)
      .where((eb) =>
        eb('seq', '>', eb.fn.coalesce(eb.selectFrom('doc_states').select('doc_states.last_seq').where('doc_states.doc_name', '=', docName), eb.lit(0))),
      ),
  )
  return Number(row?.n ?? 0)
}
