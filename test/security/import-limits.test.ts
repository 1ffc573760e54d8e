import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/server.js'

// Issue #23.5: a JSON export edited to hold a number no amount can be (1e308, past 2^53 cents,
// negative) answered 500. It must answer 422 naming the field, and store nothing: no new
// programme, and an existing sheet unchanged.

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

  for (const total of [1e308, 1e20, Number.MAX_SAFE_INTEGER, -5]) {
    it(`refuses budget.total = ${total} with 422, creating and changing nothing`, async () => {
      const before = { codes: await programmeCodes(), sheet: await sheetOf('LIMITS-1') }
      const forged = { ...exported, budget: { ...exported.budget, total } }
      for (const query of ['code=LIMITS-NEW', 'code=LIMITS-1']) {
        const response = await importJson(query, forged)
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
})
