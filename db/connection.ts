import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import pg from 'pg'
import type { Database } from './schema.js'

/** How hard SQLite syncs a commit to disk. `normal` (WAL) survives any process crash; `full` also a power cut. */
export type SyncMode = 'normal' | 'full'

/**
 * One open database, SQLite (the embedded default) or PostgreSQL (several server processes):
 * Kysely over either. The repositories take a `Db` and run on both.
 */
export interface Db {
  readonly kysely: Kysely<Database>
  readonly dialect: 'sqlite' | 'postgres'
  close(): Promise<void>
}

/**
 * The SQLite database: Kysely for queries that may wait, and the raw better-sqlite3 handle for the
 * document log, whose writes must complete synchronously between two socket messages (see
 * repositories/documents.ts). Both share one connection, so a Kysely transaction must never await
 * anything but its own queries: a socket message handled inside it would join its transaction.
 */
export interface SqliteDb extends Db {
  readonly dialect: 'sqlite'
  readonly sqlite: SqliteDatabase.Database
  readonly file: string
}

/** The PostgreSQL database: Kysely over a pool of connections, and the pool for what Kysely does not say (LISTEN, advisory locks). */
export interface PostgresDb extends Db {
  readonly dialect: 'postgres'
  readonly pool: pg.Pool
}

/**
 * Opens (creating it and its folder if needed) the SQLite file in WAL mode.
 *
 * @example
 * const db = openDatabase('./data/ficha.sqlite')
 * await migrateToLatest(db.kysely)
 */
export function openDatabase(file: string, options: { sync?: SyncMode } = {}): SqliteDb {
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
    dialect: 'sqlite',
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

// 64-bit integers (bigint, count(*)) as numbers: every one of ours is a millisecond timestamp,
// a sequence number or a count, all far below 2^53. pg answers them as strings otherwise.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))

/**
 * Opens a PostgreSQL database by URL (`postgres://user@host:port/db`) with a pool of `max`
 * connections. Nothing is created: run the migrations on it (`migrateToLatest(db.kysely)`).
 */
export function openPostgres(url: string, options: { max?: number } = {}): PostgresDb {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 })
  // An idle client whose server went away must not crash the process; the next query reconnects.
  pool.on('error', () => {})
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  let closed = false
  return {
    kysely,
    dialect: 'postgres',
    pool,
    async close() {
      if (closed) return
      closed = true
      await kysely.destroy()
    },
  }
}
