/**
 * PostgreSQL and Redis servers of our own on this machine, each in a directory given to it, on a
 * free loopback port: what `npm run cluster` runs when it is given no DATABASE_URL / REDIS_URL,
 * and what the scale-out tests and benchmarks start (in temp directories). Both refuse or
 * misbehave as root: run by root, they run as an unprivileged system account, created the first
 * time.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

const PG_DIRS = ['/usr/local/bin', '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin']
const pgBinary = (name: string) => PG_DIRS.map((dir) => join(dir, name)).find((path) => existsSync(path)) ?? null
const REDIS = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((path) => existsSync(path)) ?? null
const INITDB = pgBinary('initdb')
const PG_CTL = pgBinary('pg_ctl')

/** Whether PostgreSQL (initdb, pg_ctl) and Redis (redis-server) are installed here. */
export const HAS_LOCAL_SERVICES = Boolean(INITDB && PG_CTL && REDIS)
export const INSTALL_HINT = 'apt-get install -y postgresql redis-server'

/** The account the servers run as when we are root. */
export const SERVICE_ACCOUNT = 'ficha-services'
const isRoot = process.getuid?.() === 0

/**
 * Spawn options that run a child as the service account (as ourselves when we are not root),
 * creating the account the first time. Node sets the child's uid and gid itself, so the child is
 * the server, and killing it kills the server (no runuser in between).
 */
function asServiceAccount(cwd: string): { uid?: number; gid?: number; cwd: string; env: NodeJS.ProcessEnv } {
  if (!isRoot) return { cwd, env: process.env }
  return { ...serviceAccount(), cwd, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: cwd, LANG: 'C' } }
}

let account: { uid: number; gid: number } | null = null
/** The service account's ids, looked up (and the account created) once per process. */
function serviceAccount(): { uid: number; gid: number } {
  if (account) return account
  if (spawnSync('id', ['-u', SERVICE_ACCOUNT]).status !== 0) {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', SERVICE_ACCOUNT])
  }
  const id = (flag: string) => Number(execFileSync('id', [flag, SERVICE_ACCOUNT]).toString().trim())
  account = { uid: id('-u'), gid: id('-g') }
  return account
}

/** `dir`, created if need be, readable by the service account alone. */
function ownedDir(dir: string): string {
  mkdirSync(dir, { recursive: true })
  chmodSync(dir, 0o700)
  if (isRoot) {
    const { uid, gid } = serviceAccount()
    chownSync(dir, uid, gid)
    // A folder above it closed to others would stop the server at its first file: said here, plainly.
    if (spawnSync('test', ['-w', dir], { ...asServiceAccount('/'), stdio: 'ignore' }).status !== 0) {
      throw new Error(`${SERVICE_ACCOUNT} (the account PostgreSQL and Redis run as, since we are root) cannot reach ${dir}: open its parent folders to others (chmod o+x) or choose another folder`)
    }
  }
  return dir
}

/** A file only the service account reads (a password, a configuration holding one). */
function privateFile(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600 })
  if (!isRoot) return
  const { uid, gid } = serviceAccount()
  chownSync(path, uid, gid)
}

/** A TCP port nobody listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

async function waitFor(ready: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!ready()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

export interface LocalPostgres {
  /** `postgres://ficha[:password]@127.0.0.1:N/postgres`. */
  readonly url: string
  readonly port: number
  /** Whether this start made the cluster (`initdb`), rather than finding one in its directory. */
  readonly created: boolean
  /** `pg_ctl stop -m fast`: sessions ended, everything committed is kept. */
  stop(): Promise<void>
}

export interface PostgresOptions {
  /** Its directory: the cluster in `data/`, its log in `log`. Reused when it holds one already. */
  dir: string
  /**
   * Whether it keeps what it commits across a power cut. Off (fsync off, asynchronous commits)
   * for throwaway test clusters only.
   */
  durable: boolean
  /** Superuser `ficha`'s password (scram-sha-256); without one, trust on 127.0.0.1 (tests). */
  password?: string
}

/**
 * A PostgreSQL cluster of its own (`initdb` the first time, then `pg_ctl start`), listening on
 * 127.0.0.1 only, superuser `ficha`, database `postgres`. A server left running by a launcher
 * that was killed is stopped first: two must never share a data directory.
 */
