import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorMessage } from '../../shared/errors.js'
import { startTestServer, type TestServer } from '../support/server.js'
import { as, makeUser } from '../support/users.js'

// Issue #24.3: every refusal carries the catalog's stable reason and its params, so the web client
// says it in the person's language; `message` stays the English text scripts already read.
describe('error answers name their reason', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(() => server.stop(true))

  const answer = async (response: Response): Promise<Record<string, unknown>> => ({ status: response.status, ...((await response.json()) as { error: Record<string, unknown> }).error })

  it('an import that is not a fact sheet: 422 not_a_fact_sheet with its reason and params', async () => {
    const binary = await answer(await server.api('/api/import?code=X-1', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '\u0000\u0001binary' }))
    expect(binary).toEqual({ status: 422, code: 'not_a_fact_sheet', reason: 'import.binary', params: {}, message: errorMessage('en', 'import.binary') })
    const prose = await answer(await server.api('/api/import?code=X-1', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'Resumen\tUn texto\nNada más' }))
    expect(prose).toMatchObject({ status: 422, reason: 'import.fewLabels', params: { labels: '"Resumen"' } })
    expect(String(prose.message)).toMatch(/^Not a fact sheet: found only/)
  })

  it('validation, permission and unknown routes: the reason with what fills it', async () => {
    const created = await answer(await server.api('/api/programmes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'A-1', title: 'x'.repeat(501), country: 'Peru' }) }))
    expect(created).toMatchObject({ status: 422, code: 'validation_failed', reason: 'input.tooLong', params: { field: 'title', max: 500 }, message: 'title is longer than 500 characters' })
    const viewer = await makeUser(server)
    const refused = await answer(await as(server, viewer, '/api/programmes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'A-2', title: 't', country: 'c' }) }))
    expect(refused).toMatchObject({ status: 403, code: 'forbidden', reason: 'forbidden.create', params: {} })
    const missing = await answer(await server.api('/api/nothing-here'))
    expect(missing).toMatchObject({ status: 404, code: 'not_found', reason: 'route.notFound', params: { method: 'GET', path: '/api/nothing-here' } })
  })
})
