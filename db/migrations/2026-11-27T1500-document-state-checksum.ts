import type { Kysely } from 'kysely'

// Frozen: a migration never imports application code, so it runs the same in a year.

/**
 * The sha256 of each compacted state, written with it and checked when it is read: a damaged
 * state is refused before anything is built from it or sent to a client. Null for states
 * written before (they are not checked).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('doc_states').addColumn('state_sha256', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('doc_states').dropColumn('state_sha256').execute()
}
