import type { Db } from '../../db/connection.js'

/**
 * Which financial periods are locked, per programme, held in memory so that the socket can check
 * an update synchronously; the database (`period_locks`) is the record, read once at start.
 */
const NONE: ReadonlySet<string> = new Set()

export class PeriodLocks {
  private readonly locked = new Map<string, Set<string>>()
  /** Told of each change made here, to pass it to the other server processes (cluster/notices.ts). */
  relay: ((programmeId: string, period: string, locked: boolean) => void) | null = null

  static async load(db: Db): Promise<PeriodLocks> {
    const locks = new PeriodLocks()
    const rows = await db.kysely.selectFrom('period_locks').select(['programme_id', 'period']).where('locked', '=', 1).execute()
    for (const row of rows) locks.set(row.programme_id, row.period, true, true)
    return locks
  }

  /** Asked on every socket update: answers a shared empty set rather than allocating one. */
  of(programmeId: string): ReadonlySet<string> {
    return this.locked.get(programmeId) ?? NONE
  }

  /** Locks or unlocks a period; `relayed`: the change was made by another process, not passed on again. */
  set(programmeId: string, period: string, locked: boolean, relayed = false): void {
    const periods = this.locked.get(programmeId) ?? new Set<string>()
    if (locked) periods.add(period)
    else periods.delete(period)
    this.locked.set(programmeId, periods)
    if (!relayed) this.relay?.(programmeId, period, locked)
  }
}
