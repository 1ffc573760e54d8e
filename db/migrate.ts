import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely'
import * as m20261127T0900 from './migrations/2026-11-27T0900-programmes-and-documents.js'
import * as m20261127T1000 from './migrations/2026-11-27T1000-programme-summary.js'
import * as m20261127T1100 from './migrations/2026-11-27T1100-accounts.js'
import * as m20261127T1200 from './migrations/2026-11-27T1200-evaluations-and-threads.js'
import * as m20261127T1300 from './migrations/2026-11-27T1300-snapshots.js'
import * as m20261127T1400 from './migrations/2026-11-27T1400-document-log-by-sequence.js'
import * as m20261127T1500 from './migrations/2026-11-27T1500-document-state-checksum.js'
import * as m20261207T0100 from './migrations/2026-12-07T0100-audit-detail.js'
import * as m20261207T0200 from './migrations/2026-12-07T0200-document-heads.js'

/**
 * Every migration, in order. Listed statically (not read from the folder) so that the set is
 * fixed at build time and the same under tsx, vitest and a bundler.
 */
const migrations: Record<string, Migration> = {
  '2026-11-27T0900-programmes-and-documents': m20261127T0900,
  '2026-11-27T1000-programme-summary': m20261127T1000,
  '2026-11-27T1100-accounts': m20261127T1100,
  '2026-11-27T1200-evaluations-and-threads': m20261127T1200,
  '2026-11-27T1300-snapshots': m20261127T1300,
  '2026-11-27T1400-document-log-by-sequence': m20261127T1400,
  '2026-11-27T1500-document-state-checksum': m20261127T1500,
  '2026-12-07T0100-audit-detail': m20261207T0100,
  '2026-12-07T0200-document-heads': m20261207T0200,
}

function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } })
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  return check(await migrator(db).migrateToLatest())
}

/** Reverts the most recent migration (for `npm run migrate -- down`). */
export async function migrateDown(db: Kysely<any>): Promise<MigrationResultSet> {
  return check(await migrator(db).migrateDown())
}

function check(result: MigrationResultSet): MigrationResultSet {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new Error(`migration ${failed} failed: ${String(result.error)}`, { cause: result.error })
  }
  return result
}
