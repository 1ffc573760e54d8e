import type SqliteDatabase from 'better-sqlite3'
import type { Compilable } from 'kysely'

const statements = new WeakMap<SqliteDatabase.Database, Map<string, SqliteDatabase.Statement>>()

/**
 * Runs a Kysely-built query synchronously on better-sqlite3, reusing prepared statements.
 * The SQL still comes from Kysely (portable, typed); only the execution is synchronous, which
 * the document log needs (an update is committed before the same tick broadcasts it).
 */
export function runSync<R>(sqlite: SqliteDatabase.Database, query: Compilable<R>): R[] {
  const { sql, parameters } = query.compile()
  let cache = statements.get(sqlite)
  if (!cache) statements.set(sqlite, (cache = new Map()))
  let statement = cache.get(sql)
  if (!statement) cache.set(sql, (statement = sqlite.prepare(sql)))
  if (statement.reader) return statement.all(...parameters) as R[]
  statement.run(...parameters)
  return []
}

/** Runs `fn` in one SQLite transaction (BEGIN IMMEDIATE), synchronously; rolls back if it throws. */
export function transactionSync<T>(sqlite: SqliteDatabase.Database, fn: () => T): T {
  return sqlite.transaction(fn).immediate()
}
