/**
 * Throwaway PostgreSQL and Redis servers for the scale-out tests: each in its own temp directory,
 * on a free port, run as an unprivileged user (both refuse or misbehave as root: when the tests
 * run as root, as in CI, a `ficha-test` account is created and the servers run as it), stopped
 * and removed afterwards. Where the binaries are absent the tests that need them are skipped,
 * saying so (see {@link HAS_SERVICES}).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const PG_DIRS = ['/usr/local/bin', '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin']
const pgBinary = (name: string) => PG_DIRS.map((dir) => join(dir, name)).find((path) => existsSync(path)) ?? null
const REDIS = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((path) => existsSync(path)) ?? null
const INITDB = pgBinary('initdb')
const PG_CTL = pgBinary('pg_ctl')

/** Whether PostgreSQL (initdb, pg_ctl) and Redis (redis-server) are installed here. */
export const HAS_SERVICES = Boolean(INITDB && PG_CTL && REDIS)
if (!HAS_SERVICES) {
  // Said plainly, once per file: only the scale-out tests are skipped; CI installs both.
  console.warn(`\n  PostgreSQL (initdb, pg_ctl) or redis-server not found: the scale-out tests are SKIPPED. Install them with \`apt-get install -y postgresql redis-server\` (.ci/run does).\n`)
}

const USER = 'ficha-test'
const isRoot = process.getuid?.() === 0

/**
 * Spawn options that run a child as the unprivileged test user (as ourselves when we are not
 * root), creating the account the first time. Node sets the child's uid and gid itself, so the
 * child is the server, and killing it kills the server (no runuser in between).
 */
function asUser(cwd: string): { uid?: number; gid?: number; cwd: string; env: NodeJS.ProcessEnv } {
  if (!isRoot) return { cwd, env: process.env }
  if (spawnSync('id', ['-u', USER]).status !== 0) execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', USER])
  const id = (flag: string) => Number(execFileSync('id', [flag, USER]).toString().trim())
  return { uid: id('-u'), gid: id('-g'), cwd, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: cwd, LANG: 'C' } }
}

/** A directory the test user owns. */
function ownedTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  chmodSync(dir, 0o700)
  if (isRoot) {
    asUser(dir)
    execFileSync('chown', [`${USER}:`, dir])
  }
  return dir
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

async function waitFor(ready: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await ready())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

export interface TestPostgres {
  /** `postgres://ficha@127.0.0.1:N/postgres`. */
  readonly url: string
  readonly port: number
  stop(): Promise<void>
}

/**
 * A PostgreSQL cluster of its own (`initdb`, then `pg_ctl start`), trust authentication on
 * 127.0.0.1 only, superuser `ficha`.
 */
export async function startPostgres(): Promise<TestPostgres> {
  if (!INITDB || !PG_CTL) throw new Error('PostgreSQL is not installed')
  const dir = ownedTempDir('ficha-pg-')
  const user = asUser(dir)
  const data = join(dir, 'data')
  const port = await freePort()
  const run = (command: string, args: string[]) => execFileSync(command, args, { ...user, stdio: ['ignore', 'ignore', 'pipe'] })
  run(INITDB, ['-D', data, '-U', 'ficha', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'])
  // Small and fast: a test cluster needs no durability across power cuts (fsync off), nor many connections.
  const options = `-c port=${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100 -c shared_buffers=32MB`
  run(PG_CTL, ['-D', data, '-l', join(dir, 'log'), '-o', options, '-w', '-t', '60', 'start'])
  const stop = async () => {
    spawnSync(PG_CTL, ['-D', data, '-m', 'fast', '-w', 'stop'], { ...user, stdio: 'ignore' })
    rmSync(dir, { recursive: true, force: true })
  }
  // initdb's own `postgres` database: the cluster is this test's alone.
  return { url: `postgres://ficha@127.0.0.1:${port}/postgres`, port, stop }
}

export interface TestRedis {
  /** `redis://127.0.0.1:N`. */
  readonly url: string
  readonly port: number
  /** Stops the server (SIGKILL: as a crash would), keeping its data directory. */
  kill(): Promise<void>
  /** Starts it again on the same port and data (its append-only file), after {@link kill}. */
  restart(): Promise<void>
  stop(): Promise<void>
}

/** A Redis server of its own, with an append-only file in its temp directory. */
export async function startRedis(): Promise<TestRedis> {
  if (!REDIS) throw new Error('redis-server is not installed')
  const dir = ownedTempDir('ficha-redis-')
  const user = asUser(dir)
  const port = await freePort()
  let child: ChildProcess | null = null
  const launch = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--protected-mode', 'no']
    const started = spawn(REDIS, args, { ...user, stdio: ['ignore', 'pipe', 'pipe'] })
    child = started
    let output = ''
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    await waitFor(async () => {
      if (started.exitCode !== null) throw new Error(`redis-server exited: ${output}`)
      return output.includes('Ready to accept connections')
    }, 'redis-server')
  }
  const kill = async () => {
    const running = child
    child = null
    if (!running || running.exitCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill('SIGKILL')
    await exited
  }
  await launch()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    restart: launch,
    async stop() {
      await kill()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