export async function startLocalPostgres(options: PostgresOptions): Promise<LocalPostgres> {
  if (!INITDB || !PG_CTL) throw new Error(`PostgreSQL (initdb, pg_ctl) is not installed: ${INSTALL_HINT}`)
  const dir = ownedDir(options.dir)
  const user = asServiceAccount(dir)
  const data = join(dir, 'data')
  const run = (command: string, args: string[]) => execFileSync(command, args, { ...user, stdio: ['ignore', 'ignore', 'pipe'] })
  const created = !existsSync(join(data, 'PG_VERSION'))
  if (created) {
    const auth = options.password ? ['--auth=scram-sha-256', `--pwfile=${join(dir, 'password')}`] : ['--auth=trust']
    if (options.password) privateFile(join(dir, 'password'), options.password)
    try {
      run(INITDB, ['-D', data, '-U', 'ficha', ...auth, '--encoding=UTF8', '--no-locale', ...(options.durable ? [] : ['--no-sync'])])
    } finally {
      rmSync(join(dir, 'password'), { force: true })
    }
  }
  if (spawnSync(PG_CTL, ['-D', data, 'status'], { ...user, stdio: 'ignore' }).status === 0) run(PG_CTL, ['-D', data, '-m', 'fast', '-w', 'stop'])
  const port = await freePort()
  const fast = options.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off'
  const settings = `-c port=${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c max_connections=100 -c shared_buffers=32MB${fast}`
  run(PG_CTL, ['-D', data, '-l', join(dir, 'log'), '-o', settings, '-w', '-t', '60', 'start'])
  const credentials = options.password ? `ficha:${encodeURIComponent(options.password)}` : 'ficha'
  return {
    url: `postgres://${credentials}@127.0.0.1:${port}/postgres`,
    port,
    created,
    stop: async () => {
      spawnSync(PG_CTL, ['-D', data, '-m', 'fast', '-w', 'stop'], { ...user, stdio: 'ignore' })
    },
  }
}

export interface LocalRedis {
  /** `redis://[:password@]127.0.0.1:N`. */
  readonly url: string
  readonly port: number
  /** SIGKILL, as a crash would: what is not yet in its append-only file is lost. */
  kill(): Promise<void>
  /** Starts it again on the same port and data (its append-only file), after {@link kill}. */
  restart(): Promise<void>
  /** SIGTERM: it writes its append-only file out and exits. */
  stop(): Promise<void>
}

/** Whether `pid` is a running redis-server (a pid file's process may be long gone, its number reused). */
function isRedis(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server')
  } catch {
    return false
  }
}

/**
 * A Redis server of its own with an append-only file in `dir`, listening on 127.0.0.1 only; with
 * a password, clients must give it (it is in its configuration file, never on a command line
 * that `ps` shows). One left running by a launcher that was killed is stopped first.
 */
export async function startLocalRedis(options: { dir: string; password?: string }): Promise<LocalRedis> {
  if (!REDIS) throw new Error(`redis-server is not installed: ${INSTALL_HINT}`)
  const dir = ownedDir(options.dir)
  const user = asServiceAccount(dir)
  const pidFile = join(dir, 'redis.pid')
  const stale = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : 0
  if (stale > 0 && isRedis(stale)) {
    process.kill(stale, 'SIGTERM')
    await waitFor(() => !isRedis(stale), 'the redis-server left running to stop')
  }
  const port = await freePort()
  const conf = join(dir, 'redis.conf')
  const lines = [`port ${port}`, 'bind 127.0.0.1', `dir ${dir}`, `pidfile ${pidFile}`, 'appendonly yes', 'save ""', ...(options.password ? [`requirepass "${options.password}"`] : ['protected-mode no'])]
  privateFile(conf, lines.join('\n') + '\n')
  let child: ChildProcess | null = null
  const launch = async () => {
    const started = spawn(REDIS, [conf], { ...user, stdio: ['ignore', 'pipe', 'pipe'] })
    child = started
    let output = ''
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    await waitFor(() => {
      if (started.exitCode !== null) throw new Error(`redis-server exited: ${output}`)
      return output.includes('Ready to accept connections')
    }, 'redis-server')
  }
  const end = async (signal: NodeJS.Signals) => {
    const running = child
    child = null
    if (!running || running.exitCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill(signal)
    await exited
  }
  await launch()
  return {
    url: `redis://${options.password ? `:${encodeURIComponent(options.password)}@` : ''}127.0.0.1:${port}`,
    port,
    kill: () => end('SIGKILL'),
    restart: launch,
    stop: () => end('SIGTERM'),
  }
}
