import { Hono } from 'hono'
import type { Db } from '../../db/connection.js'
import { findFinding } from '../../db/repositories/evaluations.js'
import {
  deleteComment,
  deleteThread,
  findComment,
  findThread,
  insertComment,
  insertThread,
  listComments,
  listThreads,
  setThreadResolved,
  updateComment,
} from '../../db/repositories/threads.js'
import { findUser } from '../../db/repositories/users.js'
import type { ThreadRow } from '../../db/schema.js'
import { narrativeField, POSITION_MAX, resolveFieldAnchor, type AnchorFault } from '../../shared/anchors.js'
import { columnDef, fieldDef, listDef } from '../../shared/sheet/schema.js'
import { programmeAccess } from '../auth/access.js'
import { requireProgramme, type AuthEnv } from '../auth/middleware.js'
import { newId } from '../auth/secrets.js'
import type { DocumentRegistry } from '../collab/registry.js'
import { forbidden, notFound, validationFailed } from '../errors.js'
import type { ErrorParams, ErrorReason } from '../../shared/errors.js'
import { presentThreads } from '../presenters/thread.js'
import type { ProgrammeEvents } from '../programme-events.js'
import { bodyReader } from './input.js'
import { readJson } from './read-json.js'
import type { AuditDetail } from '../../shared/audit-detail.js'

/**
 * `/api/programmes/:id/threads`: comment threads on a finding, a structured field (or cell), or a
 * span of narrative text (Yjs relative positions, so they follow concurrent edits; a span whose
 * text was deleted shows as detached, with the text it was about). Anyone who may comment
 * (evaluators too: anchoring writes nothing into the sheet) opens threads and replies; authors
 * edit and delete their own comments; threads resolve and reopen. The secretariat deletes a
 * whole thread (what others wrote with it), recorded in the programme's audit log.
 */
export function threadRoutes({ db, registry, events }: { db: Db; registry: DocumentRegistry; events: ProgrammeEvents }): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>()

  app.get('/:id/threads', async (c) => {
    const { programme } = await requireProgramme(c, db, c.req.param('id'))
    const threads = await listThreads(db, programme.id)
    return c.json({ threads: await presentThreads(db, registry, programme.id, threads) })
  })

  app.post('/:id/threads', async (c) => {
    const { programme, identity } = await requireProgramme(c, db, c.req.param('id'), 'comment')
    const body = bodyReader(await readJson(c))
    const anchor = await readAnchor(db, registry, programme.id, body.raw('anchor'))
    const text = body.required('body', 10_000)
    const mentions = await members(db, programme.id, body.stringList('mentions'))
    const now = Date.now()
    const id = newId()
    await insertThread(
      db,
      { id, programme_id: programme.id, ...anchor, resolved_at: null, resolved_by: null, created_by: identity.user.id, created_at: now, updated_at: now },
      { id: newId(), thread_id: id, author_id: identity.user.id, body: text, created_at: now, edited_at: null, deleted_at: null },
      mentions,
    )
    events.publish(programme.id, { kind: 'thread', id, op: 'created' })
    return c.json({ thread: (await presentThreads(db, registry, programme.id, [(await findThread(db, programme.id, id))!]))[0] }, 201)
  })

  app.post('/:id/threads/:threadId/comments', async (c) => {
    const { programme, identity } = await requireProgramme(c, db, c.req.param('id'), 'comment')
    const thread = await findThread(db, programme.id, c.req.param('threadId'))
    if (!thread) throw notFound('notFound.thread')
    const body = bodyReader(await readJson(c))
    const id = newId()
    const now = Date.now()
    await insertComment(
      db,
      { id, thread_id: thread.id, author_id: identity.user.id, body: body.required('body', 10_000), created_at: now, edited_at: null, deleted_at: null },
      await members(db, programme.id, body.stringList('mentions')),
      now,
    )
    events.publish(programme.id, { kind: 'comment', id, op: 'created', parentId: thread.id })
    return c.json({ comment: { id } }, 201)
  })

  app.patch('/:id/threads/:threadId/comments/:commentId', async (c) => {
    const { programme, identity } = await requireProgramme(c, db, c.req.param('id'), 'comment')
    const comment = await ownComment(db, programme.id, c.req.param('threadId'), c.req.param('commentId'), identity.user.id)
    await updateComment(db, comment.id, bodyReader(await readJson(c)).required('body', 10_000), Date.now())
    events.publish(programme.id, { kind: 'comment', id: comment.id, op: 'updated', parentId: comment.thread_id })
    return c.json({ ok: true })
  })

  app.delete('/:id/threads/:threadId/comments/:commentId', async (c) => {
    const { programme, identity } = await requireProgramme(c, db, c.req.param('id'), 'comment')
    const comment = await ownComment(db, programme.id, c.req.param('threadId'), c.req.param('commentId'), identity.user.id)
    await deleteComment(db, comment.id, Date.now())
    events.publish(programme.id, { kind: 'comment', id: comment.id, op: 'deleted', parentId: comment.thread_id })
    return c.json({ ok: true })
  })

  app.delete('/:id/threads/:threadId', async (c) => {
    const { programme, identity } = await requireProgramme(c, db, c.req.param('id'))
    // Deleting a thread erases what others wrote: a decision of the secretariat (or an admin),
    // the way out for a thread that should not be there, kept in the audit log.
    if (!identity.user.role) throw forbidden('forbidden.deleteThread')
    const thread = await findThread(db, programme.id, c.req.param('threadId'))
    if (!thread) throw notFound('notFound.thread')
    const comments = await listComments(db, [thread.id])
    await deleteThread(db, thread.id, { doc_name: programme.id, user_id: identity.user.id, field: `thread:${thread.id}`, note: null, detail: deletionDetail(thread, comments) }, Date.now())
    events.publish(programme.id, { kind: 'thread', id: thread.id, op: 'deleted' })
    return c.json({ ok: true })
  })

  for (const [path, resolved] of [['resolve', true], ['reopen', false]] as const) {
    app.post(`/:id/threads/:threadId/${path}`, async (c) => {
      const { programme, identity } = await requireProgramme(c, db, c.req.param('id'), 'comment')
      const thread = await findThread(db, programme.id, c.req.param('threadId'))
      if (!thread) throw notFound('notFound.thread')
      await setThreadResolved(db, thread.id, resolved ? identity.user.id : null, Date.now())
      events.publish(programme.id, { kind: 'thread', id: thread.id, op: 'updated' })
      return c.json({ ok: true })
    })
  }

  return app
}

