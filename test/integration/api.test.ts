import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { paragraphsJSON, setNarrativeFromProsemirrorJSON } from '../../shared/richtext/render.js'
import { addRow, setCell, setField, sheetNarrative } from '../../shared/sheet/layout.js'
import type { SheetJson } from '../../shared/sheet/render.js'
import { buildPeruSheet } from '../fixtures/peru-sheet.js'
import { connectClient, waitUntil, type Client } from '../support/clients.js'
import { startTestServer } from '../support/server.js'

type Server = Awaited<ReturnType<typeof startTestServer>>

describe('REST API', () => {
  let server: Server
  const clients: Client[] = []
  const api = async (path: string, init: RequestInit = {}) => {
    const response = await server.api(`/api${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...init.headers },
    })
    return { status: response.status, headers: response.headers, body: (await response.json()) as any }
  }
  const create = (body: unknown) => api('/programmes', { method: 'POST', body: JSON.stringify(body) })
  const sheet = async (id: string): Promise<SheetJson> => (await api(`/programmes/${id}`)).body.sheet

  beforeAll(async () => {
    server = await startTestServer()
  })
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy()
  })
  afterAll(() => server.stop(true))

  it('creates a sheet from a title, country and code, and lists it', async () => {
    const created = await create({
      code: 'MDGF-2081',
      title: 'Industrias creativas inclusivas',
      country: 'Peru',
      window: 'development-private-sector',
      language: 'es',
    })
    expect(created.status).toBe(201)
    expect(created.headers.get('location')).toBe('/api/programmes/MDGF-2081')
    expect(created.body.programme).toMatchObject({ id: 'MDGF-2081', code: 'MDGF-2081', country: 'Peru' })

    const list = await api('/programmes')
    expect(list.status).toBe(200)
    expect(list.body.programmes.map((p: { id: string }) => p.id)).toContain('MDGF-2081')

    const got = await api('/programmes/MDGF-2081')
    expect(got.status).toBe(200)
    expect(got.body.programme.id).toBe('MDGF-2081')
    expect(got.body.sheet).toMatchObject({
      schemaVersion: 1,
      identity: {
        code: 'MDGF-2081',
        title: 'Industrias creativas inclusivas',
        country: 'Peru',
        window: 'development-private-sector',
        language: 'es',
      },
      budget: { currency: 'USD', total: null },
    })
  })

  it('answers errors as {error: {code, reason, params, message}} with the right status', async () => {
    await create({ code: 'DUP-1', title: 'One', country: 'Peru' })
    const duplicate = await create({ code: 'DUP-1', title: 'Two', country: 'Peru' })
    expect(duplicate.status).toBe(409)
    expect(duplicate.body.error).toEqual({
      code: 'conflict',
      reason: 'programme.exists',
      params: { code: 'DUP-1' },
      message: expect.stringContaining('DUP-1'),
    })

    const missing = await create({ code: 'X-1', country: 'Peru' })
    expect(missing.status).toBe(422)
    expect(missing.body.error.code).toBe('validation_failed')
    expect(missing.body.error.message).toContain('title')

    const badCode = await create({ code: 'no spaces/allowed', title: 't', country: 'c' })
    expect(badCode.status).toBe(422)
    const badWindow = await create({ code: 'W-1', title: 't', country: 'c', window: 'tourism' })
    expect(badWindow.status).toBe(422)
    expect(badWindow.body.error.message).toContain('window must be one of')

    const notJson = await api('/programmes', { method: 'POST', body: '{not json' })
    expect(notJson.status).toBe(400)
    expect(notJson.body.error.code).toBe('invalid_json')

    const unknown = await api('/programmes/NOPE')
    expect(unknown.status).toBe(404)
    expect(unknown.body.error).toEqual({
      code: 'not_found',
      reason: 'notFound.programme',
      params: { code: 'NOPE' },
      message: 'programme NOPE not found',
    })

    const noRoute = await api('/nothing-here')
    expect(noRoute.status).toBe(404)
    expect(noRoute.body.error.code).toBe('not_found')
  })

  it('two creations of one code at once: one 201, one 409', async () => {
    const results = await Promise.all([1, 2].map(() => create({ code: 'RACE-1', title: 't', country: 'c' })))
    expect(results.map((r) => r.status).sort()).toEqual([201, 409])
  })

  it('renders the sheet from the live document, reflecting edits made over the socket', async () => {
    await create({ code: 'LIVE-1', title: 'Live', country: 'Peru' })
    const editor = connectClient(server, 'LIVE-1')
    clients.push(editor)
    await editor.synced()
    const doc = editor.doc

    setField(doc, 'budget.total', '5000000')
    const row = addRow(doc, 'finance', {
      period: '2011-1',
      total: '5000000',
      transferred: '1429667',
      committed: '1251038',
      disbursed: '1015309',
    })
    setNarrativeFromProsemirrorJSON(sheetNarrative(doc, 'summary'), paragraphsJSON('Aliviar la pobreza & <crear> empleo'))
    // Edits travel in order on one socket: once the last is at the server, all are.
    const atServer = () => server.registry.get('LIVE-1')!.doc
    await waitUntil(() => atServer().getXmlFragment('text:summary').length > 0, 'the edits at the server')

    let json = await sheet('LIVE-1')
    expect(json.budget.total).toBe(5000000)
    expect(json.finance.rows).toEqual([
      {
        id: row,
        period: '2011-1',
        total: 5000000,
        transferred: { amount: 1429667, percent: 28.59 },
        committed: { amount: 1251038, percent: 25.02 },
        disbursed: { amount: 1015309, percent: 20.31 },
      },
    ])
    expect(json.summary.narrative.text).toBe('Aliviar la pobreza & <crear> empleo')
    expect(json.summary.narrative.html).toBe('<p>Aliviar la pobreza &amp; &lt;crear&gt; empleo</p>')

    // An invalid figure is stored as typed and flagged beside its cell.
    setCell(doc, 'finance', row, 'disbursed', '1.015.309,0O')
    const cell = () => atServer().getArray<any>('list:finance').get(0).get('disbursed')
    await waitUntil(() => cell() === '1.015.309,0O', 'the cell at the server')
    json = await sheet('LIVE-1')
    expect(json.finance.rows[0]!.disbursed.amount).toBeNull()
    expect(json.warnings).toContainEqual(
      expect.objectContaining({ code: 'invalid-value', field: `list:finance/${row}/disbursed` }),
    )
  })

  it('renders the real Peru sheet written by a remote editor: exact money, derived percentages, one warning', async () => {
    await create({ code: 'PERU-1', title: 'placeholder', country: 'Peru' })
    const editor = connectClient(server, 'PERU-1')
    clients.push(editor)
    await editor.synced()
    buildPeruSheet(editor.doc)
    await waitUntil(
      () => server.registry.get('PERU-1')!.doc.getArray('list:missions').length === 3,
      'the whole sheet at the server',
    )
    const json = await sheet('PERU-1')
    expect(json.budget).toMatchObject({ total: 5000000, agencySum: 5000000 })
    expect(json.budget.agencyBudgets.map((a) => a.agency)).toEqual(['UNESCO', 'UNWTO', 'UNIDO', 'UNDP', 'ILO', 'FAO'])
    expect(json.disbursements).toMatchObject({ sum: 3472141, percentOfTotal: 69.44 })
    expect(json.finance.rows.map((r) => [r.period, r.transferred.percent, r.committed.percent, r.disbursed.percent])).toEqual([
      ['2009-2', 28.59, 0, 0],
      ['2010-1', 28.59, 2.17, 1.68],
      ['2010-2', 28.2, 13.59, 9.01],
      ['2011-1', 28.59, 25.02, 20.31],
    ])
    // The real 2010-2 dip of transferred is kept as reported and flagged; nothing else is.
    expect(json.warnings.map((w) => w.code)).toEqual(['cumulative-decrease'])
    const dip = json.finance.rows.find((r) => r.period === '2010-2')!
    expect(json.warnings[0]!.field).toBe(`list:finance/${dip.id}/transferred`)
    // The list shows its figures live while the sheet is loaded.
    const listed = (await api('/programmes')).body.programmes.find((p: { id: string }) => p.id === 'PERU-1')
    expect(listed.summary).toMatchObject({
      status: 'delayed',
      total: 5000000,
      warnings: 1,
      latest: { period: '2011-1', transferred: 28.59, committed: 25.02, disbursed: 20.31 },
    })
    expect(listed.summary.periods).toHaveLength(4)
    expect(json.missions.rows.map((m) => [m.month, m.members])).toEqual([
      ['2009-04', ['JAG', 'PFP']],
      ['2010-10', ['PFP']],
      ['2010-11', ['JAG', 'PFP']],
    ])
  })
})
