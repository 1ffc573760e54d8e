import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { sheetFields, sheetList } from '../../shared/sheet/layout.js'
import { connectClient, type Client } from '../support/clients.js'
import { startTestServer, type TestServer } from '../support/server.js'

// Issue #23.5: a JSON export edited to hold a number no amount can be (1e308, Infinity, past 2^53
// cents, negative, -0, a fraction of a cent) answered 500 or was silently rounded. It must answer
// 422 naming the field, and store nothing: no new programme, and an existing sheet unchanged.
// Amounts that arrive as text (the Word/HTML importer, a client's socket) are stored as typed and
// flagged, and nothing that reads the sheet fails on them.

const SEED = readFileSync('db/seed/peru-industrias-creativas.txt', 'utf8')
const PERU = new URLSearchParams({ code: 'LIMITS-1', title: 'Industrias creativas inclusivas', country: 'Peru' })

describe('JSON import of impossible amounts', () => {
  let server: TestServer
  let exported: { budget: { total: unknown; agencyBudgets?: Array<Record<string, unknown>> } } & Record<string, unknown>
  const importJson = (query: string, body: unknown) =>
    server.api(`/api/import?${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const programmeCodes = async () => ((await (await server.api('/api/programmes')).json()) as { programmes: Array<{ code: string }> }).programmes.map((p) => p.code).sort()
  const sheetOf = async (code: string) => ((await (await server.api(`/api/programmes/${code}`)).json()) as { sheet: unknown }).sheet

  beforeAll(async () => {
    server = await startTestServer()
    expect((await server.api(`/api/import?${PERU}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: SEED })).status).toBe(201)
    exported = await (await server.api('/api/programmes/LIMITS-1/export?format=json')).json()
  })
  afterAll(() => server.stop(true))

  // As written in the file: JSON.stringify could not write 1e309 (Infinity when read) or -0.
  const NOT_AMOUNTS = ['1e308', '1e309', '-1e309', '1e20', String(Number.MAX_SAFE_INTEGER), '90071992547409.92', '9'.repeat(80), '-5', '-0', '0.005', '1e-7']
  for (const total of NOT_AMOUNTS) {
    it(`refuses budget.total = ${total.slice(0, 20)} with 422, creating and changing nothing`, async () => {
      const before = { codes: await programmeCodes(), sheet: await sheetOf('LIMITS-1') }
      const forged = JSON.stringify({ ...exported, budget: { ...exported.budget, total: '<total>' } }).replace('"<total>"', total)
      for (const query of ['code=LIMITS-NEW', 'code=LIMITS-1']) {
        const response = await server.api(`/api/import?${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: forged })
        expect(response.status, query).toBe(422)
        const { error } = (await response.json()) as { error: { code: string; message: string } }
        expect(error.message).toContain('total')
      }
      expect(await programmeCodes()).toEqual(before.codes)
      expect(await sheetOf('LIMITS-1')).toEqual(before.sheet)
    })
  }

  it('refuses an impossible amount inside a list row too, naming the list', async () => {
    const agencies = exported.budget.agencyBudgets ?? []
    expect(agencies.length).toBeGreaterThan(0)
    const forged = { ...exported, budget: { ...exported.budget, agencyBudgets: agencies.map((row, i) => (i === 0 ? { ...row, amount: 1e300 } : row)) } }
    const response = await importJson('code=LIMITS-ROW', forged)
    expect(response.status).toBe(422)
    expect(await programmeCodes()).not.toContain('LIMITS-ROW')
  })

  it('still takes an amount typed as a string it cannot read: stored as typed and flagged', async () => {
    const forged = { ...exported, budget: { ...exported.budget, total: '9'.repeat(80) } }
    const response = await importJson('code=LIMITS-TEXT', forged)
    expect(response.status).toBe(201)
    const sheet = (await sheetOf('LIMITS-TEXT')) as { warnings: Array<{ code: string }> }
    expect(sheet.warnings.map((w) => w.code)).toContain('invalid-value')
  })

  it('takes every amount our export writes, to the cent', async () => {
    for (const [code, total] of [['LIMITS-CENT', 0.01], ['LIMITS-HALF', 1429667.5], ['LIMITS-ZERO', 0]] as const) {
      expect((await importJson(`code=${code}`, { ...exported, budget: { ...exported.budget, total } })).status).toBe(201)
      expect(((await sheetOf(code)) as { budget: { total: number } }).budget.total).toBe(total)
    }
  })

  const EXPORTS = ['json', 'html', 'docx', 'csv', 'csv&table=budget']
  const everythingReads = async (code: string) => {
    const paths = [`/api/programmes/${code}`, '/api/programmes', ...EXPORTS.map((format) => `/api/programmes/${code}/export?format=${format}`)]
    const statuses = await Promise.all(paths.map(async (path) => `${path} ${(await server.api(path)).status}`))
    expect(statuses).toEqual(paths.map((path) => `${path} 200`))
  }

  it('keeps a huge amount typed in a Word/HTML sheet as typed, flagged, and every export reads it', async () => {
    for (const [code, typed] of [['LIMITS-W80', '9'.repeat(80)], ['LIMITS-WEXP', '1e308'], ['LIMITS-WDOTS', '99.999.999.999.999.999.999,99']] as const) {
      const source = SEED.replace('USD 5,000,000', typed)
      expect(source).not.toBe(SEED)
      const response = await server.api(`/api/import?${new URLSearchParams({ code, title: code, country: 'Peru' })}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: source })
      expect(response.status).toBe(201)
      const sheet = (await sheetOf(code)) as { budget: { total: unknown }; warnings: Array<{ code: string; field: string; params: { raw?: string } }> }
      expect(sheet.budget.total).toBeNull()
      expect(sheet.warnings.find((w) => w.field === 'budget.total')).toMatchObject({ code: 'invalid-value', params: { raw: typed } })
      await everythingReads(code)
    }
  })

  describe('from a client over the socket', () => {
    let client: Client | undefined
    afterEach(() => client?.destroy())

    it('flags huge cells, says when sums pass the largest amount, and every export reads the sheet', async () => {
      const code = 'LIMITS-LIVE'
      expect((await server.api(`/api/import?${new URLSearchParams({ code, title: code, country: 'Peru' })}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: SEED })).status).toBe(201)
      client = connectClient(server, code)
      await client.synced()
      const doc = client.doc
      const finance = sheetList(doc, 'finance').toArray()
      const cells = [`list:finance/${finance[0]!.get('id')}/total`, `list:finance/${finance[1]!.get('id')}/transferred`]
      doc.transact(() => {
        finance[0]!.set('total', '9'.repeat(80))
        finance[1]!.set('transferred', '1e308')
        // Each a valid amount (just under 2^53 cents ÷ 100 ÷ 100): their sum is past what cents can count exactly.
        for (const list of ['agencyBudgets', 'tranches'] as const) for (const row of sheetList(doc, list).toArray()) row.set('amount', '90071992547409')
      })
      expect(sheetFields(doc).get('budget.total')).toBe('5000000')
      type Sheet = { warnings: Array<{ code: string; field: string; message: string }> }
      let sheet: Sheet = { warnings: [] }
      const codes = () => sheet.warnings.map((w) => `${w.code} ${w.field}`)
      const wanted = [...cells.map((cell) => `invalid-value ${cell}`), 'agency-sum-mismatch budget.total', 'tranche-sum-exceeds-total list:tranches']
      const until = Date.now() + 10_000
      while (!wanted.every((w) => codes().includes(w)) && Date.now() < until) {
        sheet = (await sheetOf(code)) as Sheet
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      expect(codes()).toEqual(expect.arrayContaining(wanted))
      expect(sheet.warnings.find((w) => w.code === 'agency-sum-mismatch')!.message).toMatch(/add up to more than 90,071,992,547,409\.91/)
      await everythingReads(code)
    })
  })
})
