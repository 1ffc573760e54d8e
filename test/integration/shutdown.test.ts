import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { connectClient, waitUntil, type Client } from '../support/clients.js'
import { spawnServer, type ServerProcess } from '../support/process.js'
import { tempDataDir } from '../support/server.js'

async function createProgramme(server: ServerProcess, code: string): Promise<void> {
  const response = await fetch(`${server.url}/api/programmes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: JSON.stringify({ code, title: 'Crash test', country: 'Peru' }),
  })
  expect(response.status).toBe(201)
}

describe('the server process on SIGTERM', () => {
  const clients: Client[] = []
  const processes: ServerProcess[] = []
  const dirs: string[] = []
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy()
    for (const p of processes.splice(0)) p.child.kill('SIGKILL')
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  // SIGKILL mid-stream: test/integration/fault-crash.test.ts (ten typing clients, a fresh reader).

  it('on SIGTERM stops accepting, closes sockets with 1001, flushes and exits 0', async () => {
    const dataDir = tempDataDir()
    dirs.push(dataDir)
    const server = await spawnServer({ DATA_DIR: dataDir })
    processes.push(server)
    await createProgramme(server, 'TERM')
    const client = connectClient(server, 'TERM')
    clients.push(client)
    await client.synced()
    client.doc.getText('t').insert(0, 'before shutdown')
    await waitUntil(() => server.lines.some((l) => l.event === 'connection.opened'), 'the connection')
    const closed = new Promise<number>((resolve) => client.provider.on('connection-close', (event) => event && resolve(event.code)))
    // Let the edit reach the server before signalling.
    await new Promise((r) => setTimeout(r, 100))
    server.child.kill('SIGTERM')
    expect(await closed).toBe(1001)
    expect(await server.exited).toEqual({ code: 0, signal: null })
    expect(server.lines.map((l) => l.event)).toEqual(expect.arrayContaining(['server.stopping', 'document.compacted', 'server.stopped']))
    client.provider.disconnect()

    const again = await spawnServer({ DATA_DIR: dataDir })
    processes.push(again)
    const reader = connectClient(again, 'TERM')
    clients.push(reader)
    await reader.synced()
    expect(reader.doc.getText('t').toString()).toBe('before shutdown')
  })
})
