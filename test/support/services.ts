/**
 * Throwaway PostgreSQL and Redis servers for the scale-out tests and benchmarks: each in its own
 * temp directory, on a free port (see server/cli/local-services.ts, which `npm run cluster` runs
 * too), stopped and removed afterwards. Where the binaries are absent the tests that need them are
 * skipped, saying so (see {@link HAS_SERVICES}).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HAS_LOCAL_SERVICES, INSTALL_HINT, startLocalPostgres, startLocalRedis, type LocalPostgres, type LocalRedis } from '../../server/cli/local-services.js'

/** Whether PostgreSQL (initdb, pg_ctl) and Redis (redis-server) are installed here. */
export const HAS_SERVICES = HAS_LOCAL_SERVICES
if (!HAS_SERVICES) {
  // Said plainly, once per file: only the scale-out tests are skipped; CI installs both.
  console.warn(`\n  PostgreSQL (initdb, pg_ctl) or redis-server not found: the scale-out tests are SKIPPED. Install them with \`${INSTALL_HINT}\` (.ci/run does).\n`)
}

export type TestPostgres = LocalPostgres
export type TestRedis = LocalRedis

const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix))

/** A PostgreSQL cluster of this test's alone: trust on 127.0.0.1, superuser `ficha`, no fsync. */
export async function startPostgres(): Promise<TestPostgres> {
  const dir = tempDir('ficha-pg-')
  const postgres = await startLocalPostgres({ dir, durable: false })
  const stop = async () => {
    await postgres.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  return { ...postgres, stop }
}

/** A Redis server of this test's alone, with an append-only file in its temp directory. */
export async function startRedis(): Promise<TestRedis> {
  const dir = tempDir('ficha-redis-')
  const redis = await startLocalRedis({ dir })
  const stop = async () => {
    await redis.kill() // as a crash would: a test has nothing to keep
    rmSync(dir, { recursive: true, force: true })
  }
  return { ...redis, stop }
}
