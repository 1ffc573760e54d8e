/**
 * The document log on PostgreSQL, where several server processes store the updates of one
 * document. Asynchronous (pg has no other way), and numbered by the database rather than by a
 * document's one owner: appending bumps the document's head and inserts the rows in one
 * transaction, so whichever process stores an update, the numbers of a document are gapless and
 * unique (`doc_log_doc_seq`), and a crash between the two cannot happen. Compaction folds the log
 * into the state under an advisory transaction lock, which PostgreSQL releases with the
 * transaction or the connection: two processes never compact one document at once, and one
 * killed inside a compaction leaves the state and the log as they were.
 */
import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { PostgresDb } from '../connection.js'
import type { StoredDocument } from './documents.js'

/** An update to store, of document `docName`; its number is given by the database. */
export interface NewLogEntry {
  docName: string
  data: Uint8Array
  /** Who made it; null: the server itself. */
  userId: string | null
}

/** A stored update of a document with its number. */
export interface NumberedUpdate {
  seq: number
  data: Uint8Array
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

/**
 * The append, as one statement for any number of documents: bumps each document's head by its
 * number of rows (in name order, so that two processes storing the same documents lock their heads
 * in the same order and never deadlock) and inserts the rows after it, answering each document's
 * first number. A named (prepared) statement: PostgreSQL plans it once per connection instead of
 * on every edit, which halves the round trip an edit waits for (measured on this machine: 0.3 ms
 * against 0.6–0.8 ms at p50, 0.8–1.3 against 1.8–2.9 ms at p99). Kysely has no prepared
 * statements, hence the pool's own query here.
 */
const APPEND = {
  name: 'ficha_append_numbered',
  text: `with counts as (
      select * from unnest($1::text[], $2::int[]) as c(doc_name, n)
    ), head as (
      insert into doc_heads (doc_name, head) select doc_name, n from counts order by doc_name
      on conflict (doc_name) do update set head = doc_heads.head + excluded.head
      returning doc_name, head
    ), inserted as (
      insert into doc_log (doc_name, seq, data, created_at, user_id)
      select r.doc_name, head.head - counts.n + r.k, r.data, $3, r.user_id
      from unnest($4::text[], $5::int[], $6::bytea[], $7::text[]) as r(doc_name, k, data, user_id)
      join head using (doc_name) join counts using (doc_name)
    )
    select head.doc_name, head.head - counts.n + 1 as first from head join counts using (doc_name)`,
}

/**
 * Stores `entries` (of one or several documents), all or none, and answers each one's number in
 * order: a document's rows get consecutive numbers after its head. One statement, so one round
 * trip and no transaction to open or close.
 */
export async function appendNumbered(db: PostgresDb, entries: NewLogEntry[], now: number): Promise<number[]> {
  if (entries.length === 0) return []
  const counts = new Map<string, number>()
  // Each row's place among its document's rows (1, 2, …).
  const places = entries.map((entry) => {
    const place = (counts.get(entry.docName) ?? 0) + 1
    counts.set(entry.docName, place)
    return place
  })
  const { rows } = await db.pool.query<{ doc_name: string; first: string }>({
    ...APPEND,
    values: [[...counts.keys()], [...counts.values()], now, entries.map((e) => e.docName), places, entries.map((e) => e.data), entries.map((e) => e.userId)],
  })
  const first = new Map(rows.map((row) => [row.doc_name, Number(row.first)]))
  return entries.map((entry, i) => first.get(entry.docName)! + places[i]! - 1)
}

/**
 * A document's compacted state and the updates logged after it, in order, read in one snapshot
 * of the database. Throws if the state does not match its checksum.
 */
export async function readDocumentPostgres(db: PostgresDb, docName: string): Promise<StoredDocument> {
  return db.kysely.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const stateRow = await trx.selectFrom('doc_states').select(['state', 'last_seq', 'state_sha256']).where('doc_name', '=', docName).executeTakeFirst()
    if (stateRow?.state_sha256 && sha256(stateRow.state) !== stateRow.state_sha256) throw new Error(`the stored state of ${docName} does not match its checksum`)
    const after = Number(stateRow?.last_seq ?? 0)
    const rows = await trx.selectFrom('doc_log').select(['seq', 'data']).where('doc_name', '=', docName).where('seq', '>', after).orderBy('seq').execute()
    return {
      state: stateRow?.state ?? null,
      stateVerified: Boolean(stateRow?.state_sha256),
      updates: rows.map((r) => r.data),
      lastSeq: rows.length > 0 ? Number(rows.at(-1)!.seq) : after,
    }
  })
}

/** The updates of a document numbered after `afterSeq`, in order (what a process missed). */
export async function updatesAfter(db: PostgresDb, docName: string, afterSeq: number): Promise<NumberedUpdate[]> {
  const rows = await db.kysely.selectFrom('doc_log').select(['seq', 'data']).where('doc_name', '=', docName).where('seq', '>', afterSeq).orderBy('seq').execute()
  return rows.map((r) => ({ seq: Number(r.seq), data: r.data }))
}

/**
 * Folds a document's log into its state: reads the state and the log in the transaction, asks
 * `merge` for the state covering both, stores it and deletes the rows it covers — all in one
 * transaction holding the document's advisory lock. Answers false, doing nothing, when another
 * process is compacting the document right now (its compaction covers the same rows).
 */
export async function compactLocked(db: PostgresDb, docName: string, merge: (stored: StoredDocument) => Uint8Array, now: number): Promise<boolean> {
  return db.kysely.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(hashtext(${`ficha.compact:${docName}`})) as locked`.execute(trx)
    if (!rows[0]?.locked) return false
    const stateRow = await trx.selectFrom('doc_states').select(['state', 'last_seq', 'state_sha256']).where('doc_name', '=', docName).executeTakeFirst()
    if (stateRow?.state_sha256 && sha256(stateRow.state) !== stateRow.state_sha256) throw new Error(`the stored state of ${docName} does not match its checksum`)
    const after = Number(stateRow?.last_seq ?? 0)
    const log = await trx.selectFrom('doc_log').select(['seq', 'data']).where('doc_name', '=', docName).where('seq', '>', after).orderBy('seq').execute()
    if (log.length === 0) return true
    const upToSeq = Number(log.at(-1)!.seq)
    const state = merge({ state: stateRow?.state ?? null, stateVerified: Boolean(stateRow?.state_sha256), updates: log.map((r) => r.data), lastSeq: upToSeq })
    const row = { state, last_seq: upToSeq, state_sha256: sha256(state), updated_at: now }
    await trx.insertInto('doc_states').values({ doc_name: docName, ...row }).onConflict((oc) => oc.column('doc_name').doUpdateSet(row)).execute()
    await trx.deleteFrom('doc_log').where('doc_name', '=', docName).where('seq', '<=', upToSeq).execute()
    return true
  })
}
