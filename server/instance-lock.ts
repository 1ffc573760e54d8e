import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** What the lock file says about the process that holds a data directory. */
export interface LockInfo {
  pid: number
  /** Where that process serves the API, or null for a command working on the files directly. */
  url: string | null
  startedAt: string
}

const LOCK_FILE = 'ficha.lock'

/**
 * One process at a time owns a data directory. Two owners would each hold their own copy of a
 * loaded document, and one's compaction would delete log rows the other wrote. The lock file
 * also tells commands (`npm run import`) where the running server listens, so they go through it.
 */
export function acquireDataLock(dataDir: string, url: string | null): { release(): void; update(url: string): void } {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, LOCK_FILE)
  const holder = readDataLock(dataDir)
  if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
    throw new Error(
      `${dataDir} is in use by process ${holder.pid}${holder.url ? ` serving ${holder.url}` : ''}; stop it or use another DATA_DIR`,
    )
  }
  const write = (info: LockInfo) => writeFileSync(file, JSON.stringify(info) + '\n')
  const info: LockInfo = { pid: process.pid, url, startedAt: new Date().toISOString() }
  write(info)
  return {
    release: () => {
      // Only our own lock: a later owner may have replaced a lock we thought stale.
      if (readDataLock(dataDir)?.pid === process.pid) rmSync(file, { force: true })
    },
    update: (serving) => write({ ...info, url: serving }),
  }
}

/** The current holder of a data directory, if its lock file names a live process. */
export function liveDataLock(dataDir: string): LockInfo | null {
  const holder = readDataLock(dataDir)
  return holder && isAlive(holder.pid) ? holder : null
}

function readDataLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as LockInfo
    return Number.isInteger(info.pid) ? info : null
  } catch {
    return null
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: alive but not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
