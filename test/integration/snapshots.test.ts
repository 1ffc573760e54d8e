import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { paragraphsJSON, setNarrativeFromProsemirrorJSON } from '../../shared/richtext/render.js'
import { addRow, getField, listRows, removeRow, setCell, setField, sheetNarrative } from '../../shared/sheet/layout.js'
import { buildPeruSheet, PERU_ROW_IDS } from '../fixtures/peru-sheet.js'
import { connectClient, waitUntil, type Client } from '../support/clients.js'
import { startTestServer, type TestServer } from '../support/server.js'
import { as, jsonBody, makeUser, type TestUser } from '../support/users.js'

const P = 'SNAP-1'

describe('semester snapshots, history, compare, restore and period locks', () => {
  let server: TestServer
  let coordinator: TestUser
  const clients: Client[] = []
  const connect = (token: string) => {
    const client = connectClient({ syncUrl: server.syncUrl, token }, P)
    clients.push(client)
    return client
  }
  const live = () => server.registry.get(P)!.doc
  const snapshot = async (id: string) => (await server.api(`/api/snapshots/${id}`)).json()

  beforeAll(async () => {
    server = await startTestServer()
    await server.api('/api/programmes', jsonBody({ code: P, title: 'Snap', country: 'Peru' }))
    coordinator = await makeUser(server, { programme: P, programmeRole: 'coordinator' })
    const editor = connect(server.token)
    await editor.synced()
    buildPeruSheet(editor.doc)
    await waitUntil(() => listRows(live(), 'missions').length === 3, 'the sheet at the server')
  })
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy()
  })
  afterAll(() => server.stop(true))

  it('freezes a semester byte-identically while the live sheet moves on; one per period unless superseding', async () => {
    expect((await as(server, coordinator, `/api/programmes/${P}/snapshots`, jsonBody({ period: '2011-1' }))).status).toBe(403)
    const created = await server.api(`/api/programmes/${P}/snapshots`, jsonBody({ period: '2011-1', label: 'Informe julio 2011', note: 'Cierre del semestre' }))
    expect(created.status).toBe(201)
    const { snapshot: taken } = await created.json()
    const first = await snapshot(taken.id)
    expect(first.snapshot.sheet.budget.total).toBe(5000000)

    const editor = connect(server.token)
    await editor.synced()
    setField(editor.doc, 'budget.total', '5100000')
    await waitUntil(() => getField(live(), 'budget.total') === '5100000', 'the live change')
    expect(await snapshot(taken.id)).toEqual(first)

    expect((await server.api(`/api/programmes/${P}/snapshots`, jsonBody({ period: '2011-1' }))).status).toBe(409)
    const second = await (await server.api(`/api/programmes/${P}/snapshots`, jsonBody({ period: '2011-1', label: 'corregido', supersede: true }))).json()
    const list = await (await as(server, coordinator, `/api/programmes/${P}/snapshots`)).json()
    expect(list.semesters.map((s: { id: string; supersededBy: string | null }) => [s.id, s.supersededBy])).toEqual([
      [second.snapshot.id, null],
      [taken.id, second.snapshot.id],
    ])
    expect(list.lockedPeriods).toEqual(['2011-1'])

    // Exports of a snapshot, in every format.
    for (const format of ['json', 'html', 'docx', 'csv']) expect((await server.api(`/api/snapshots/${taken.id}/export?format=${format}`)).status).toBe(200)
    // A changed byte is caught when read, never served as the snapshot.
    server.db.sqlite.prepare("update snapshots set sheet_json = replace(sheet_json, '5000000', '5000001') where id = ?").run(taken.id)
    const corrupt = await server.api(`/api/snapshots/${taken.id}`)
    expect(corrupt.status).toBe(500)
    expect((await corrupt.json()).error.code).toBe('snapshot_corrupt')
  })

  it('compares versions: values old → new, narratives word by word, rows added, removed, changed and moved', async () => {
    const before = (await (await server.api(`/api/programmes/${P}/snapshots`, jsonBody({ period: '2010-2', label: 'antes' }))).json()).snapshot.id
    const editor = connect(server.token)
    await editor.synced()
    const doc = editor.doc
    setField(doc, 'dates.end', '2013-06-15')
    setNarrativeFromProsemirrorJSON(sheetNarrative(doc, 'gender'), paragraphsJSON('Tan solo se menciona como uno de los cinco enfoques de la estrategia.'))
    const regions = listRows(doc, 'regions')
    const cusco = regions[1]!
    removeRow(doc, 'regions', regions[0]!.id)
    const moved = cusco.id
    const name = String(cusco.row.get('name'))
    removeRow(doc, 'regions', moved)
    addRow(doc, 'regions', { name }, { id: moved, index: 2 })
    addRow(doc, 'regions', { name: 'Huancavelica' })
    setCell(doc, 'finance', PERU_ROW_IDS.finance[3], 'committed', '1300000')
    await waitUntil(() => listRows(live(), 'regions').some((r) => r.row.get('name') === 'Huancavelica'), 'the edits at the server')

    const diff = await (await as(server, coordinator, `/api/programmes/${P}/diff?from=${before}&to=now`)).json()
    const section = (id: string) => diff.sections.find((s: { id: string }) => s.id === id)
    expect(section('dates').changes).toEqual([{ kind: 'value', field: 'dates.end', from: '2012-12-15', to: '2013-06-15' }])
    const gender = section('assessment').changes.find((c: { field: string }) => c.field === 'text:gender')
    const runs = gender.blocks.flatMap((b: { runs: { op: string; text: string }[] }) => b.runs)
    expect(runs.filter((r: { op: string }) => r.op !== 'equal').map((r: { op: string; text: string }) => [r.op, r.text.trim()])).toEqual(
      expect.arrayContaining([['insert', 'cinco'], ['delete', '5']]),
    )
    const kinds = section('geography').changes.map((c: { kind: string }) => c.kind).sort()
    expect(kinds).toEqual(['row-added', 'row-moved', 'row-removed'])
    expect(section('finance').changes).toEqual([
      expect.objectContaining({ kind: 'row-changed', rowId: PERU_ROW_IDS.finance[3], cells: [expect.objectContaining({ column: 'committed' })] }),
    ])
    expect(section('summary').changed).toBe(false)
  })

  it('restores a section forward: connected editors see it, concurrent edits merge, the audit log records it', async () => {
    const list = await (await server.api(`/api/programmes/${P}/snapshots`)).json()
    const from = list.semesters.find((s: { period: string }) => s.period === '2010-2').id
    const watcher = connect(coordinator.token)
    await watcher.synced()
    expect(getField(watcher.doc, 'dates.end')).toBe('2013-06-15')
    setField(watcher.doc, 'contacts.rco.name', 'María Eugenia Mujica')
    const restored = await server.api(`/api/snapshots/${from}/restore`, jsonBody({ sections: ['dates', 'geography'] }))
    expect(restored.status).toBe(200)
    await waitUntil(() => getField(watcher.doc, 'dates.end') === '2012-12-15', 'the restored date at the watcher')
    expect(listRows(watcher.doc, 'regions').map((r) => r.row.get('name'))).toEqual(['Ayacucho', 'Cusco', 'Lambayeque', 'Puno'])
    expect(getField(live(), 'contacts.rco.name')).toBe('María Eugenia Mujica')
    expect(getField(live(), 'dates.end')).toBe('2012-12-15')
    expect((await as(server, coordinator, `/api/snapshots/${from}/restore`, jsonBody({})))).toMatchObject({ status: 403 })
    const audit = (await (await server.api(`/api/programmes/${P}/audit`)).json()).entries
    const restore = audit.find((e: { field: string }) => e.field === 'restore')
    expect(restore.detail).toEqual({ kind: 'restore', snapshotId: from, label: expect.any(String), takenAt: expect.any(String), sections: ['dates', 'geography'] })
    // The fields it changed, with their new value, attributed to the person who restored (here the
    // same burst as their edits above, so it runs from before the sheet had a date). Written every 2 s.
    await expect.poll(async () => (await (await server.api(`/api/programmes/${P}/audit`)).json()).entries.find((e: { field: string; user: { id: string } | null }) => e.field === 'dates.end' && e.user !== null)?.detail, { timeout: 10_000 })
      .toEqual({ kind: 'value', from: null, to: '2012-12-15' })
  })

  it("a locked period's financial row holds against a coordinator's socket edit until the secretariat unlocks it, with a reason", async () => {
    const row = PERU_ROW_IDS.finance[2] // 2010-2, snapshotted above
    const coordinatorClient = connect(coordinator.token)
    await coordinatorClient.synced()
    const stored = () => live().getArray<Y.Map<string>>('list:finance').toArray().find((r) => r.get('id') === row)!.get('transferred')
    const before = stored()
    setCell(coordinatorClient.doc, 'finance', row, 'transferred', '7777777')
    // 2010-1 is not locked: that edit goes through.
    setCell(coordinatorClient.doc, 'finance', PERU_ROW_IDS.finance[1], 'disbursed', '90000')
    await waitUntil(() => listRows(live(), 'finance').some((r) => r.row.get('disbursed') === '90000'), 'the open period edit')
    expect(stored()).toBe(before)
    expect(server.logs.events('connection.update_amended').some((l) => l.reason === 'a locked financial period')).toBe(true)
    // The forbidden figure was never stored (nor, so, sent to anyone): it is collected before encoding.
    const logged = server.db.sqlite.prepare('select data from doc_log where doc_name = ?').all(P) as { data: Buffer }[]
    expect(logged.some((r) => r.data.includes('7777777'))).toBe(false)
    // The author's own replica is put back too.
    await waitUntil(() => listRows(coordinatorClient.doc, 'finance').find((r) => r.id === row)!.row.get('transferred') === before, 'the revert at the author')

    // An import by the coordinator cannot change it either.
    const exported = await (await server.api(`/api/programmes/${P}/export?format=json`)).json()
    exported.finance.rows.find((r: { id: string }) => r.id === row).transferred.amount = 8888888
    exported.identity.country = 'Perú (importado)'
    const imported = await as(server, coordinator, `/api/import?code=${P}`, { method: 'POST', body: JSON.stringify(exported) })
    expect(imported.status).toBe(200)
    expect(getField(live(), 'identity.country')).toBe('Perú (importado)')
    expect(stored()).toBe(before)

    expect((await as(server, coordinator, `/api/programmes/${P}/periods/2010-2/unlock`, jsonBody({ reason: 'x' }))).status).toBe(403)
    expect((await server.api(`/api/programmes/${P}/periods/2010-2/unlock`, jsonBody({}))).status).toBe(422)
    expect((await server.api(`/api/programmes/${P}/periods/2010-2/unlock`, jsonBody({ reason: 'Corrección del informe 2010-2 enviada por el PNUD' }))).status).toBe(200)
    const later = connect(coordinator.token)
    await later.synced()
    setCell(later.doc, 'finance', row, 'committed', '680000')
    await waitUntil(() => live().getArray<Y.Map<string>>('list:finance').toArray().find((r) => r.get('id') === row)!.get('committed') === '680000', 'the unlocked edit')
    const audit = (await (await server.api(`/api/programmes/${P}/audit`)).json()).entries
    expect(audit.find((e: { field: string }) => e.field === 'period:2010-2')).toMatchObject({ note: 'Corrección del informe 2010-2 enviada por el PNUD', detail: { kind: 'lock', period: '2010-2', locked: false } })
  })

  it('takes an automatic checkpoint when the last editor leaves', async () => {
    const count = async () => (await (await server.api(`/api/programmes/${P}/snapshots`)).json()).checkpoints.length
    const before = await count()
    const editor = connect(server.token)
    await editor.synced()
    setField(editor.doc, 'evaluation.evaluator', 'Juan Manuel Toledano Pérez')
    await waitUntil(() => getField(live(), 'evaluation.evaluator') === 'Juan Manuel Toledano Pérez', 'the edit')
    for (const c of clients.splice(0)) c.destroy()
    await waitUntil(() => server.registry.get(P)?.peers.size === 0, 'everyone gone')
    const latest = async () => {
      const list = (await (await server.api(`/api/programmes/${P}/snapshots`)).json()).checkpoints
      return list.length > before ? (await snapshot(list[0].id)).snapshot.sheet.evaluation.evaluator : null
    }
    let evaluator: string | null = null
    for (let i = 0; i < 50 && evaluator !== 'Juan Manuel Toledano Pérez'; i++) {
      await new Promise((r) => setTimeout(r, 100))
      evaluator = await latest()
    }
    expect(evaluator).toBe('Juan Manuel Toledano Pérez')
    expect(await count()).toBeGreaterThan(before)

    // A change undone before the editor leaves: the sheet reads as its latest checkpoint, no new one.
    const taken = await count()
    const again = connect(server.token)
    await again.synced()
    setField(again.doc, 'evaluation.evaluator', 'Otra persona')
    setField(again.doc, 'evaluation.evaluator', 'Juan Manuel Toledano Pérez')
    const clock = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc)).get(again.doc.clientID)
    await waitUntil(() => clock(live()) === clock(again.doc), 'both changes at the server')
    const unchanged = server.logs.events('checkpoint.unchanged').length
    again.destroy()
    await waitUntil(() => server.logs.events('checkpoint.unchanged').length > unchanged, 'the checkpoint declined')
    expect(await count()).toBe(taken)
  })
})
