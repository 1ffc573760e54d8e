import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Database } from './schema.js'

/** How hard SQLite syncs a commit to disk. `normal` (WAL) survives any process crash; `full` also a power cut. */
export type SyncMode = 'normal' | 'full'

/**
 * One open database: Kysely for queries that may wait, and the raw better-sqlite3 handle for the
 * document log, whose writes must complete synchronously between two socket messages (see
 * repositories/documents.ts). Both share one connection, so a Kysely transaction must never await
 * anything but its own queries: a socket message handled inside it would join its transaction.
 */
export interface Db {
  readonly kysely: Kysely<Database>
  readonly sqlite: SqliteDatabase.Database
  readonly file: string
  close(): Promise<void>
}

/**
 * Opens (creating it and its folder if needed) the SQLite file in WAL mode.
 *
 * @example
 * const db = openDatabase('./data/ficha.sqlite')
 * await migrateToLatest(db.kysely)
 */
export function openDatabase(file: string, options: { sync?: SyncMode } = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const sqlite = new SqliteDatabase(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma(`synchronous = ${options.sync === 'full' ? 'FULL' : 'NORMAL'}`)
  // The backup command and a second server instance open the same file; wait instead of failing.
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = ON')
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  let closed = false
  return {
    kysely,
    sqlite,
    file,
    async close() {
      if (closed) return
      closed = true
      // Kysely closes the handle only if it ever used it; close it ourselves otherwise.
      await kysely.destroy()
      if (sqlite.open) sqlite.close()
    },
  }
}
