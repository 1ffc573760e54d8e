import { describe, expect, it } from 'vitest'
import { waitUntil } from '../support/clients.js'
import { createProgramme, processHarness } from '../support/process.js'

describe('the server process on SIGTERM', () => {
  const { dataDir: newDataDir, spawn, connect } = processHarness()

  // SIGKILL mid-stream: test/integration/fault-crash.test.ts (ten typing clients, a fresh reader).

  it('on SIGTERM stops accepting, closes sockets with 1001, flushes and exits 0', async () => {
    const dataDir = newDataDir()
    const server = await spawn({ DATA_DIR: dataDir })
    await createProgramme(server, 'TERM')
    const client = connect(server, 'TERM')
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

    const again = await spawn({ DATA_DIR: dataDir })
    const reader = connect(again, 'TERM')
    await reader.synced()
    expect(reader.doc.getText('t').toString()).toBe('before shutdown')
  })
})
