import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, readFileSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openPostgres } from '../../db/connection.js'
import { connectClient, waitUntil, type Client } from '../support/clients.js'
import { adminToken } from '../support/process.js'
import { TEST_ADMIN, tempDataDir } from '../support/server.js'
import { HAS_SERVICES } from '../support/services.js'
import { storedDocPostgres } from '../support/stored.js'
import { as, jsonBody } from '../support/users.js'

const SHEET = 'CLU-RUN'
const text = (doc: Y.Doc) => doc.getText('t').toString()
const sorted = (value: string) => [...value].sort().join('')

interface Launcher {
  child: ChildProcess
  lines: Record<string, unknown>[]
  url: string
  /** Process name → pid, as the launcher reported them when ready. */
  pids: Map<string, number>
  /** The processes' own ports, and the balancer's. */
  ports: number[]
  exited: Promise<number | null>
  /** Resolves with the first line of `event` (seen already or to come) that `match` accepts. */
  event(event: string, match?: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>
}

/** `npm run cluster` (without the client build), as a person starts it; resolves when it is ready. */
async function launch(dataDir: string, processes: number): Promise<Launcher> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/cluster.ts', '--processes', String(processes)], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', SEED_EXAMPLE: '0', ADMIN_EMAIL: TEST_ADMIN.email, ADMIN_PASSWORD: TEST_ADMIN.password },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)))
  const lines: Record<string, unknown>[] = []
  const waiters: (() => void)[] = []
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      lines.push(JSON.parse(line) as Record<string, unknown>)
    } catch {
      return // the banner
    }
    for (const wake of waiters.splice(0)) wake()
  })
  let ended = false
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      ended = true
      for (const wake of waiters.splice(0)) wake()
      resolve(code)
    }),
  )
  const event = (name: string, match: (line: Record<string, unknown>) => boolean = () => true) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const look = () => {
        const found = lines.find((l) => l.event === name && match(l))
        if (found) return resolve(found)
        if (ended) return reject(new Error(`the launcher exited before ${name}: ${stderr}`))
        waiters.push(look)
      }
      look()
    })
  const ready = await event('cluster.ready')
  const members = ready.processes as { process: string; pid: number; port: number }[]
  const url = String(ready.url)
  return { child, lines, url, pids: new Map(members.map((p) => [p.process, p.pid])), ports: [...members.map((p) => p.port), Number(new URL(url).port)], exited, event }
}

/** Whether something accepts connections on `port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

/** Ctrl-C, as a person stops it: resolves with its exit code. */
async function stop(launcher: Launcher): Promise<number | null> {
  launcher.child.kill('SIGINT')
  return launcher.exited
}

describe.skipIf(!HAS_SERVICES)('npm run cluster: its own PostgreSQL and Redis, three processes and a balancer', () => {
  const launchers: Launcher[] = []
  const clients: Client[] = []
  const dirs: string[] = []
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    for (const launcher of launchers.splice(0)) if (launcher.child.exitCode === null) await stop(launcher)
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('serves one sheet from every process through its balancer; a process killed mid-burst is started again, nothing is lost, and the data outlives the launcher', async () => {
    const dataDir = tempDataDir()
    dirs.push(dataDir)
    // mkdtemp's 0700 would keep out the account PostgreSQL runs as when we are root (the launcher says so).
    chmodSync(dataDir, 0o711)
    const cluster = await launch(dataDir, 3)
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
    const password = readFileSync(join(dataDir, 'cluster', 'password'), 'utf8').trim()
    const url = `postgres://ficha:${password}@127.0.0.1:${postgresStarted.port}/postgres`
    const db = openPostgres(url)
    try {
      expect(sorted(text(await storedDocPostgres(db, SHEET)))).toBe(expected)
    } finally {
      await db.close()
    }
    const intruder = openPostgres(`postgres://ficha:wrong@127.0.0.1:${postgresStarted.port}/postgres`)
    await expect(storedDocPostgres(intruder, SHEET)).rejects.toThrow(/password authentication failed/)
    await intruder.close()

    // Ctrl-C stops every process, PostgreSQL and Redis.
    for (const client of clients.splice(0)) client.destroy()
    expect(await stop(cluster)).toBe(0)
    const redisStarted = await cluster.event('cluster.redis_started')
    const ports = [postgresStarted.port, redisStarted.port, restarted.port, ...cluster.ports].map(Number)
    expect(await Promise.all(ports.map(listening))).toEqual(ports.map(() => false))

    // Started again on the same folder: the same database, the sheet as it was left.
    const again = await launch(dataDir, 1)
    launchers.push(again)
    expect((await again.event('cluster.postgres_started')).created).toBe(false)
    const reader = connectClient({ syncUrl: again.url.replace(/^http/, 'ws') + '/sync', token }, SHEET)
    clients.push(reader)
    await reader.synced()
    expect(sorted(text(reader.doc))).toBe(expected)
  }, 120_000)
})
