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

/** An update to store; its number is given by the database. */
export interface NewUpdate {
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
 * The append, as one statement: bumps the document's head by the number of rows and inserts them
 * after it, answering the first number. A named (prepared) statement: PostgreSQL plans it once per
 * connection instead of on every edit, which halves its round trip (measured on this machine:
 * 0.26–0.33 ms against 0.59–0.84 ms at p50, 0.9–1.2 against 1.8–2.9 ms at p99). Kysely has no
 * prepared statements, hence the pool's own query here.
 */
const APPEND = {
  name: 'ficha_append_numbered',
  text: `with head as (
      insert into doc_heads (doc_name, head) values ($1, $2)
      on conflict (doc_name) do update set head = doc_heads.head + excluded.head
      returning head
    ), inserted as (
      insert into doc_log (doc_name, seq, data, created_at, user_id)
      select $1, head.head - $2 + row.n, row.data, $3, row.user_id
      from head, unnest($4::bytea[], $5::text[]) with ordinality as row(data, user_id, n)
      returning seq
    )
    select min(seq)::bigint as first from inserted`,
}

/**
 * Stores `updates` of document `docName`, all or none, and answers their numbers in order:
 * consecutive, after the document's head. One statement, so one round trip and no transaction to
 * open or close.
 */
export async function appendNumbered(db: PostgresDb, docName: string, updates: NewUpdate[], now: number): Promise<number[]> {
  if (updates.length === 0) return []
  const values = [docName, updates.length, now, updates.map((r) => r.data), updates.map((r) => r.userId)]
  const { rows } = await db.pool.query<{ first: string }>({ ...APPEND, values })
  const first = Number(rows[0]!.first)
  return updates.map((_, i) => first + i)
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
