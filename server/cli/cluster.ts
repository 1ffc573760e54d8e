/**
 * `npm run cluster -- [--processes N]`: Ficha scaled out on this machine, without Docker. Starts
 * PostgreSQL and Redis of its own in DATA_DIR/cluster/ (or uses DATABASE_URL / REDIS_URL), N Ficha
 * processes on them (3 by default), and a load balancer on HOST:PORT (127.0.0.1:8080) that hands
 * connections to the processes in turn. A process that dies is started again, as a supervisor
 * would; meanwhile its editors reconnect through the balancer to the others. Ctrl-C stops
 * everything; the data stays in DATA_DIR/cluster/ for the next start.
 *
 * Prints one JSON line per event, as the server does: its own (`cluster.*`) and every process's,
 * with the process's name added (`"process":"ficha2"`).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { createLogger, LOG_LEVELS, type LogLevel } from '../log.js'
import { commandArguments } from './arguments.js'
import { startBalancer, type Balancer } from './balancer.js'
import { startLocalPostgres, startLocalRedis, type LocalPostgres, type LocalRedis } from './local-services.js'

const USAGE = 'usage: npm run cluster -- [--processes N]   (PORT, HOST, DATA_DIR, DATABASE_URL, REDIS_URL as for npm start)'
const ROOT = resolve(import.meta.dirname, '../..')
/** A process that dies is started again after this long (not at once: a crash loop would spin). */
const RESTART_AFTER_MS = 1000

