import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { renderSheet } from '../../shared/sheet/render.js'
import { connectClient, waitUntil, type Client } from '../support/clients.js'
import { startTestServer, tempDataDir } from '../support/server.js'

const run = promisify(execFile)
type Server = Awaited<ReturnType<typeof startTestServer>>
const SEED = readFileSync('db/seed/peru-industrias-creativas.txt', 'utf8')
const PERU = { code: 'MDGF-2081', title: 'Industrias creativas inclusivas', country: 'Peru' }

describe('importing fact sheets', () => {
  let server: Server
  const clients: Client[] = []
  const post = async (path: string, body: BodyInit, headers: Record<string, string> = { 'content-type': 'text/plain' }) => {
    const response = await server.api(`${path}`, { method: 'POST', body, headers })
    return { status: response.status, body: (await response.json()) as any }
  }
  const sheet = async (id: string) => (await (await server.api(`/api/programmes/${id}`)).json()).sheet

  beforeAll(async () => {
    server = await startTestServer()
  })
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy()
  })
  afterAll(() => server.stop(true))

  it('POST /api/import creates the sheet from the Word text and answers the report', async () => {
    const { status, body } = await post(`/api/import?${new URLSearchParams(PERU)}`, SEED)
    expect(status).toBe(201)
    expect(body).toMatchObject({ programmeId: 'MDGF-2081', created: true, report: { format: 'template', language: 'es' } })
    expect(body.report.mapped).toEqual(expect.arrayContaining(['budget.total', 'list:finance', 'text:summary']))
    const json = await sheet('MDGF-2081')
    expect(json.identity).toMatchObject({ code: 'MDGF-2081', title: 'Industrias creativas inclusivas', country: 'Peru' })
    expect(json.budget).toMatchObject({ total: 5000000, agencySum: 5000000 })
    expect(json.finance.rows).toHaveLength(4)
    expect(json.warnings.map((w: { code: string }) => w.code)).toEqual(['cumulative-decrease'])
    const list = await (await server.api(`/api/programmes`)).json()
    expect(list.programmes).toContainEqual(expect.objectContaining({ id: 'MDGF-2081', title: 'Industrias creativas inclusivas' }))
  })

  it('re-importing an existing code updates that sheet through the live document, and connected editors see it', async () => {
    const editor = connectClient(server, 'MDGF-2081')
    clients.push(editor)
    await editor.synced()
    const before = renderSheet(editor.doc)
    expect(before.budget.total).toBe(5000000)

    const changed = SEED.replace('<b>USD 5,000,000</b>', '<b>USD 5,100,000</b>')
    const { status, body } = await post(`/api/import?code=MDGF-2081`, changed)
    expect(status).toBe(200)
    expect(body).toMatchObject({ programmeId: 'MDGF-2081', created: false })
    await waitUntil(() => renderSheet(editor.doc).budget.total === 5100000, 'the new total at the connected editor')
    // No twin was created.
    const list = await (await server.api(`/api/programmes`)).json()
    expect(list.programmes.filter((p: { code: string }) => p.code === 'MDGF-2081')).toHaveLength(1)
    // Re-importing what is already there changes nothing.
    let updates = 0
    editor.doc.on('update', () => updates++)
    await post(`/api/import?code=MDGF-2081`, changed)
    await new Promise((r) => setTimeout(r, 100))
    expect(updates).toBe(0)
  })

  it('accepts a multipart upload with identity in the form', async () => {
    const form = new FormData()
    form.set('file', new Blob([SEED], { type: 'text/html' }), 'ficha.txt')
    form.set('code', 'MULTI-1')
    form.set('country', 'Peru')
    const response = await server.api(`/api/import`, { method: 'POST', body: form })
    expect(response.status).toBe(201)
    expect((await response.json()).programmeId).toBe('MULTI-1')
  })

  it('imports its own JSON export without loss', async () => {
    const exported = await (await server.api(`/api/programmes/MDGF-2081/export?format=json`)).json()
    expect(exported.importNotes.narrative.text).not.toBe('')
    const { status } = await post('/api/import?code=COPY-1', JSON.stringify(exported), { 'content-type': 'application/json' })
    expect(status).toBe(201)
    const copy = await sheet('COPY-1')
    expect({ ...copy, identity: { ...copy.identity, code: 'MDGF-2081' } }).toEqual(exported)
  })

  it('answers a clear 422 for what is not a fact sheet, and 422 when no code can be found', async () => {
    for (const garbage of ['hello world', '<html><body><h1>Menu</h1></body></html>', '{"a": 1}']) {
      const { status, body } = await post('/api/import?code=G-1', garbage)
      expect(status).toBe(422)
      expect(body.error.code).toBe('not_a_fact_sheet')
    }
    const noCode = await post('/api/import', SEED)
    expect(noCode.status).toBe(422)
    expect(noCode.body.error.message).toContain('code')
    expect((await post('/api/import', '')).status).toBe(400)
  })

  it('npm run import goes through the running server and prints the report', async () => {
    const file = join(tempDataDir(), 'sheet.txt')
    writeFileSync(file, SEED)
    // Without a token the running server is not asked anything.
    await expect(
      run(process.execPath, ['--import', 'tsx', 'server/cli/import.ts', '--code', 'CLI-1', file], { env: { ...process.env, DATA_DIR: server.dataDir, FICHA_TOKEN: '' } }),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('personal API token') })
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/cli/import.ts', '--code', 'CLI-1', '--country', 'Peru', file], {
      env: { ...process.env, DATA_DIR: server.dataDir, FICHA_TOKEN: server.token },
    })
    expect(stdout).toContain('→ CLI-1 (created; template, es)')
    expect(stdout).toMatch(/mapped: \d+/)
    expect(server.registry.get('CLI-1')).toBeDefined()
  })
})

