import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { spawnServer } from '../support/process.js'
import { startTestServer, tempDataDir } from '../support/server.js'

describe('one process per data directory', () => {
  it('refuses a second server on the same data, names the holder, and frees the directory on stop', async () => {
    const dataDir = tempDataDir()
    const first = await spawnServer({ DATA_DIR: dataDir })
    try {
      const lock = JSON.parse(readFileSync(join(dataDir, 'ficha.lock'), 'utf8'))
      expect(lock).toMatchObject({ pid: first.child.pid, url: first.url })
      await expect(spawnServer({ DATA_DIR: dataDir })).rejects.toThrow(new RegExp(`in use by process ${first.child.pid}`))
      first.child.kill('SIGTERM')
      expect((await first.exited).code).toBe(0)
      expect(existsSync(join(dataDir, 'ficha.lock'))).toBe(false)
    } finally {
      first.child.kill('SIGKILL')
    }
    const next = await startTestServer({ dataDir })
    await next.stop(true)
  })

  it('takes over the lock of a process that was killed', async () => {
    const dataDir = tempDataDir()
    const killed = await spawnServer({ DATA_DIR: dataDir })
    killed.child.kill('SIGKILL')
    await killed.exited
    expect(existsSync(join(dataDir, 'ficha.lock'))).toBe(true)
    const next = await startTestServer({ dataDir })
    await next.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('creates a data directory that does not exist yet, as on a first start', async () => {
    const parent = tempDataDir()
    const server = await startTestServer({ dataDir: join(parent, 'not', 'yet') })
    expect(existsSync(join(parent, 'not', 'yet', 'ficha.sqlite'))).toBe(true)
    await server.stop()
    rmSync(parent, { recursive: true, force: true })
  })
})
