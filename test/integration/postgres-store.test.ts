import { spawn } from 'node:child_process'
import * as Y from 'yjs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgres, type PostgresDb } from '../../db/connection.js'
import { migrateDown, migrateToLatest } from '../../db/migrate.js'
import { insertAuditNote, listAuditEntries } from '../../db/repositories/audit.js'
import { appendNumbered, compactLocked, readDocumentPostgres, updatesAfter } from '../../db/repositories/document-log-postgres.js'
import { listMembers, upsertMembership } from '../../db/repositories/memberships.js'
import { findProgramme, insertProgramme } from '../../db/repositories/programmes.js'
import { lockedPeriods, setPeriodLock } from '../../db/repositories/snapshots.js'
import { findUserByEmail, insertUser } from '../../db/repositories/users.js'
import type { StoredDocument } from '../../db/repositories/documents.js'
import { PostgresCommits } from '../../server/cluster/postgres-commits.js'
import type { Committer } from '../../server/collab/commit-queue.js'
import type { LogEntry } from '../../server/collab/types.js'
import { createLogger } from '../../server/log.js'
import { Metrics } from '../../server/metrics.js'
import { HAS_SERVICES, startPostgres, type TestPostgres } from '../support/services.js'

/** The updates of `edits` single-character inserts by one client, as Yjs encodes them. */
function edits(count: number, client: string): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  for (let i = 0; i < count; i++) doc.getText('t').insert(0, client)
  return updates
}

/** The text a stored document holds once built. */
function built(stored: StoredDocument): string {
  const doc = new Y.Doc()
  Y.transact(doc, () => {
    if (stored.state) Y.applyUpdate(doc, stored.state)
    for (const update of stored.updates) Y.applyUpdate(doc, update)
  })
  return doc.getText('t').toString()
}

const merge = (stored: StoredDocument) => {
  const doc = new Y.Doc()
  if (stored.state) Y.applyUpdate(doc, stored.state)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  return Y.encodeStateAsUpdate(doc)
}

const sorted = (text: string) => [...text].sort().join('')

