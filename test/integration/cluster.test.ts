import { sql } from 'kysely'
import { createClient } from 'redis'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgres, type PostgresDb } from '../../db/connection.js'
import { appendNumbered } from '../../db/repositories/document-log-postgres.js'
import { getField, listRows, setCell, setField } from '../../shared/sheet/layout.js'
import { buildPeruSheet, PERU_ROW_IDS } from '../fixtures/peru-sheet.js'
import { connectClient, openEvents, waitUntil, type Client } from '../support/clients.js'
import { createProgramme, processHarness, type ServerProcess } from '../support/process.js'
import { storedDocPostgres } from '../support/stored.js'
import { HAS_SERVICES, startPostgres, startRedis, type TestPostgres, type TestRedis } from '../support/services.js'
import { TEST_ADMIN } from '../support/server.js'
import { createToken, jsonBody, makeUser, signIn } from '../support/users.js'

/** The text every client writes into, as one string. */
const text = (doc: Y.Doc) => doc.getText('t').toString()
const sorted = (value: string) => [...value].sort().join('')

describe.skipIf(!HAS_SERVICES)('several processes on PostgreSQL and Redis: any serves any sheet, nothing is lost', () => {
  let postgres: TestPostgres
  let redis: TestRedis
  let db: PostgresDb
  const harness = processHarness()

  beforeAll(async () => {
    ;[postgres, redis] = await Promise.all([startPostgres(), startRedis()])
    db = openPostgres(postgres.url)
  }, 60_000)
  afterAll(async () => {
    await db?.close()
    await redis?.stop()
    await postgres?.stop()
  })

  /** `n` processes on the one database; small compaction threshold, so that they compact one sheet often and at once. */
  const cluster = async (n: number): Promise<ServerProcess[]> => {
    const env = { DATABASE_URL: postgres.url, REDIS_URL: redis.url, COMPACT_AFTER_UPDATES: '25', DATA_DIR: harness.dataDir() }
    // The first creates the schema and the admin; the others start together.
    const first = await harness.spawn(env)
    return [first, ...(await Promise.all(Array.from({ length: n - 1 }, () => harness.spawn(env))))]
  }
  /** The sheet as PostgreSQL holds it: state and log. */
  const stored = (name: string) => storedDocPostgres(db, name)
  /** Each client types `count` characters of its own, a few milliseconds apart. */
  const burst = (clients: Client[], count: number, letters: string) =>
    Promise.all(clients.map(async (client, i) => {
      for (let k = 0; k < count; k++) {
        client.doc.getText('t').insert(0, letters[i]!)
        await new Promise((resolve) => setTimeout(resolve, 2))
      }
    }))

  it('three processes with an editor on each converge on one sheet, stored whole in PostgreSQL, while they compact it at once', async () => {
    const servers = await cluster(3)
    await createProgramme(servers[0]!, 'CLU-1')
    const clients = servers.map((server) => harness.connect(server, 'CLU-1'))
    await Promise.all(clients.map((c) => c.synced()))
    await burst(clients, 60, 'abc')
    const expected = sorted('a'.repeat(60) + 'b'.repeat(60) + 'c'.repeat(60))
    await waitUntil(() => clients.every((c) => sorted(text(c.doc)) === expected), 'every editor sees every edit', 20_000)
    expect(new Set(clients.map((c) => text(c.doc))).size).toBe(1)
    await expect.poll(async () => text(await stored('CLU-1')), { timeout: 10_000 }).toBe(text(clients[0]!.doc))
  })

  it('presence crosses processes: who is in which field, seen from another process, also by one that opens the sheet later, gone when they leave', async () => {
    const [a, b] = await cluster(2)
    await createProgramme(a!, 'CLU-7')
    const here = harness.connect(a!, 'CLU-7')
    const witness = harness.connect(a!, 'CLU-7')
    await Promise.all([here.synced(), witness.synced()])
    const focusOf = (client: Client) => () =>
      ([...client.provider.awareness.getStates().entries()].find(([id]) => id === here.doc.clientID)?.[1] as { focus?: string } | undefined)?.focus
    here.provider.awareness.setLocalStateField('focus', 'budget.total')
    await waitUntil(() => focusOf(witness)() === 'budget.total', 'the presence on A')
    // B loads the sheet only now, after the presence was published: it asks A for it, and does
    // not wait for the client's renewal (every 15 s).
    const there = harness.connect(b!, 'CLU-7')
    await there.synced()
    const seen = focusOf(there)
    await waitUntil(() => seen() === 'budget.total', 'the presence from A at B, which opened the sheet later', 5_000)
    here.provider.awareness.setLocalStateField('focus', 'text:summary')
    await waitUntil(() => seen() === 'text:summary', 'the changed presence at B')
    here.destroy()
    await waitUntil(() => seen() === undefined, 'the presence gone from B once its client left A', 10_000)
  })

  it('a late joiner on another process sees the edits in flight', async () => {
    const [a, b] = await cluster(2)
    await createProgramme(a!, 'CLU-2')
    const writer = harness.connect(a!, 'CLU-2')
    await writer.synced()
    const writing = burst([writer], 80, 'w')
    await new Promise((resolve) => setTimeout(resolve, 60))
    const late = harness.connect(b!, 'CLU-2')
    await late.synced()
    await writing
    await waitUntil(() => text(late.doc) === 'w'.repeat(80), 'the late joiner has every edit', 15_000)
  })

  it('kill -9 of one process mid-burst: everything anyone received is in PostgreSQL, and everyone, reconnected to the survivors, converges', async () => {
    const servers = await cluster(3)
    await createProgramme(servers[0]!, 'CLU-3')
    const clients = servers.map((server) => harness.connect(server, 'CLU-3'))
    await Promise.all(clients.map((c) => c.synced()))
    const writing = burst(clients, 80, 'xyz')
    await new Promise((resolve) => setTimeout(resolve, 100))
    servers[1]!.child.kill('SIGKILL')
    await servers[1]!.exited
    // What every editor has received from others by now (its own edits aside, which may still be
    // on their way) is already in the database: stored before anyone was sent it.
    const received = clients.map((c) => ({ own: c.doc.clientID, vector: Y.decodeStateVector(Y.encodeStateVector(c.doc)) }))
    const inDatabase = Y.decodeStateVector(Y.encodeStateVector(await stored('CLU-3')))
    for (const { own, vector } of received) {
      for (const [client, clock] of vector) if (client !== own) expect(inDatabase.get(client) ?? 0, `client ${client}`).toBeGreaterThanOrEqual(clock)
    }
    // The editor of the killed process keeps its document and reconnects to a survivor.
    const orphan = clients[1]!
    orphan.provider.destroy()
    const moved = harness.connect(servers[0]!, 'CLU-3', orphan.doc)
    await writing
    const all = [clients[0]!, moved, clients[2]!]
    const expected = sorted('x'.repeat(80) + 'y'.repeat(80) + 'z'.repeat(80))
    await waitUntil(() => all.every((c) => sorted(text(c.doc)) === expected), 'everyone converges', 20_000)
    await expect.poll(async () => text(await stored('CLU-3')), { timeout: 10_000 }).toBe(text(all[0]!.doc))
  })

  it('Redis restarted mid-burst: the gaps are filled from PostgreSQL and everyone converges', async () => {
    const servers = await cluster(2)
    await createProgramme(servers[0]!, 'CLU-4')
    const clients = servers.map((server) => harness.connect(server, 'CLU-4'))
    await Promise.all(clients.map((c) => c.synced()))
    const writing = burst(clients, 80, 'pq')
    await new Promise((resolve) => setTimeout(resolve, 80))
    await redis.kill()
    await new Promise((resolve) => setTimeout(resolve, 300))
    await redis.restart()
    await writing
    const expected = sorted('p'.repeat(80) + 'q'.repeat(80))
    await waitUntil(() => clients.every((c) => sorted(text(c.doc)) === expected), 'everyone converges after Redis came back', 20_000)
    await expect.poll(async () => sorted(text(await stored('CLU-4'))), { timeout: 10_000 }).toBe(expected)
  })

  it('a sign-out on one process closes that person\'s socket on another (4401)', async () => {
    const [a, b] = await cluster(2)
    await createProgramme(a!, 'CLU-5')
    const { cookie, csrfToken } = await signIn(a!, TEST_ADMIN.email, TEST_ADMIN.password)
    const { token, id } = await createToken(a!, { cookie, csrfToken }, 'socket')
    const socket = connectClient({ syncUrl: b!.syncUrl, token }, 'CLU-5')
    await socket.synced()
    const closed = new Promise<number>((resolve) => socket.provider.on('connection-close', (event: CloseEvent | null) => event && resolve(event.code)))
    // Revoked on A; the socket is on B.
    expect((await fetch(`${a!.url}/api/tokens/${id}`, { method: 'DELETE', headers: { cookie, 'x-csrf-token': csrfToken } })).status).toBe(200)
    expect(await closed).toBe(4401)
    socket.destroy()
  })

  it('REST writes, follow-up events, period locks and the audit log work across processes', async () => {
    const [a, b] = await cluster(2)
    await createProgramme(a!, 'CLU-6')
    // An editor on B; the secretariat's REST change on A (an import of our own JSON export) reaches it.
    const editor = harness.connect(b!, 'CLU-6')
    await editor.synced()
    const exported = await (await a!.api('/api/programmes/CLU-6/export?format=json')).json()
    exported.identity.title = 'Título importado en A'
    const imported = await a!.api('/api/import?code=CLU-6', jsonBody(exported))
    expect(imported.status).toBe(200)
    await waitUntil(() => editor.doc.getMap('fields').get('identity.title') === 'Título importado en A', 'the import on A at the editor on B')

    // A stream of events on B hears a thread opened on A.
    const stream = await openEvents(`${b!.url}/api/programmes/CLU-6/events`, { authorization: `Bearer ${b!.token}` })
    const opened = await (await a!.api('/api/programmes/CLU-6/threads', jsonBody({ anchor: { kind: 'field', field: 'dates.start' }, body: 'desde A' }))).json()
    await waitUntil(() => stream.received.includes(opened.thread.id), 'the thread event from A on B', 5_000)
    stream.close()

    // A period locked on A holds on B: the admin's own socket bypasses locks, so the lock is checked on B's lock list.
    expect((await a!.api('/api/programmes/CLU-6/snapshots', jsonBody({ period: '2010-1', label: 'S1' }))).status).toBe(201)
    await expect.poll(async () => (await (await b!.api('/api/programmes/CLU-6/snapshots')).json()).lockedPeriods, { timeout: 5_000 }).toEqual(['2010-1'])

    // The editor's change on B is in the audit log read on A, with who made it.
    editor.doc.getMap('fields').set('dates.end', '2013-06-15')
    await expect.poll(async () => (await (await a!.api('/api/programmes/CLU-6/audit')).json()).entries.find((e: { field: string }) => e.field === 'dates.end')?.detail, { timeout: 10_000 })
      .toMatchObject({ kind: 'value', to: '2013-06-15' })
  })

  it('history across processes: one checkpoint of what editors on two processes made, a period locked on A holds against a coordinator on B, a restore on B reaches A', async () => {
    const [a, b] = await cluster(2)
    const P = 'CLU-8'
    await createProgramme(a!, P)
    const coordinator = await makeUser(a!, { programme: P, programmeRole: 'coordinator' })
    const onA = harness.connect(a!, P)
    const onB = harness.connect(b!, P)
    await Promise.all([onA.synced(), onB.synced()])
    buildPeruSheet(onA.doc)
    await waitUntil(() => listRows(onB.doc, 'finance').length === PERU_ROW_IDS.finance.length, 'the sheet built on A at B')
    setField(onB.doc, 'evaluation.evaluator', 'Juan Manuel Toledano Pérez')
    await waitUntil(() => getField(onA.doc, 'evaluation.evaluator') === 'Juan Manuel Toledano Pérez', 'the edit on B at A')

    // Both editors leave at once: each process checkpoints what its own editor changed, and the
    // second finds the sheet as the first stored it (the sheet's creation has its own checkpoint).
    const checkpoints = async () => (await (await b!.api(`/api/programmes/${P}/snapshots`)).json()).checkpoints as { id: string }[]
    const earlier = (await checkpoints()).length
    const seen = [a!.lines.length, b!.lines.length]
    onA.destroy()
    onB.destroy()
    const decided = (server: ServerProcess, from: number) =>
      server.lines.slice(from).find((l) => l.doc === P && (l.event === 'checkpoint.taken' || l.event === 'checkpoint.unchanged'))?.event
    await waitUntil(() => Boolean(decided(a!, seen[0]!) && decided(b!, seen[1]!)), 'a checkpoint decision on each process')
    expect([decided(a!, seen[0]!), decided(b!, seen[1]!)].sort()).toEqual(['checkpoint.taken', 'checkpoint.unchanged'])
    const history = await checkpoints()
    expect(history).toHaveLength(earlier + 1)
    const checkpoint = (await (await b!.api(`/api/snapshots/${history[0]!.id}`)).json()).snapshot
    expect(checkpoint.sheet.evaluation.evaluator).toBe('Juan Manuel Toledano Pérez')
    expect(checkpoint.sheet.finance.rows).toHaveLength(PERU_ROW_IDS.finance.length)

    // A semester frozen on A locks its financial row on B too, against a coordinator's socket there.
    expect((await a!.api(`/api/programmes/${P}/snapshots`, jsonBody({ period: '2010-2' }))).status).toBe(201)
    await expect.poll(async () => (await (await b!.api(`/api/programmes/${P}/snapshots`)).json()).lockedPeriods, { timeout: 5_000 }).toEqual(['2010-2'])
    const watcher = harness.connect(a!, P)
    const editor = harness.connect({ ...b!, token: coordinator.token }, P)
    await Promise.all([watcher.synced(), editor.synced()])
    const cell = (doc: Y.Doc, id: string, column: string) => listRows(doc, 'finance').find((r) => r.id === id)!.row.get(column)
    const locked = PERU_ROW_IDS.finance[2]!
    const before = cell(editor.doc, locked, 'transferred')
    const sent: Uint8Array[] = []
    watcher.doc.on('update', (update: Uint8Array) => sent.push(update))
    setCell(editor.doc, 'finance', locked, 'transferred', '7777777')
    setCell(editor.doc, 'finance', PERU_ROW_IDS.finance[1]!, 'disbursed', '90000')
    await waitUntil(() => cell(watcher.doc, PERU_ROW_IDS.finance[1]!, 'disbursed') === '90000', 'the open period\'s edit on A')
    await waitUntil(() => cell(editor.doc, locked, 'transferred') === before, 'the locked figure put back at its author on B')
    expect(cell(watcher.doc, locked, 'transferred')).toBe(before)
    expect(sent.some((u) => Buffer.from(u).includes('7777777'))).toBe(false)
    expect(b!.lines.some((l) => l.event === 'connection.update_amended' && l.reason === 'a locked financial period')).toBe(true)

    // The checkpoint restored on B, its evaluation section only, reaches the editor on A.
    setField(watcher.doc, 'evaluation.evaluator', 'Otra persona')
    await waitUntil(() => getField(editor.doc, 'evaluation.evaluator') === 'Otra persona', 'the change on B')
    expect((await b!.api(`/api/snapshots/${checkpoint.id}/restore`, jsonBody({ sections: ['evaluation'] }))).status).toBe(200)
    await waitUntil(() => getField(watcher.doc, 'evaluation.evaluator') === 'Juan Manuel Toledano Pérez', 'the restore on B at the editor on A')
    expect(cell(watcher.doc, PERU_ROW_IDS.finance[1]!, 'disbursed')).toBe('90000')
  })

  it('updates that reach a stream out of order wait for the ones before them; one that never comes, or comes damaged, is read from PostgreSQL', async () => {
    const [a] = await cluster(1)
    const P = 'CLU-9'
    await createProgramme(a!, P)
    const reader = harness.connect(a!, P)
    await reader.synced()
    // Another process's updates, stored in PostgreSQL and added to the stream as it would.
    const writer = new Y.Doc()
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(reader.doc))
    const made: Uint8Array[] = []
    writer.on('update', (update: Uint8Array) => made.push(update))
    const redisClient = createClient({ url: redis.url })
    await redisClient.connect()
    const add = (seq: number, data: Uint8Array) =>
      redisClient.sendCommand(['XADD', `ficha:doc:${P}`, '*', 'seq', String(seq), 'from', 'another process', 'data', Buffer.from(data).toString('base64')])
    const store = async (letters: string) => {
      const from = made.length
      for (const letter of letters) writer.getText('t').insert(writer.getText('t').length, letter)
      const updates = made.slice(from)
      return { updates, seqs: await appendNumbered(db, updates.map((data) => ({ docName: P, data, userId: null })), Date.now()) }
    }
    const filled = () => a!.lines.filter((l) => l.event === 'fanout.filled' && l.doc === P && l.reason === 'gap').length
    try {
      const first = await store('ab')
      // Sent together (one connection keeps their order), so that no pause on a busy machine outlasts the wait.
      await Promise.all([add(first.seqs[1]!, first.updates[1]!), add(first.seqs[0]!, first.updates[0]!)])
      await waitUntil(() => text(reader.doc) === 'ab', 'both, the second held back until the first came')
      expect(filled()).toBe(0)

      const second = await store('cd')
      await add(second.seqs[1]!, second.updates[1]!)
      await waitUntil(() => text(reader.doc) === 'abcd', 'the one never added, read from the database')
      expect(filled()).toBe(1)

      // An entry damaged on its way: its copy in the database is applied instead, then the next one.
      const third = await store('ef')
      await Promise.all([add(third.seqs[0]!, new Uint8Array(12).fill(255)), add(third.seqs[1]!, third.updates[1]!)])
      await waitUntil(() => text(reader.doc) === 'abcdef', 'the damaged entry from the database, and the one after it')
      expect(a!.lines.some((l) => l.event === 'fanout.apply_failed' && l.doc === P)).toBe(true)
    } finally {
      await redisClient.quit()
    }
  })

  it('three processes started at once on an empty database load the example sheet once', async () => {
    await sql`create database seeding`.execute(db.kysely)
    const env = { DATABASE_URL: postgres.url.replace(/\/postgres$/, '/seeding'), REDIS_URL: redis.url, DATA_DIR: harness.dataDir(), SEED_EXAMPLE: '1' }
    const servers = await Promise.all([harness.spawn(env), harness.spawn(env), harness.spawn(env)])
    expect(servers.flatMap((server) => server.lines.filter((l) => l.event === 'example.imported'))).toHaveLength(1)
    const listed = (await (await servers[2]!.api('/api/programmes')).json()).programmes as { code: string }[]
    expect(listed.map((p) => p.code)).toEqual(['MDGF-2081'])
    // Imported once: each semester's financial row is there once.
    const rows = (await (await servers[1]!.api('/api/programmes/MDGF-2081')).json()).sheet.finance.rows as { period: string }[]
    expect(rows.length).toBeGreaterThan(0)
    expect(new Set(rows.map((r) => r.period)).size).toBe(rows.length)
  })
})
