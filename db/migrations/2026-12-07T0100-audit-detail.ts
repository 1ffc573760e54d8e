import type { Kysely } from 'kysely'

// Frozen: never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // What an entry changed, as JSON: a field's old → new value, a narrative's excerpt, a restore's
  // source and sections. Rows written before it have none and read as before.
  await db.schema.alterTable('audit_entries').addColumn('detail', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_entries').dropColumn('detail').execute()
}
