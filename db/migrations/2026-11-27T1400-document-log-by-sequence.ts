import { sql, type Kysely } from 'kysely'
import { bytes, isPostgres, serialKey } from './dialect.js'

// Frozen: a migration never imports application code, so it runs the same in a year.

/**
 * The document log as one append-only table in arrival order, with no secondary index, and each
 * update numbered per document (`seq`) by the document's one owner instead of by a global
 * AUTOINCREMENT id. Storing every edit before it is broadcast is the server's hottest write:
 * before, each commit dirtied the table's last page, a page of the (doc_name, id) index for every
 * document in it, and sqlite_sequence; now all rows of a commit land on the table's last page,
 * so a commit writes one page to the WAL whatever the number of documents in it.
 * The price is a scan of the log when a document is loaded or compacted; the log stays short
 * (each loaded document compacts it every few thousand updates, and on unload).
 * Only rows after each document's compacted state are kept (the others are already in it): they
 * are renumbered 1…n per document and every state's frontier becomes 0.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table doc_log (
      id ${isPostgres(db) ? sql`bigserial` : sql`integer`} primary key,
      doc_name text not null,
      seq integer not null,
      data ${isPostgres(db) ? sql`bytea` : sql`blob`} not null,
      created_at bigint not null,
      user_id text
    )`.execute(db)
  await sql`
    insert into doc_log (doc_name, seq, data, created_at, user_id)
    select u.doc_name, row_number() over (partition by u.doc_name order by u.id), u.data, u.created_at, u.user_id
    from doc_updates u left join doc_states s on s.doc_name = u.doc_name
    where u.id > coalesce(s.last_update_id, 0)
    order by u.id`.execute(db)
  await db.schema.dropIndex('doc_updates_doc_name_id').execute()
  await db.schema.dropTable('doc_updates').execute()
  await sql`update doc_states set last_update_id = 0`.execute(db)
  await db.schema.alterTable('doc_states').renameColumn('last_update_id', 'last_seq').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('doc_updates')
    .addColumn('id', ...serialKey(db))
    .addColumn('doc_name', 'text', (c) => c.notNull())
    .addColumn('data', bytes(db), (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .execute()
  await db.schema.createIndex('doc_updates_doc_name_id').on('doc_updates').columns(['doc_name', 'id']).execute()
  // Ids grow in log order within each document; rows up to a state's frontier are already gone.
  await sql`
    insert into doc_updates (doc_name, data, created_at, user_id)
    select l.doc_name, l.data, l.created_at, l.user_id
    from doc_log l left join doc_states s on s.doc_name = l.doc_name
    where l.seq > coalesce(s.last_seq, 0)
    order by l.doc_name, l.seq`.execute(db)
  await db.schema.dropTable('doc_log').execute()
  await sql`update doc_states set last_seq = 0`.execute(db)
  await db.schema.alterTable('doc_states').renameColumn('last_seq', 'last_update_id').execute()
}
