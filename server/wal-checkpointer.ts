import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { SqliteDb } from '../db/connection.js'
import type { Logger } from './log.js'

/**
 * How often the thread checkpoints. Each checkpoint that copies anything syncs the log and the
 * database file, and a write to the same filesystem during that sync waits for it in the kernel:
 * the next commit on the event loop is stalled, for 0.5 to several ms on this machine. At
 * `mission`, every 200 ms, 116–124 of 4600–5500 commits in 28 s took over 0.5 ms (121–491 ms of
 * blocked event loop in all); every 2 s, 18–21 (21–25 ms). The log grows meanwhile by what 2 s
 * of commits write (a page or two each), below the safety bound.
 */
const INTERVAL_MS = 2000
/** SQLite's own automatic checkpoint threshold (pages), kept while the thread does not run. */
const AUTOMATIC_PAGES = 1000
/** While it runs, the automatic checkpoint is only a bound, should the thread fall behind. */
const SAFETY_PAGES = 16_384

/**
 * Copies the write-ahead log back into the database file from a worker thread with its own
 * connection, so that the server's event loop never does it: an automatic checkpoint runs inside
 * the commit that crosses the threshold and held every socket for 3–13 ms, about every half
 * second on a busy server. SQLite lets one connection checkpoint while another writes
 * (PASSIVE: it copies what is committed and waits for nobody).
 */
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file, { fileMustExist: true })
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch (error) {
    parentPort.postMessage(String(error && error.message || error))
  }
}, workerData.intervalMs)
parentPort.on('message', () => {
  clearInterval(timer)
  db.close()
  parentPort.close()
})
`

export interface WalCheckpointer {
  /** Stops the thread and closes its connection (before the server closes its own). */
  stop(): Promise<void>
}

export function startWalCheckpointer(db: SqliteDb, log: Logger): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER, { eval: true, workerData: { file: db.file, driver, intervalMs: INTERVAL_MS } })
  let stopping = false
  db.sqlite.pragma(`wal_autocheckpoint = ${SAFETY_PAGES}`)
  worker.on('message', (error: string) => log.warn('wal.checkpoint_failed', { error }))
  worker.on('error', (error) => log.error('wal.checkpointer_failed', { error }))
  worker.on('exit', () => {
    // Without the thread the server checkpoints as SQLite does by default.
    if (!stopping && db.sqlite.open) db.sqlite.pragma(`wal_autocheckpoint = ${AUTOMATIC_PAGES}`)
  })
  // It never keeps the process alive on its own.
  worker.unref()
  return {
    async stop() {
      stopping = true
      // Waited for: referenced again, or the process could end before the thread does.
      worker.ref()
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
      worker.postMessage('stop')
      await exited
    },
  }
}
