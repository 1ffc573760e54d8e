/** Starting the server under test (Ficha or the reference server) and reading its process figures from /proc. */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { WebSocket } from 'ws'
import { readRelayBuckets, sumRelayBuckets, type RelayBuckets } from './server-relay.js'
import { startPostgres, startRedis } from '../support/services.js'

export const BENCH_ADMIN = { email: 'bench@ficha.local', password: 'bench password, long enough' }
const ROOT = resolve(import.meta.dirname, '../..')

export interface Target {
  kind: 'ficha' | 'baseline' | 'url'
  /** How results name it, when not by kind (`cluster-2`: two Ficha processes on PostgreSQL + Redis). */
  label?: string
  /** http origin. */
  url: string
  /** What a provider's `serverUrl` is (the room name is appended). */
  syncBase: string
  /** Several server processes (`--cluster`): one endpoint each, editors spread over them. */
  syncBases?: string[]
  /** Their process ids (server CPU is their sum). */
  pids?: number[]
  token: string | null
  pid: number | null
  /** JSON log lines seen so far (spawned servers). */
  lines: Record<string, unknown>[]
  /** Creates the sheets (Ficha: `POST /api/programmes`; the reference server needs nothing). */
  createSheets(names: string[]): Promise<void>
  /** A full garbage collection in the server, through its inspector (servers started with `inspect`). */
  collectGarbage?(): Promise<void>
  /** Ficha's relay histogram now (see `server-relay.ts`); absent for the reference server. */
  relayBuckets?(): Promise<RelayBuckets | null>
  stop(): Promise<void>
}

/** Node's flag for an inspector on a free loopback port (it prints its address on stderr). */
const INSPECT = '--inspect=127.0.0.1:0'

/** Runs a full collection in a process through its inspector (`HeapProfiler.collectGarbage`). */
async function collectGarbageAt(inspectorUrl: string): Promise<void> {
  const socket = new WebSocket(inspectorUrl)
  try {
    await new Promise((resolveOpen, reject) => {
      socket.once('open', resolveOpen)
      socket.once('error', reject)
    })
    await new Promise<void>((resolveDone, reject) => {
      socket.on('message', (data) => {
        const reply = JSON.parse(String(data)) as { id?: number; error?: { message: string } }
        if (reply.id !== 1) return
        if (reply.error) reject(new Error(`collectGarbage: ${reply.error.message}`))
        else resolveDone()
      })
      socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }))
    })
  } finally {
    socket.close()
  }
}

/** How a server script is run: extra node flags, and an inspector on loopback (for `collectGarbage`). */
interface NodeOptions {
  nodeArgs?: string[]
  inspect?: boolean
}

function spawnLogged(
  script: string,
  node: NodeOptions,
  env: Record<string, string>,
): { child: ChildProcess; lines: Record<string, unknown>[]; listening: Promise<string>; collectGarbage: Target['collectGarbage'] } {
  const args = [...(node.nodeArgs ?? []), ...(node.inspect ? [INSPECT] : []), '--import', 'tsx', script]
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: Record<string, unknown>[] = []
  let stderr = ''
  let inspectorFound: (url: string) => void = () => {}
  const inspector = new Promise<string>((resolveInspector) => (inspectorFound = resolveInspector))
  child.stderr!.on('data', (c) => {
    stderr += String(c)
    const address = /Debugger listening on (ws:\/\/\S+)/.exec(stderr)
    if (address) inspectorFound(address[1]!)
  })
  const listening = new Promise<string>((resolveUrl, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>
        lines.push(entry)
        if (entry.event === 'server.listening') resolveUrl(String(entry.url))
      } catch {
        // not a log line
      }
    })
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${stderr}`)))
  })
  const collectGarbage = node.inspect ? async () => collectGarbageAt(await inspector) : undefined
  return { child, lines, listening, collectGarbage }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

export interface FichaOptions extends NodeOptions {
  dataDir?: string
  logLevel?: string
  env?: Record<string, string>
}

/** `node --import tsx server/main.ts` on a temporary data directory, signed in as a bench admin. */
export async function startFicha(options: FichaOptions = {}): Promise<Target> {
  const own = !options.dataDir
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ficha-bench-'))
  // `server.listening` is an info line; at `warn` the port is read from the data lock instead.
  const logLevel = options.logLevel ?? 'warn'
  const { child, lines, listening, collectGarbage } = spawnLogged('server/main.ts', options, {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: logLevel,
    SEED_EXAMPLE: '0',
    // Every simulated editor connects from 127.0.0.1: hundreds of them are one load, not one abuser.
    MAX_CONNECTIONS_PER_ADDRESS: '0',
    ADMIN_EMAIL: BENCH_ADMIN.email,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
    ...options.env,
  })
  const url = logLevel === 'info' || logLevel === 'debug' ? await listening : await urlFromLock(dataDir, child)
  listening.catch(() => {})
  const token = await adminToken(url)
  return {
    kind: 'ficha',
    url,
    syncBase: url.replace(/^http/, 'ws') + '/sync',
    token,
    relayBuckets: () => readRelayBuckets(url, token),
    pid: child.pid!,
    lines,
    async createSheets(names) {
      for (let i = 0; i < names.length; i += 10) {
        await Promise.all(
          names.slice(i, i + 10).map(async (code) => {
            const response = await fetch(`${url}/api/programmes`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify({ code, title: `Bench ${code}`, country: 'Peru' }),
            })
            if (response.status !== 201) throw new Error(`sheet ${code} not created: ${response.status} ${await response.text()}`)
          }),
        )
      }
    },
    collectGarbage,
    async stop() {
      await stopChild(child)
      if (own) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

async function urlFromLock(dataDir: string, child: ChildProcess): Promise<string> {
  const until = Date.now() + 30_000
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`)
    try {
      const lock = JSON.parse(readFileSync(join(dataDir, 'ficha.lock'), 'utf8')) as { url?: string | null }
      if (lock.url) return lock.url
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error('the server did not start listening within 30 s')
}

