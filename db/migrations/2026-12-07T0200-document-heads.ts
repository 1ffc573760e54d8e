import { sql, type Kysely } from 'kysely'
import { isPostgres } from './dialect.js'

// Frozen: never imports application code.

/**
 * Each document's head: the sequence number of its newest stored update. Several server
 * processes on one PostgreSQL database number a document's updates by bumping its head and
 * inserting the rows in one transaction, so the numbers stay gapless and unique whichever
 * process stores them (SQLite's one process numbers them itself; the table stays empty there).
 * On PostgreSQL the log is read by document and position, so it gets the index SQLite's
 * append-only scan does without, unique so that no number is ever stored twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('doc_heads')
    .addColumn('doc_name', 'text', (c) => c.primaryKey())
    .addColumn('head', 'bigint', (c) => c.notNull())
    .execute()
  if (isPostgres(db)) await sql`create unique index doc_log_doc_seq on doc_log (doc_name, seq)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await sql`drop index doc_log_doc_seq`.execute(db)
  await db.schema.dropTable('doc_heads').execute()
}
