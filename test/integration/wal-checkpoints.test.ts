import { existsSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { connectClient, waitUntil } from '../support/clients.js'
import { registerProgramme } from '../support/programmes.js'
import { startTestServer } from '../support/server.js'

describe('write-ahead log checkpoints', () => {
  it('are taken by a background thread while clients write, and the log is folded back in at stop', async () => {
    const server = await startTestServer()
    const file = join(server.dataDir, 'ficha.sqlite')
    try {
      // The server's own connection only checkpoints as a bound, should the thread fall behind.
      expect(server.db.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(16_384)
      await registerProgramme(server, 'WAL')
      const client = connectClient(server, 'WAL')
      await client.synced()
      const before = statSync(file).size
      // Commits of their own (a pause between them), each a frame or more in the log.
      for (let i = 0; i < 200; i++) {
        client.doc.getText('t').insert(0, `${i} `.repeat(50))
        if (i % 10 === 0) await new Promise((r) => setTimeout(r, 5))
      }
      // Only a checkpoint copies pages into the database file.
      await waitUntil(() => statSync(file).size > before, 'the database file to grow by a checkpoint')
      client.destroy()
    } finally {
      await server.stop()
    }
    // The thread's connection closed first; the server's, closing last, removed the log.
    expect(existsSync(`${file}-wal`)).toBe(false)
    rmSync(server.dataDir, { recursive: true, force: true })
  })
})