const { values } = commandArguments({ options: { processes: { type: 'string', default: '3' } } }, USAGE)
const count = Number(values.processes)
const port = Number(process.env.PORT || 8080)
if (!Number.isInteger(count) || count < 1 || count > 16) fail('--processes must be a number from 1 to 16')
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT must be an integer from 0 to 65535, got "${process.env.PORT}"`)
const host = process.env.HOST || '127.0.0.1'
const dataDir = resolve(process.env.DATA_DIR || './data')
const level = (process.env.LOG_LEVEL || 'info') as LogLevel
if (!LOG_LEVELS.includes(level)) fail(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${process.env.LOG_LEVEL}"`)
const log = createLogger(level)

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`)
  process.exit(2)
}

/** The password of our own PostgreSQL and Redis: made once, kept beside their data, readable by us alone. */
function localPassword(dir: string): string {
  const file = join(dir, 'password')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const password = randomBytes(18).toString('base64url')
  writeFileSync(file, password + '\n', { mode: 0o600 })
  return password
}

/** A Ficha process that listens (on `port`). */
interface Member {
  name: string
  child: ChildProcess
  port: number
}

const members: Member[] = []
let stopping = false
let postgres: LocalPostgres | null = null
let redis: LocalRedis | null = null

/** Every Ficha process running, also one started again that does not listen yet (what Ctrl-C stops). */
const children = new Set<ChildProcess>()

/**
 * Starts Ficha process `name`; resolves when it listens, rejects if it exits first (at the launch,
 * its configuration or the database: the person must see why, and the launch fails).
 */
function startMember(name: string, env: Record<string, string>): Promise<Member> {
  if (stopping) return Promise.reject(new Error('stopping'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    // Behind the balancer every client is 127.0.0.1: a cap per address would be a cap per process.
    env: { MAX_CONNECTIONS_PER_ADDRESS: '0', ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.add(child)
  child.once('exit', () => children.delete(child))
  let member: Member | null = null
  return new Promise((resolveListening, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: Record<string, unknown> | null = null
      try {
        entry = JSON.parse(line) as Record<string, unknown>
      } catch {
        // Not a log line (the first admin's one-time password): shown as it is.
      }
      if (!entry || typeof entry !== 'object') return void process.stdout.write(line + '\n')
      process.stdout.write(JSON.stringify({ ...entry, process: name }) + '\n')
      if (entry.event === 'server.listening' && !member) {
        member = { name, child, port: Number(new URL(String(entry.url)).port) }
        resolveListening(member)
      }
    })
    child.once('exit', (code, signal) => {
      if (!member) return reject(new Error(`${name} exited (${signal ?? code}) before it listened`))
      const at = members.indexOf(member)
      if (stopping || at < 0) return
      log.warn('cluster.process_exited', { process: name, pid: child.pid, code, signal, restartInMs: RESTART_AFTER_MS })
      restartLater(at, name, env, RESTART_AFTER_MS)
    })
  })
}

/** Starts process `name` again in slot `at` after `delayMs`, and on failure again, waiting twice as long each time (to 30 s). */
function restartLater(at: number, name: string, env: Record<string, string>, delayMs: number): void {
  setTimeout(() => {
    if (stopping) return
    startMember(name, env).then(
      (again) => {
        members[at] = again
        log.info('cluster.process_restarted', { process: name, pid: again.child.pid, port: again.port })
      },
      (error: unknown) => {
        const next = Math.min(delayMs * 2, 30_000)
        log.error('cluster.restart_failed', { process: name, error, retryInMs: next })
        restartLater(at, name, env, next)
      },
    )
  }, delayMs)
}

async function stopAll(): Promise<void> {
  stopping = true
  await Promise.all(
    [...children].map((child) => {
      const exited = new Promise((done) => child.once('exit', done))
      child.kill('SIGTERM')
      // A process that does not stop in 10 s is killed: the database already holds what it stored.
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      return exited.finally(() => clearTimeout(timer))
    }),
  )
  await redis?.stop()
  await postgres?.stop()
}

let balancer: Balancer | null = null
// Installed before anything starts: a Ctrl-C while PostgreSQL or a process is starting stops them too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    log.info('cluster.stopping', { signal })
    void Promise.resolve(balancer?.close())
      .then(stopAll)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error('cluster.stop_failed', { error })
          process.exit(1)
        },
      )
  })
}

try {
  const dir = join(dataDir, 'cluster')
  // Others may pass through (the service account, when we are root), not list it.
  mkdirSync(dir, { recursive: true, mode: 0o711 })
  let databaseUrl = process.env.DATABASE_URL
  let redisUrl = process.env.REDIS_URL
  const password = !databaseUrl || !redisUrl ? localPassword(dir) : undefined
  if (!databaseUrl) {
    postgres = await startLocalPostgres({ dir: join(dir, 'postgres'), durable: true, password })
    databaseUrl = postgres.url
    log.info('cluster.postgres_started', { port: postgres.port, dir: join(dir, 'postgres'), created: postgres.created })
  }
  if (!redisUrl) {
    redis = await startLocalRedis({ dir: join(dir, 'redis'), password })
    redisUrl = redis.url
    log.info('cluster.redis_started', { port: redis.port, dir: join(dir, 'redis') })
  }
  const env = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl }
  // The first alone: it migrates the database and creates the first admin, whose one-time
  // password it prints; the others start together on a database that is ready.
  members.push(await startMember('ficha1', env))
  members.push(...(await Promise.all(Array.from({ length: count - 1 }, (_, i) => startMember(`ficha${i + 2}`, env)))))
  balancer = await startBalancer({ host, port, upstreams: () => members.map((m) => m.port) })
  log.info('cluster.ready', { url: balancer.url, processes: members.map((m) => ({ process: m.name, pid: m.child.pid, port: m.port })) })
  process.stdout.write(`\n  Ficha: ${count} processes on PostgreSQL and Redis, at ${balancer.url}\n  Stop one with kill -9 ${members.at(-1)!.child.pid} (it is started again); Ctrl-C stops everything.\n\n`)
} catch (error) {
  // Stopped while starting: the signal's handler stops what had started and exits.
  if (!stopping) {
    log.error('cluster.start_failed', { error })
    process.stderr.write(`the cluster could not start: ${(error as Error).message}\n`)
    await stopAll()
    process.exit(1)
  }
}
