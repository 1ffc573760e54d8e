import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import SqliteDatabase from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectClient, waitUntil, type Client } from '../support/clients.js'
import { registerProgramme } from '../support/programmes.js'
import { startTestServer, tempDataDir } from '../support/server.js'

const run = promisify(execFile)
type Server = Awaited<ReturnType<typeof startTestServer>>

describe('operations', () => {
  let server: Server
  let client: Client

  beforeAll(async () => {
    server = await startTestServer()
    await registerProgramme(server, 'OPS')
    client = connectClient(server, 'OPS')
    await client.synced()
  })
  afterAll(async () => {
    client.destroy()
    await server.stop(true)
  })

  it('exposes Prometheus metrics for connections, documents, updates, store latency and relay time', async () => {
    client.doc.getText('t').insert(0, 'metered')
    await waitUntil(() => server.registry.get('OPS')?.doc.getText('t').length === 7, 'the edit at the server')
    const response = await server.api('/api/metrics')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4')
    const text = await response.text()
    expect(text).toMatch(/^ficha_connections 1$/m)
    expect(text).toMatch(/^ficha_documents_loaded 1$/m)
    expect(Number(/^ficha_updates_total (\d+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1)
    expect(text).toMatch(/^ficha_store_duration_seconds_count \d+$/m)
    // The edit came through a socket: its time in the server is counted.
    expect(Number(/^ficha_update_relay_seconds_count (\d+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1)
    expect(text).toMatch(/^ficha_updates_per_second [\d.]+$/m)
  })

  it('reports health', async () => {
    const response = await fetch(`${server.url}/api/health`)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ status: 'ok', uptimeSeconds: expect.any(Number) })
  })

  it('logs connection and document events as structured lines with document and timing', () => {
    const opened = server.logs.events('connection.opened').find((l) => l.doc === 'OPS')
    expect(opened).toMatchObject({ doc: 'OPS', conn: expect.any(Number) })
    expect(server.logs.events('document.loaded').find((l) => l.doc === 'OPS')).toMatchObject({ ms: expect.any(Number) })
  })

  it('npm run backup makes a consistent copy while edits keep arriving', async () => {
    let writing = true
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        client.doc.getArray<number>('numbers').push([i])
        await new Promise((r) => setTimeout(r, 1))
      }
    })()
    await waitUntil(() => (server.registry.get('OPS')?.doc.getArray('numbers').length ?? 0) > 50, 'edits under way')
    const target = join(tempDataDir(), 'copy.sqlite')
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/cli/backup.ts', target], {
      env: { ...process.env, DATA_DIR: server.dataDir },
    })
    writing = false
    await writer
    expect(stdout).toMatch(/backed up .* 1 programmes/)

    // The copy opens, passes its integrity check, and holds a loadable document.
    const copy = new SqliteDatabase(target, { readonly: true })
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
    const rows = copy.prepare("select data from doc_log where doc_name = 'OPS' order by seq").all() as { data: Buffer }[]
    copy.close()
    const doc = new Y.Doc()
    Y.transact(doc, () => rows.forEach((r) => Y.applyUpdate(doc, r.data)))
    const numbers = doc.getArray<number>('numbers').toArray()
    expect(numbers.length).toBeGreaterThan(50)
    expect(numbers).toEqual([...Array(numbers.length).keys()])
  })

  it('refuses to overwrite an existing backup file', async () => {
    const target = join(server.dataDir, 'ficha.sqlite')
    await expect(
      run(process.execPath, ['--import', 'tsx', 'server/cli/backup.ts', target], { env: { ...process.env, DATA_DIR: server.dataDir } }),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('already exists') })
  })
})
