import type { Kysely } from 'kysely'
import { bytes } from './dialect.js'

// Frozen: never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // 'semester' | 'checkpoint'
    .addColumn('period', 'text') // YYYY-S for semester snapshots
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('state', bytes(db), (c) => c.notNull())
    .addColumn('sheet_json', 'text', (c) => c.notNull())
    .addColumn('follow_up_json', 'text', (c) => c.notNull())
    // sha256 over state, sheet and follow-up: verified whenever a snapshot is read.
    .addColumn('checksum', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('superseded_by', 'text')
    .execute()
  await db.schema.createIndex('snapshots_programme').on('snapshots').columns(['programme_id', 'created_at']).execute()

  await db.schema
    .createTable('period_locks')
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('locked', 'integer', (c) => c.notNull())
    .addColumn('changed_by', 'text')
    .addColumn('changed_at', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addPrimaryKeyConstraint('period_locks_pk', ['programme_id', 'period'])
    .execute()

  // Audit entries that are decisions rather than edits carry a note (an unlock's reason, a restore).
  await db.schema.alterTable('audit_entries').addColumn('note', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_entries').dropColumn('note').execute()
  await db.schema.dropTable('period_locks').execute()
  await db.schema.dropTable('snapshots').execute()
}