describe('the import command without a server, and the example data', () => {
  it('imports directly into the data directory, and the server then starts on it', async () => {
    const dataDir = tempDataDir()
    const file = join(dataDir, 'sheet.txt')
    writeFileSync(file, SEED)
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/cli/import.ts', '--code', 'OFFLINE-1', file], {
      env: { ...process.env, DATA_DIR: dataDir },
    })
    expect(stdout).toContain('→ OFFLINE-1 (created')
    const server = await startTestServer({ dataDir })
    try {
      const json = (await (await server.api(`/api/programmes/OFFLINE-1`)).json()).sheet
      expect(json.budget.total).toBe(5000000)
    } finally {
      await server.stop(true)
    }
  })

  it('answers an unknown option with what is wrong and the usage, and imports nothing', async () => {
    const dataDir = tempDataDir()
    const failed = await run(process.execPath, ['--import', 'tsx', 'server/cli/import.ts', '--dry-run', 'sheet.txt'], { env: { ...process.env, DATA_DIR: dataDir } }).catch(
      (error: { code: number; stderr: string }) => error,
    )
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--dry-run'") })
    expect((failed as { stderr: string }).stderr).toContain('usage: npm run import')
  })

  it('seeds the real Peru sheet into an empty database, once; SEED_EXAMPLE=0 turns it off', async () => {
    const server = await startTestServer({ env: { SEED_EXAMPLE: '1' } })
    try {
      const list = (await (await server.api(`/api/programmes`)).json()).programmes
      expect(list.map((p: { id: string }) => p.id)).toEqual(['MDGF-2081'])
      const json = (await (await server.api(`/api/programmes/MDGF-2081`)).json()).sheet
      expect(json.identity.country).toBe('Peru')
      expect(json.finance.rows).toHaveLength(4)
    } finally {
      await server.stop()
    }
    // A second start does not import again (the database is not empty).
    const again = await startTestServer({ dataDir: server.dataDir, env: { SEED_EXAMPLE: '1' } })
    expect(again.logs.events('example.imported')).toHaveLength(0)
    await again.stop(true)

    const off = await startTestServer()
    expect((await (await off.api(`/api/programmes`)).json()).programmes).toEqual([])
    await off.stop(true)
  })
})
