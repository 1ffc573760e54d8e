/**
 * `hops`: the two steps a cross-process edit takes that one process on SQLite does not, each
 * measured alone on the machine as it is (idle, or beside a load). A `--cluster` edit is stored
 * on PostgreSQL before anything is broadcast (the real append statement, one row per call, as at
 * a low rate), then handed to the other processes over the sheet's Redis stream (`XADD` in this
 * process, `XREAD BLOCK` in another, as cluster/fanout.ts reads). What the two take at p99 on an
 * idle machine is the least a cross-process p99 adds to the single process's; on a busy one each
 * step also waits for a core.
 */
import { fork } from 'node:child_process'
import { resolve } from 'node:path'
import { createClient } from 'redis'
import { openPostgres } from '../../db/connection.js'
import { migrateToLatest } from '../../db/migrate.js'
import { appendNumbered } from '../../db/repositories/document-log-postgres.js'
import { startPostgres, startRedis } from '../support/services.js'
import { sleep, summarise, type LatencySummary } from './bench.js'
import { nowMs } from './edits.js'

export interface HopsResult {
  workload: 'hops'
  /** The append statement's round trip from the pool (ms). */
  appendMs: LatencySummary
  /** From `XADD` in one process to the entry read by another's blocked `XREAD` (ms). */
  fanoutMs: LatencySummary
}

/** An update's size at `mission` (a few typed characters or one figure). */
const UPDATE = new Uint8Array(60).fill(7)

export async function runHops(options: { samples: number }): Promise<HopsResult> {
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()])
  try {
    return { workload: 'hops', appendMs: await appendRoundTrips(postgres.url, options.samples), fanoutMs: await fanoutHops(redis.url, options.samples) }
  } finally {
    await Promise.all([postgres.stop(), redis.stop()])
  }
}

async function appendRoundTrips(url: string, samples: number): Promise<LatencySummary> {
  const db = openPostgres(url)
  try {
    await migrateToLatest(db.kysely)
    const times: number[] = []
    // The first calls prepare the statement on each connection they use: not measured.
    for (let i = 0; i < samples + 100; i++) {
      const started = performance.now()
      await appendNumbered(db, [{ docName: `HOPS-${i % 20}`, data: UPDATE, userId: null }], Date.now())
      if (i >= 100) times.push(performance.now() - started)
      await sleep(2)
    }
    return summarise(times)
  } finally {
    await db.close()
  }
}

async function fanoutHops(url: string, samples: number): Promise<LatencySummary> {
  const reader = fork(resolve(import.meta.dirname, 'hops-reader.ts'), [url, String(samples)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const exited = new Promise<never>((_, reject) => reader.once('exit', (code) => reject(new Error(`the stream reader exited (${code}) before it had ${samples} entries`))))
  exited.catch(() => {})
  const next = () => Promise.race([new Promise((r) => reader.once('message', r)), exited])
  const writer = createClient({ url })
  try {
    await writer.connect()
    await next() // its XREAD is blocked
    const result = next() as Promise<LatencySummary>
    let done = false
    void result.then(() => (done = true), () => (done = true))
    const data = Buffer.from(UPDATE).toString('base64')
    for (let seq = 1; !done; seq++) {
      void writer.sendCommand(['XADD', 'ficha:doc:HOPS', 'MAXLEN', '~', '10000', '*', 'seq', String(seq), 't', String(nowMs()), 'data', data])
      await sleep(5)
    }
    return await result
  } finally {
    reader.kill()
    await writer.quit().catch(() => {})
  }
}
