/** `npm run cluster` started as a person starts it, for the tests of what it promises. */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { TEST_ADMIN, tempDataDir } from './server.js'

/**
 * A new data folder for the launcher. mkdtemp's 0700 would keep out the account PostgreSQL runs
 * as when we are root (the launcher says so): others may pass through it.
 */
export function launcherDataDir(): string {
  const dir = tempDataDir()
  chmodSync(dir, 0o711)
  return dir
}

/** The URL of the launcher's own PostgreSQL, with the password it made (in DATA_DIR/cluster/password). */
export async function launcherPostgresUrl(launcher: Launcher, password?: string): Promise<string> {
  const started = await launcher.event('cluster.postgres_started')
  const secret = password ?? readFileSync(join(launcher.dataDir, 'cluster', 'password'), 'utf8').trim()
  return `postgres://ficha:${encodeURIComponent(secret)}@127.0.0.1:${started.port}/postgres`
}

export interface Launcher {
  /** Its DATA_DIR. */
  dataDir: string
  child: ChildProcess
  lines: Record<string, unknown>[]
  url: string
  /** Process name → pid, as the launcher reported them when ready. */
  pids: Map<string, number>
  /** The processes' own ports, as they were when it was ready. */
  processPorts: number[]
  exited: Promise<number | null>
  /** Resolves with the first line of `event` (seen already or to come) that `match` accepts. */
  event(event: string, match?: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>
}

/**
 * `npm run cluster` (without the client build), as a person starts it, on `dataDir` (default: a
 * new one, see {@link launcherDataDir}); resolves when it is ready.
 */
export async function launch(options: { processes: number; dataDir?: string; env?: Record<string, string> }): Promise<Launcher> {
  const dataDir = options.dataDir ?? launcherDataDir()
  const processes = options.processes
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/cluster.ts', '--processes', String(processes)], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', SEED_EXAMPLE: '0', ADMIN_EMAIL: TEST_ADMIN.email, ADMIN_PASSWORD: TEST_ADMIN.password, ...options.env },
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
  return { dataDir, child, lines, url, pids: new Map(members.map((p) => [p.process, p.pid])), processPorts: members.map((p) => p.port), exited, event }
}

/** Whether something accepts connections on `port`. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

/** Ctrl-C, as a person stops it: resolves with its exit code. */
export async function stopLauncher(launcher: Launcher): Promise<number | null> {
  launcher.child.kill('SIGINT')
  return launcher.exited
}
