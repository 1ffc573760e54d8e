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

/** Appends one update, made by `userId` (null: the server itself), to the log and returns its row id. */
export function appendUpdate(db: Db, docName: string, data: Uint8Array, userId: string | null, now: number): number {
  const [row] = runSync(
    db.sqlite,
    db.kysely.insertInto('doc_updates').values({ doc_name: docName, data, created_at: now, user_id: userId }).returning('id'),
  )
  if (!row) throw new Error(`no id returned for an update of ${docName}`)
  return row.id
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
