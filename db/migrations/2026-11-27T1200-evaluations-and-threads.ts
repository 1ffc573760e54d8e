import type { Kysely } from 'kysely'

// Frozen: never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('evaluations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // 'mid-term' | 'final'
    .addColumn('evaluators', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text') // YYYY-MM
    .addColumn('period_end', 'text')
    .addColumn('report_url', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('evaluations_programme').on('evaluations').column('programme_id').execute()

  await db.schema
    .createTable('findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id').onDelete('cascade'))
    .addColumn('programme_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('criterion', 'text', (c) => c.notNull())
    .addColumn('finding', 'text', (c) => c.notNull())
    .addColumn('recommendation', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull()) // 'high' | 'medium' | 'low'
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('findings_evaluation').on('findings').column('evaluation_id').execute()

  // One management response per recommendation (UNEG).
  await db.schema
    .createTable('responses')
    .addColumn('finding_id', 'text', (c) => c.primaryKey().references('findings.id').onDelete('cascade'))
    .addColumn('decision', 'text', (c) => c.notNull()) // 'accepted' | 'partially-accepted' | 'rejected'
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('responded_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id').onDelete('cascade'))
    .addColumn('programme_id', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('responsible', 'text', (c) => c.notNull())
    .addColumn('responsible_user_id', 'text')
    .addColumn('due_date', 'text') // YYYY-MM-DD
    .addColumn('status', 'text', (c) => c.notNull()) // 'not-started' | 'in-progress' | 'done'
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('actions_programme').on('actions').column('programme_id').execute()

  await db.schema
    .createTable('threads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id').onDelete('cascade'))
    .addColumn('anchor_kind', 'text', (c) => c.notNull()) // 'finding' | 'field' | 'text'
    .addColumn('finding_id', 'text')
    // A field id or cell ('finding' anchors: null; 'text' anchors: the narrative, `text:x` or a result cell).
    .addColumn('field', 'text')
    // Yjs relative positions (base64) of the span's ends: anchors that move with concurrent edits.
    .addColumn('anchor_start', 'text')
    .addColumn('anchor_end', 'text')
    .addColumn('quote', 'text')
    .addColumn('resolved_at', 'bigint')
    .addColumn('resolved_by', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('threads_programme').on('threads').column('programme_id').execute()

  await db.schema
    .createTable('comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('edited_at', 'bigint')
    .addColumn('deleted_at', 'bigint')
    .execute()
  await db.schema.createIndex('comments_thread').on('comments').column('thread_id').execute()

  await db.schema
    .createTable('mentions')
    .addColumn('comment_id', 'text', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mentions_pk', ['comment_id', 'user_id'])
    .execute()
  await db.schema.createIndex('mentions_user').on('mentions').column('user_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['mentions', 'comments', 'threads', 'actions', 'responses', 'findings', 'evaluations']) {
    await db.schema.dropTable(table).execute()
  }
}