/**
 * `n` Ficha processes on one throwaway PostgreSQL database with Redis between them (`--cluster`):
 * the editors of each sheet are spread over the processes in turn.
 */
export async function startCluster(n: number, options: NodeOptions = {}): Promise<Target> {
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()])
  const env = { DATABASE_URL: postgres.url, REDIS_URL: redis.url }
  const processes: Target[] = []
  try {
    // The first creates the schema and the admin.
    processes.push(await startFicha({ ...options, env, logLevel: 'info' }))
    processes.push(...(await Promise.all(Array.from({ length: n - 1 }, () => startFicha({ ...options, env, logLevel: 'info' })))))
  } catch (error) {
    for (const started of processes) await started.stop()
    await Promise.all([redis.stop(), postgres.stop()])
    throw error
  }
  const first = processes[0]!
  return {
    ...first,
    label: `cluster-${n}`,
    syncBases: processes.map((p) => p.syncBase),
    pids: processes.map((p) => p.pid!),
    // Sheet i on process i mod n, where `--by-sheet` places its editors: the process that creates a
    // sheet holds it (following its stream) until it unloads it, 30 s after its last peer left.
    async createSheets(names) {
      await Promise.all(processes.map((p, k) => p.createSheets(names.filter((_, i) => i % n === k))))
    },
    // Each process counts the client updates it took up, to their broadcast to its own peers
    // (the database commit included): the sum is the origin process's share.
    async relayBuckets() {
      return sumRelayBuckets(await Promise.all(processes.map((p) => p.relayBuckets?.() ?? null)))
    },
    async stop() {
      for (const started of processes) await started.stop()
      await Promise.all([redis.stop(), postgres.stop()])
    },
  }
}

/** Signs in as the bench admin (`POST /api/auth/login`) and creates a personal API token. */
export async function adminToken(url: string, admin = BENCH_ADMIN): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) })
  if (!login.ok) throw new Error(`sign-in failed: ${login.status}`)
  const { csrfToken } = (await login.json()) as { csrfToken: string }
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!
  const created = await fetch(`${url}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'bench' }),
  })
  if (!created.ok) throw new Error(`token not created: ${created.status}`)
  return ((await created.json()) as { token: string }).token
}

/** The reference server, in memory. */
export async function startBaseline(options: NodeOptions & { preload?: string } = {}): Promise<Target> {
  const { child, lines, listening, collectGarbage } = spawnLogged('test/bench/baseline-server.ts', options, {
    PORT: '0',
    ...(options.preload ? { BENCH_PRELOAD: options.preload } : {}),
  })
  const url = await listening
  return {
    kind: 'baseline',
    url,
    syncBase: url.replace(/^http/, 'ws'),
    token: null,
    pid: child.pid!,
    lines,
    createSheets: async () => {},
    collectGarbage,
    stop: () => stopChild(child),
  }
}

/** A server somebody else runs (`--url`, `--token`): no process figures. */
export function remoteTarget(url: string, token: string | null): Target {
  return {
    kind: 'url',
    url,
    syncBase: url.replace(/^http/, 'ws') + '/sync',
    token,
    relayBuckets: () => readRelayBuckets(url, token),
    pid: null,
    lines: [],
    async createSheets(names) {
      for (const code of names) {
        const response = await fetch(`${url}/api/programmes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ code, title: `Bench ${code}`, country: 'Peru' }),
        })
        if (response.status !== 201 && response.status !== 409) throw new Error(`sheet ${code} not created: ${response.status}`)
      }
    },
    stop: async () => {},
  }
}

const CLK_TCK = 100

/** CPU time (user + system) of a process in ms, from /proc/<pid>/stat; null where /proc is absent. */
export function processCpuMs(pid: number | null): number | null {
  if (pid === null) return null
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // After the command: state(0) … utime(11) stime(12).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK
  } catch {
    return null
  }
}

/** A field of /proc/<pid>/status in KiB (VmHWM: peak RSS, VmRSS: current). */
export function processMemoryKb(pid: number | null, field: 'VmHWM' | 'VmRSS'): number | null {
  if (pid === null) return null
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) : null
  } catch {
    return null
  }
}
