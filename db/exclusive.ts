import { sql } from 'kysely'
import type { Db } from './connection.js'

/**
 * Runs `work` while no other process sharing the database runs work under the same `name` (they
 * wait their turn). On SQLite one process owns the database (its data directory's lock), so it
 * just runs. On PostgreSQL it holds a session advisory lock on one reserved connection, which
 * PostgreSQL also releases if the process dies holding it.
 */
export async function exclusively<T>(db: Db, name: string, work: () => Promise<T>): Promise<T> {
  if (db.dialect !== 'postgres') return work()
  return db.kysely.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext(${name}))`.execute(connection)
    try {
      return await work()
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${name}))`.execute(connection)
    }
  })
}
