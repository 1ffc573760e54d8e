import type { Kysely } from 'kysely'
import { bytes, serialKey } from './dialect.js'

// Frozen: a migration never imports application code, so it runs the same in a year.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('programmes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('doc_updates')
    .addColumn('id', ...serialKey(db))
    .addColumn('doc_name', 'text', (c) => c.notNull())
    .addColumn('data', bytes(db), (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('doc_updates_doc_name_id').on('doc_updates').columns(['doc_name', 'id']).execute()

  await db.schema
    .createTable('doc_states')
    .addColumn('doc_name', 'text', (c) => c.primaryKey())
    .addColumn('state', bytes(db), (c) => c.notNull())
    .addColumn('last_update_id', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('doc_states').execute()
  await db.schema.dropIndex('doc_updates_doc_name_id').execute()
  await db.schema.dropTable('doc_updates').execute()
  await db.schema.dropTable('programmes').execute()
}
