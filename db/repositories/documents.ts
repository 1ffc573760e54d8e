import type { Db } from '../connection.js'
import { runSync, transactionSync } from '../sync.js'

/**
 * The document log: SQL for the `doc_updates` and `doc_states` tables. These functions are
 * synchronous on purpose: the sync server commits an update and broadcasts it in the same tick,
 * so no other socket message can observe an update that is not yet on disk.
 */

/** What is stored for one document: its compacted state (if any) and the updates logged since. */
export interface StoredDocument {
  state: Uint8Array | null
  updates: Uint8Array[]
  /** Id of the newest row covered (compacted state or log); 0 when nothing is stored. */
  lastUpdateId: number
}

/** One row of the log to append. */
export interface UpdateRow {
  data: Uint8Array
  /** Who made it; null: the server itself. */
  userId: string | null
}

/**
 * The insert of one log row, built by Kysely once and prepared once per database handle: the
 * append is the hottest statement of the server, and compiling the query per row cost more than
 * SQLite's own work.
 */
const appendStatements = new WeakMap<Db['sqlite'], { insert: ReturnType<Db['sqlite']['prepare']>; batch: (docName: string, rows: UpdateRow[], now: number) => number }>()

function appendStatement(db: Db) {
  let prepared = appendStatements.get(db.sqlite)
  if (!prepared) {
    const { sql } = db.kysely
      .insertInto('doc_updates')
      .values({ doc_name: '', data: new Uint8Array(), created_at: 0, user_id: null })
      .returning('id')
      .compile()
    const insert = db.sqlite.prepare(sql)
    const one = (docName: string, row: UpdateRow, now: number): number => {
      const inserted = insert.get(docName, row.data, now, row.userId) as { id: number } | undefined
      if (!inserted) throw new Error(`no id returned for an update of ${docName}`)
      return inserted.id
    }
    const batch = db.sqlite.transaction((docName: string, rows: UpdateRow[], now: number): number => {
      let id = 0
      for (const row of rows) id = one(docName, row, now)
      return id
    })
    prepared = { insert, batch: (docName, rows, now) => (rows.length === 1 ? one(docName, rows[0]!, now) : batch.immediate(docName, rows, now)) }
    appendStatements.set(db.sqlite, prepared)
  }
  return prepared
}

/** Appends one update, made by `userId` (null: the server itself), to the log and returns its row id. */
export function appendUpdate(db: Db, docName: string, data: Uint8Array, userId: string | null, now: number): number {
  return appendStatement(db).batch(docName, [{ data, userId }], now)
}

/**
 * Appends several updates of one document in one transaction (one commit), in order; returns the
 * row id of the last. All or none are stored.
 */
export function appendUpdates(db: Db, docName: string, rows: UpdateRow[], now: number): number {
  if (rows.length === 0) throw new Error('appendUpdates needs at least one row')
  return appendStatement(db).batch(docName, rows, now)
}

/** Reads a document's compacted state and the updates logged after it, in order. */
export function readDocument(db: Db, docName: string): StoredDocument {
  return transactionSync(db.sqlite, () => {
    const [stateRow] = runSync(
      db.sqlite,
      db.kysely.selectFrom('doc_states').select(['state', 'last_update_id']).where('doc_name', '=', docName),
    )
    const after = stateRow?.last_update_id ?? 0
    const rows = runSync(
      db.sqlite,
      db.kysely
        .selectFrom('doc_updates')
        .select(['id', 'data'])
        .where('doc_name', '=', docName)
        .where('id', '>', after)
        .orderBy('id'),
    )
    return {
      state: stateRow?.state ?? null,
      updates: rows.map((r) => r.data),
      lastUpdateId: rows.at(-1)?.id ?? after,
    }
  })
}

/**
 * Replaces the log up to `upToId` by `state` (which must contain every update up to that id),
 * in one transaction: a crash leaves either the old log or the new state, never neither.
 */
export function compactDocument(db: Db, docName: string, state: Uint8Array, upToId: number, now: number): void {
  transactionSync(db.sqlite, () => {
    runSync(
      db.sqlite,
      db.kysely
        .insertInto('doc_states')
        .values({ doc_name: docName, state, last_update_id: upToId, updated_at: now })
        .onConflict((oc) => oc.column('doc_name').doUpdateSet({ state, last_update_id: upToId, updated_at: now })),
    )
    runSync(
      db.sqlite,
      db.kysely.deleteFrom('doc_updates').where('doc_name', '=', docName).where('id', '<=', upToId),
    )
  })
}

/** Number of logged (uncompacted) updates of a document. */
export function countLoggedUpdates(db: Db, docName: string): number {
  const [row] = runSync(
    db.sqlite,
    db.kysely
      .selectFrom('doc_updates')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('doc_name', '=', docName),
  )
  return Number(row?.n ?? 0)
}
