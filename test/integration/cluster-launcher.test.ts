import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openPostgres } from '../../db/connection.js'
import { connectClient, waitUntil, type Client } from '../support/clients.js'
import { adminToken } from '../support/process.js'
import { launch, launcherPostgresUrl, listening, stopLauncher, type Launcher } from '../support/launcher.js'
import { HAS_SERVICES } from '../support/services.js'
import { storedDocPostgres } from '../support/stored.js'
import { as, jsonBody } from '../support/users.js'

const SHEET = 'CLU-RUN'
const text = (doc: Y.Doc) => doc.getText('t').toString()
const sorted = (value: string) => [...value].sort().join('')

describe.skipIf(!HAS_SERVICES)('npm run cluster: its own PostgreSQL and Redis, three processes and a balancer', () => {
  const launchers: Launcher[] = []
  const clients: Client[] = []
  const dirs: string[] = []
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    for (const launcher of launchers.splice(0)) if (launcher.child.exitCode === null) await stopLauncher(launcher)
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('serves one sheet from every process through its balancer; a process killed mid-burst is started again, nothing is lost, and the data outlives the launcher', async () => {
    const cluster = await launch({ processes: 3 })
    const dataDir = cluster.dataDir
    dirs.push(dataDir)
    launchers.push(cluster)
    expect([...cluster.pids.keys()]).toEqual(['ficha1', 'ficha2', 'ficha3'])
    const postgresStarted = await cluster.event('cluster.postgres_started')
    expect(postgresStarted.created).toBe(true)

    const token = await adminToken(cluster.url)
    expect((await as({ url: cluster.url }, { token }, '/api/programmes', jsonBody({ code: SHEET, title: 'Launcher', country: 'Peru' }))).status).toBe(201)
    const server = { syncUrl: cluster.url.replace(/^http/, 'ws') + '/sync', token }
    // One after the other: sockets take turns of their own, so each lands on another process,
    // whatever HTTP requests come between them (as a page's do).
    for (let i = 0; i < 3; i++) {
      const client = connectClient(server, SHEET)
      clients.push(client)
      await client.synced()
      for (let k = 0; k <= i; k++) expect((await fetch(`${cluster.url}/api/health`, { headers: { connection: 'close' } })).ok).toBe(true)
    }
    const opened = (name: string) => cluster.lines.filter((l) => l.event === 'connection.opened' && l.doc === SHEET && l.process === name).length
    expect(['ficha1', 'ficha2', 'ficha3'].map(opened)).toEqual([1, 1, 1])

    // Each client types; ficha2 is killed in the middle of it.
    const typing = Promise.all(clients.map(async (client, i) => {
      for (let k = 0; k < 60; k++) {
        client.doc.getText('t').insert(0, 'abc'[i]!)
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    }))
    await waitUntil(() => clients.every((c) => text(c.doc).length >= 60), 'the clients to exchange edits', 20_000)
    process.kill(cluster.pids.get('ficha2')!, 'SIGKILL')
    await typing
    const restarted = await cluster.event('cluster.process_restarted', (l) => l.process === 'ficha2')
    expect(restarted.pid).not.toBe(cluster.pids.get('ficha2'))
    const expected = sorted('a'.repeat(60) + 'b'.repeat(60) + 'c'.repeat(60))
    await waitUntil(() => clients.every((c) => sorted(text(c.doc)) === expected && text(c.doc) === text(clients[0]!.doc)), 'every client to hold every edit', 30_000)

    // PostgreSQL holds it all, behind the password the launcher made (a URL without it is refused).
    const db = openPostgres(await launcherPostgresUrl(cluster))
    try {
      expect(sorted(text(await storedDocPostgres(db, SHEET)))).toBe(expected)
    } finally {
      await db.close()
    }
    const intruder = openPostgres(await launcherPostgresUrl(cluster, 'wrong'))
    await expect(storedDocPostgres(intruder, SHEET)).rejects.toThrow(/password authentication failed/)
    await intruder.close()

    // Ctrl-C stops every process, PostgreSQL and Redis.
    for (const client of clients.splice(0)) client.destroy()
    expect(await stopLauncher(cluster)).toBe(0)
    const redisStarted = await cluster.event('cluster.redis_started')
    const ports = [postgresStarted.port, redisStarted.port, restarted.port, new URL(cluster.url).port, ...cluster.processPorts].map(Number)
    expect(await Promise.all(ports.map(listening))).toEqual(ports.map(() => false))

    // Started again on the same folder: the same database, the sheet as it was left.
    const again = await launch({ processes: 1, dataDir })
    launchers.push(again)
    expect((await again.event('cluster.postgres_started')).created).toBe(false)
    const reader = connectClient({ syncUrl: again.url.replace(/^http/, 'ws') + '/sync', token }, SHEET)
    clients.push(reader)
    await reader.synced()
    expect(sorted(text(reader.doc))).toBe(expected)
  }, 120_000)
})