describe.skipIf(!HAS_SERVICES)('PostgreSQL: the same migrations and repositories, and a document log several processes share', () => {
  let postgres: TestPostgres
  // Two pools: two server processes on one database.
  let a: PostgresDb
  let b: PostgresDb

  beforeAll(async () => {
    postgres = await startPostgres()
    a = openPostgres(postgres.url)
    b = openPostgres(postgres.url)
  }, 60_000)
  afterAll(async () => {
    await a?.close()
    await b?.close()
    await postgres?.stop()
  })

  it('applies every migration, reverts them one by one to nothing, and applies them again', async () => {
    const tables = async () =>
      (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely%' order by 1`.execute(a.kysely)).rows.map((r) => r.name)
    const applied = await migrateToLatest(a.kysely)
    const latest = await tables()
    expect(latest).toEqual(expect.arrayContaining(['doc_heads', 'doc_log', 'doc_states', 'programmes', 'users', 'audit_entries', 'snapshots']))
    for (let i = 0; i < applied.results!.length; i++) await migrateDown(a.kysely)
    expect(await tables()).toEqual([])
    await migrateToLatest(a.kysely)
    expect(await tables()).toEqual(latest)
  })

  it('runs the repositories unchanged: programmes, accounts, memberships, locks and the audit log', async () => {
    const now = Date.now()
    await insertProgramme(a, { id: 'PER-1', code: 'PER-1', title: 'Industrias creativas', country: 'Perú', summary: null, created_at: now, updated_at: now })
    expect(await findProgramme(b, 'PER-1')).toMatchObject({ id: 'PER-1', title: 'Industrias creativas', created_at: now })
    await insertUser(a, { id: 'u1', email: 'ana@example.org', name: 'Ana', role: null, password_hash: 'x' }, now)
    expect((await findUserByEmail(b, 'ana@example.org'))?.id).toBe('u1')
    await upsertMembership(a, 'PER-1', 'u1', 'coordinator', now)
    await upsertMembership(b, 'PER-1', 'u1', 'evaluator', now)
    expect((await listMembers(a, 'PER-1')).map((m) => [m.user_id, m.role])).toEqual([['u1', 'evaluator']])
    await setPeriodLock(a, 'PER-1', '2011-1', true, 'u1', 'semestre', now)
    expect(await lockedPeriods(b, 'PER-1')).toEqual(['2011-1'])
    await insertAuditNote(a, { doc_name: 'PER-1', user_id: 'u1', field: 'period:2011-1', note: 'semestre', detail: { kind: 'lock', period: '2011-1', locked: true } }, now)
    expect(await listAuditEntries(b, 'PER-1', { limit: 10 })).toEqual([expect.objectContaining({ field: 'period:2011-1', user_name: 'Ana', first_at: now, changes: 1 })])
  })

  it('numbers the updates two processes store at once without a gap or a duplicate, and reads them back in order', async () => {
    const fromA = edits(120, 'a')
    const fromB = edits(120, 'b')
    const store = (db: PostgresDb, updates: Uint8Array[]) =>
      Promise.all(Array.from({ length: updates.length / 4 }, (_, i) => appendNumbered(db, updates.slice(i * 4, i * 4 + 4).map((data) => ({ docName: 'D1', data, userId: null })), Date.now())))
    const [seqsA, seqsB] = await Promise.all([store(a, fromA), store(b, fromB)])
    const all = [...seqsA.flat(), ...seqsB.flat()].sort((x, y) => x - y)
    expect(all).toEqual(Array.from({ length: 240 }, (_, i) => i + 1))
    // Each batch got consecutive numbers: one process's updates keep their order.
    for (const batch of [...seqsA, ...seqsB]) expect(batch).toEqual([batch[0], batch[0]! + 1, batch[0]! + 2, batch[0]! + 3])
    const stored = await readDocumentPostgres(b, 'D1')
    expect(stored.lastSeq).toBe(240)
    expect(sorted(built(stored))).toBe(sorted('a'.repeat(120) + 'b'.repeat(120)))
    expect((await updatesAfter(a, 'D1', 236)).map((u) => u.seq)).toEqual([237, 238, 239, 240])
    // A statement refused (a row that breaks a constraint) bumps no head: the next number follows.
    await expect(appendNumbered(a, [{ docName: 'D1', data: null as unknown as Uint8Array, userId: null }], Date.now())).rejects.toThrow()
    expect(await appendNumbered(a, [{ docName: 'D1', data: fromA[0]!, userId: null }], Date.now())).toEqual([241])
  })

  it('numbers the rows of several sheets stored in one statement, each sheet after its own head, while another process stores the same sheets in the other order', async () => {
    const entry = (docName: string, letter: string) => ({ docName, data: edits(1, letter)[0]!, userId: null })
    expect(await appendNumbered(a, [entry('M1', 'x'), entry('M2', 'y'), entry('M1', 'x'), entry('M2', 'y'), entry('M1', 'x')], Date.now())).toEqual([1, 1, 2, 2, 3])
    // Both hold the heads of M1…M4 at once, listed in opposite orders: the heads are locked in name order, so neither waits for the other forever.
    const names = ['M1', 'M2', 'M3', 'M4']
    const batches = (db: PostgresDb, order: string[]) => Promise.all(Array.from({ length: 30 }, () => appendNumbered(db, order.flatMap((name) => [entry(name, 'z'), entry(name, 'z')]), Date.now())))
    await Promise.all([batches(a, names), batches(b, [...names].reverse())])
    for (const name of names) {
      const stored = await readDocumentPostgres(b, name)
      const expected = (name === 'M1' ? 3 : name === 'M2' ? 2 : 0) + 120
      expect(stored.lastSeq, name).toBe(expected)
      expect((await updatesAfter(a, name, 0)).map((u) => u.seq), name).toEqual(Array.from({ length: expected }, (_, i) => i + 1))
    }
  })

  it('commits the sheets waiting together in one statement, and when the database refuses one sheet\'s rows, commits the others and fails only that one', async () => {
    await sql`create function refuse_sheet() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`.execute(a.kysely)
    await sql`create trigger refuse_sheet before insert on doc_log for each row when (new.doc_name = 'REFUSED') execute function refuse_sheet()`.execute(a.kysely)
    try {
      const outcome = new Map<string, number[] | 'failed'>()
      /** A sheet with `count` updates waiting, recording what becomes of them (a LiveDocument's side of the queue). */
      const sheet = (docName: string, count: number): Committer => {
        let pending: LogEntry[] = edits(count, 's').map((data) => ({ docName, seq: 0, data, userId: null }))
        return {
          takePending: () => pending.splice(0),
          committed: (entries) => outcome.set(docName, entries.map((e) => e.seq)),
          commitFailed: () => outcome.set(docName, 'failed'),
        }
      }
      const published: LogEntry[][] = []
      const commits = new PostgresCommits(a, (entries) => published.push([...entries]), createLogger('error', () => {}), new Metrics())
      for (const [name, count] of [['C1', 2], ['C2', 3]] as const) commits.enqueue(sheet(name, count))
      await commits.settled()
      expect(outcome).toEqual(new Map([['C1', [1, 2]], ['C2', [1, 2, 3]]]))
      // One statement: what it stored is handed on at once, to be published.
      expect(published.map((batch) => batch.map((e) => `${e.docName}:${e.seq}`))).toEqual([['C1:1', 'C1:2', 'C2:1', 'C2:2', 'C2:3']])
      for (const [name, count] of [['C1', 1], ['REFUSED', 2], ['C2', 1]] as const) commits.enqueue(sheet(name, count))
      await commits.settled()
      expect(outcome.get('C1')).toEqual([3])
      expect(outcome.get('C2')).toEqual([4])
      expect(outcome.get('REFUSED')).toBe('failed')
      expect((await readDocumentPostgres(a, 'REFUSED')).lastSeq).toBe(0)
    } finally {
      await sql`drop trigger refuse_sheet on doc_log`.execute(a.kysely)
      await sql`drop function refuse_sheet`.execute(a.kysely)
    }
  })

  it('compacts safely when two processes compact one document at once while a third keeps writing', async () => {
    const writes = edits(200, 'c')
    let written = 0
    const writing = (async () => {
      while (written < writes.length) {
        await appendNumbered(a, [{ docName: 'D2', data: writes[written]!, userId: null }], Date.now())
        written++
      }
    })()
    const compactions: boolean[] = []
    while (written < writes.length) compactions.push(...(await Promise.all([compactLocked(a, 'D2', merge, Date.now()), compactLocked(b, 'D2', merge, Date.now())])))
    await writing
    // Sometimes one of the two found the other at work and stood back; never both.
    expect(compactions.filter(Boolean).length).toBeGreaterThanOrEqual(compactions.length / 2)
    const stored = await readDocumentPostgres(b, 'D2')
    expect(built(stored)).toBe('c'.repeat(200))
    expect(stored.lastSeq).toBe(200)
    await compactLocked(a, 'D2', merge, Date.now())
    const after = await readDocumentPostgres(a, 'D2')
    expect(after.updates).toEqual([])
    expect(built(after)).toBe('c'.repeat(200))
  })

  it('leaves the state and the log as they were when a process is killed inside a compaction, and frees the lock', async () => {
    const writes = edits(30, 'k')
    for (const data of writes) await appendNumbered(a, [{ docName: 'D3', data, userId: null }], Date.now())
    // A separate process takes the lock, deletes the log rows, and is killed before it commits.
    const child = spawn(process.execPath, ['--input-type=module', '-e', `
      import pg from 'pg'
      const client = new pg.Client(${JSON.stringify(postgres.url)})
      await client.connect()
      await client.query('begin')
      await client.query("select pg_advisory_xact_lock(hashtext('ficha.compact:D3'))")
      await client.query("delete from doc_log where doc_name = 'D3'")
      console.log('inside')
      setInterval(() => {}, 1000)
    `], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] })
    await new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('inside') && resolve()))
    // While it holds the lock, nobody else compacts the document.
    expect(await compactLocked(b, 'D3', merge, Date.now())).toBe(false)
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))
    const untouched = await readDocumentPostgres(b, 'D3')
    expect(untouched.updates).toHaveLength(30)
    expect(built(untouched)).toBe('k'.repeat(30))
    // PostgreSQL frees the lock with the dead connection: the next compaction goes through.
    await expect.poll(() => compactLocked(b, 'D3', merge, Date.now()), { timeout: 10_000 }).toBe(true)
    const compacted = await readDocumentPostgres(a, 'D3')
    expect(compacted.updates).toEqual([])
    expect(built(compacted)).toBe('k'.repeat(30))
  })
})
