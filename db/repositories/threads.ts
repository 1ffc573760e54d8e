import type { Insertable } from 'kysely'
import type { Db } from '../connection.js'
import { insertAuditNote } from './audit.js'
import type { CommentRow, CommentsTable, ThreadRow, ThreadsTable } from '../schema.js'

export async function listThreads(db: Db, programmeId: string): Promise<ThreadRow[]> {
  return db.kysely.selectFrom('threads').selectAll().where('programme_id', '=', programmeId).orderBy('created_at').execute()
}

export async function findThread(db: Db, programmeId: string, id: string): Promise<ThreadRow | undefined> {
  return db.kysely.selectFrom('threads').selectAll().where('programme_id', '=', programmeId).where('id', '=', id).executeTakeFirst()
}

/** A thread with its first comment and mentions, in one transaction. */
export async function insertThread(
  db: Db,
  thread: Insertable<ThreadsTable>,
  comment: Insertable<CommentsTable>,
  mentions: string[],
): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('threads').values(thread).execute()
    await trx.insertInto('comments').values(comment).execute()
    if (mentions.length > 0) await trx.insertInto('mentions').values(mentions.map((user_id) => ({ comment_id: comment.id, user_id }))).execute()
  })
}

/**
 * Deletes a thread and the audit note that records it, in one transaction. Its comments and their
 * mentions go with it: the schema deletes them on cascade (foreign keys are on, db/connection.ts).
 */
export async function deleteThread(db: Db, id: string, note: Parameters<typeof insertAuditNote>[1], now: number): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('threads').where('id', '=', id).execute()
    await insertAuditNote({ kysely: trx }, note, now)
  })
}

export async function setThreadResolved(db: Db, id: string, resolvedBy: string | null, now: number): Promise<void> {
  await db.kysely
    .updateTable('threads')
    .set({ resolved_at: resolvedBy ? now : null, resolved_by: resolvedBy, updated_at: now })
    .where('id', '=', id)
    .execute()
}

export async function listComments(db: Db, threadIds: string[]): Promise<(CommentRow & { author_name: string | null })[]> {
  if (threadIds.length === 0) return []
  return db.kysely
    .selectFrom('comments')
    .leftJoin('users', 'users.id', 'comments.author_id')
    .selectAll('comments')
    .select('users.name as author_name')
    .where('comments.thread_id', 'in', threadIds)
    .orderBy('comments.created_at')
    .execute()
}

export async function findComment(db: Db, threadId: string, id: string): Promise<CommentRow | undefined> {
  return db.kysely.selectFrom('comments').selectAll().where('thread_id', '=', threadId).where('id', '=', id).executeTakeFirst()
}

export async function insertComment(db: Db, comment: Insertable<CommentsTable>, mentions: string[], now: number): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('comments').values(comment).execute()
    if (mentions.length > 0) await trx.insertInto('mentions').values(mentions.map((user_id) => ({ comment_id: comment.id, user_id }))).execute()
    await trx.updateTable('threads').set({ updated_at: now }).where('id', '=', comment.thread_id).execute()
  })
}

export async function updateComment(db: Db, id: string, body: string, now: number): Promise<void> {
  await db.kysely.updateTable('comments').set({ body, edited_at: now }).where('id', '=', id).execute()
}

/** Deleting keeps the comment's place in the thread (shown as deleted); its text is erased. */
export async function deleteComment(db: Db, id: string, now: number): Promise<void> {
  await db.kysely.updateTable('comments').set({ body: '', deleted_at: now }).where('id', '=', id).execute()
}

export async function listMentions(db: Db, commentIds: string[]): Promise<{ comment_id: string; user_id: string }[]> {
  if (commentIds.length === 0) return []
  return db.kysely.selectFrom('mentions').selectAll().where('comment_id', 'in', commentIds).execute()
}

/** Open threads a person took part in or was mentioned in, across programmes. */
export async function listOpenThreadsOf(db: Db, userId: string): Promise<ThreadRow[]> {
  return db.kysely
    .selectFrom('threads')
    .selectAll()
    .where('resolved_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('id', 'in', eb.selectFrom('comments').select('thread_id').where('author_id', '=', userId)),
        eb('id', 'in', eb.selectFrom('comments').innerJoin('mentions', 'mentions.comment_id', 'comments.id').select('comments.thread_id').where('mentions.user_id', '=', userId)),
      ]),
    )
    .orderBy('updated_at', 'desc')
    .execute()
}
