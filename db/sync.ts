import type SqliteDatabase from 'better-sqlite3'
import type { Compilable, Kysely } from 'kysely'
import type { SqliteDb } from './connection.js'
import type { Database } from './schema.js'

const statements = new WeakMap<SqliteDatabase.Database, Map<string, SqliteDatabase.Statement>>()

function prepared(sqlite: SqliteDatabase.Database, sql: string): SqliteDatabase.Statement {
  let cache = statements.get(sqlite)
  if (!cache) statements.set(sqlite, (cache = new Map()))
  let statement = cache.get(sql)
  if (!statement) cache.set(sql, (statement = sqlite.prepare(sql)))
  return statement
}

/**
 * Runs a Kysely-built query synchronously on better-sqlite3, reusing prepared statements.
 * The SQL still comes from Kysely (portable, typed); only the execution is synchronous, which
 * the document log needs (an update is committed before the same tick broadcasts it).
 */
export function runSync<R>(sqlite: SqliteDatabase.Database, query: Compilable<R>): R[] {
  const { sql, parameters } = query.compile()
  const statement = prepared(sqlite, sql)
  if (statement.reader) return statement.all(...parameters) as R[]
  statement.run(...parameters)
  return []
}

/** Runs a Kysely-built write synchronously, like {@link runSync}; answers how many rows it changed. */
export function writeSync(sqlite: SqliteDatabase.Database, query: Compilable<unknown>): number {
  const { sql, parameters } = query.compile()
  return prepared(sqlite, sql).run(...parameters).changes
}

/** Runs `fn` in one SQLite transaction (BEGIN IMMEDIATE), synchronously; rolls back if it throws. */
export function transactionSync<T>(sqlite: SqliteDatabase.Database, fn: () => T): T {
  return sqlite.transaction(fn).immediate()
}

const builtOnce = new WeakMap<SqliteDatabase.Database, Map<(kysely: Kysely<Database>) => Compilable<unknown>, SqliteDatabase.Statement>>()

/**
 * A statement built by Kysely (with any values: only its SQL is kept) and prepared once per
 * database handle, to be run with the values in the order the query binds them. For statements
 * run thousands of times a second, where compiling the query each time costs more than SQLite's
 * own work. `build` must be a module-level function: it is the cache key.
 *
 * @example
 * const insertRow = (k: Kysely<Database>) => k.insertInto('doc_log').values({ doc_name: '', seq: 0, data: new Uint8Array(), created_at: 0, user_id: null })
 * statementOnce(db, insertRow).run(docName, seq, data, now, userId)
 */
export function statementOnce(db: SqliteDb, build: (kysely: Kysely<Database>) => Compilable<unknown>): SqliteDatabase.Statement {
  let cache = builtOnce.get(db.sqlite)
  if (!cache) builtOnce.set(db.sqlite, (cache = new Map()))
  let statement = cache.get(build)
  if (!statement) cache.set(build, (statement = db.sqlite.prepare(build(db.kysely).compile().sql)))
  return statement
}