type AnchorColumns = Pick<ThreadRow, 'anchor_kind' | 'finding_id' | 'field' | 'anchor_start' | 'anchor_end' | 'quote'>

async function readAnchor(db: Db, registry: DocumentRegistry, programmeId: string, raw: unknown): Promise<AnchorColumns> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw validationFailed('anchor.notObject')
  const anchor = bodyReader(raw)
  const kind = anchor.required('kind', 10)
  if (kind !== 'finding' && kind !== 'field' && kind !== 'text') throw validationFailed('anchor.kind')
  const none = { finding_id: null, field: null, anchor_start: null, anchor_end: null, quote: null }
  if (kind === 'finding') {
    const finding = await findFinding(db, programmeId, anchor.required('findingId', 100))
    if (!finding) throw notFound('notFound.finding')
    return { ...none, anchor_kind: 'finding', finding_id: finding.id }
  }
  const field = anchor.required('field', 200)
  if (kind === 'field') {
    if (!isValueField(field)) throw validationFailed('anchor.notField', { field })
    return { ...none, anchor_kind: 'field', field }
  }
  if (!narrativeField(field)) throw validationFailed('anchor.notNarrative', { field })
  const start = anchor.required('start', POSITION_MAX)
  const end = anchor.required('end', POSITION_MAX)
  const quote = anchor.required('quote', 2000)
  // Checked against the live sheet before anything is stored: everyone who lists the threads reads it.
  const { fault } = await registry.use(programmeId, (live) => resolveFieldAnchor(live.doc, { field, start, end }))
  if (fault) throw validationFailed(...anchorProblem(fault, field))
  return { ...none, anchor_kind: 'text', field, anchor_start: start, anchor_end: end, quote }
}

/** What is wrong with a text anchor, naming the part: a reason of the catalog and its params. */
function anchorProblem(fault: AnchorFault, field: string): [ErrorReason, ErrorParams] {
  switch (fault.problem) {
    case 'undecodable':
      return ['anchor.undecodable', { part: fault.part }]
    case 'missing':
      return fault.part === 'field' ? ['anchor.fieldMissing', { field }] : ['anchor.missing', { part: fault.part }]
    case 'not-text':
      return ['anchor.notText', { part: fault.part }]
    case 'outside':
      return ['anchor.outside', { part: fault.part, field }]
    case 'split':
      return ['anchor.split', {}]
    case 'reversed':
      return ['anchor.reversed', {}]
  }
}

/** The audit log's words for a deleted thread: what it was on, its quote or first words, its size. */
function deletionDetail(thread: ThreadRow, comments: { body: string }[]): AuditDetail {
  const words = (thread.quote ?? comments[0]?.body ?? '').replace(/\s+/g, ' ').trim()
  const finding = thread.anchor_kind === 'finding'
  return { kind: 'threadDeleted', field: finding ? null : thread.field, findingId: finding ? thread.finding_id : null, excerpt: words.length > 80 ? `${words.slice(0, 80)}…` : words, comments: comments.length }
}

/** A value field (`budget.total`) or a value cell (`list:finance/<row>/transferred`). */
function isValueField(field: string): boolean {
  const cell = /^list:([^/]+)\/[^/]+\/([^/]+)$/.exec(field)
  if (cell) return columnDef(cell[1]!, cell[2]!)?.kind !== undefined && columnDef(cell[1]!, cell[2]!)?.kind !== 'narrative'
  return fieldDef(field) !== undefined || (field.startsWith('list:') && listDef(field.slice(5)) !== undefined)
}

/** Mentioned people must be able to read the programme. */
async function members(db: Db, programmeId: string, ids: string[]): Promise<string[]> {
  for (const id of ids) {
    const user = await findUser(db, id)
    if (!user || !(await programmeAccess(db, user, programmeId)).read) throw validationFailed('thread.mentionNotMember')
  }
  return ids
}

async function ownComment(db: Db, programmeId: string, threadId: string, commentId: string, userId: string) {
  const thread = await findThread(db, programmeId, threadId)
  const comment = thread ? await findComment(db, thread.id, commentId) : undefined
  if (!comment || comment.deleted_at !== null) throw notFound('notFound.comment')
  if (comment.author_id !== userId) throw forbidden('forbidden.editComment')
  return comment
}
