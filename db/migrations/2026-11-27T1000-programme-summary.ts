import type { Kysely } from 'kysely'

// Frozen: never imports application code.

/** A JSON copy of what the programme list shows, so listing ~130 sheets loads none of them. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('programmes').addColumn('summary', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('programmes').dropColumn('summary').execute()
}
