import { openPostgres } from '../../db/connection.js'
import { migrateToLatest } from '../../db/migrate.js'
import { saveAuditEntriesPostgres } from '../../db/repositories/audit.js'
import type { Config } from '../config.js'
import type { Logger } from '../log.js'
import { Metrics } from '../metrics.js'
import { documentServices, type Workspace } from '../workspace.js'
import { Fanout } from './fanout.js'
import { PostgresCommits } from './postgres-commits.js'
import { postgresStore } from './postgres-store.js'

/**
 * A server process on PostgreSQL (`DATABASE_URL`), one of several when `REDIS_URL` gives them a
 * fan-out: any process may serve any sheet. No data directory, journal or instance lock: the
 * database is the one record, and an update is in it, numbered, before anyone sees it. Documents
 * never sleep here (a sleeping document is woken synchronously, and PostgreSQL answers later).
 * The migrations take the database's migration lock, so processes may start together.
 */
export async function openPostgresWorkspace(config: Config & { databaseUrl: string }, log: Logger): Promise<Workspace & { fanout: Fanout | null }> {
  const db = openPostgres(config.databaseUrl)
  let fanout: Fanout | null = null
  try {
    await migrateToLatest(db.kysely)
    const store = postgresStore(db, log)
    const metrics = new Metrics()
    const services = await documentServices(db, config, log, {
      metrics,
      storage: { store, commits: new PostgresCommits(db, (entries) => fanout?.published(entries), log, metrics) },
      save: (entries) => saveAuditEntriesPostgres(db, entries),
      sleepAfterMs: 0,
      onLoaded: (live, seq) => void fanout?.follow(live, seq).catch((error: unknown) => log.error('fanout.follow_failed', { doc: live.name, error })),
      onUnloaded: (live) => void fanout?.unfollow(live),
    })
    const { registry, locks } = services
    if (config.redisUrl) {
      fanout = new Fanout({ url: config.redisUrl, db, log, loaded: (name) => registry.get(name) })
      await fanout.start()
    }
    const running = fanout
    return {
      db,
      registry,
      metrics,
      log,
      locks,
      fanout: running,
      serving: () => {},
      async close() {
        await services.close(() => store.settle())
        await running?.stop()
        await db.close()
      },
    }
  } catch (error) {
    await fanout?.stop().catch(() => {})
    await db.close()
    throw error
  }
}
