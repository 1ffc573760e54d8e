import type { Db } from '../../db/connection.js'
import { listComments, listMentions } from '../../db/repositories/threads.js'
import type { ThreadRow } from '../../db/schema.js'
import { resolveFieldAnchor, type ResolvedAnchor } from '../../shared/anchors.js'
import type { DocumentRegistry } from '../collab/registry.js'

const iso = (ms: number) => new Date(Number(ms)).toISOString()

/**
 * Threads of one programme with their comments, mentions and, for text anchors, where the span
 * is now in the live sheet. A stored anchor that does not resolve (stored by an older server,
 * or its row since removed) is shown detached with its quote, like a span whose text was deleted.
 */
export async function presentThreads(db: Db, registry: DocumentRegistry, programmeId: string, threads: ThreadRow[]) {
  const comments = await listComments(db, threads.map((t) => t.id))
  const mentions = await listMentions(db, comments.map((c) => c.id))
  const onText = threads.filter((t) => t.anchor_kind === 'text')
  const spans: Map<string, ResolvedAnchor> = onText.length > 0
    ? await registry.use(programmeId, (live) => new Map(onText.map((t) => [t.id, resolveFieldAnchor(live.doc, { field: t.field ?? '', start: t.anchor_start, end: t.anchor_end })])))
    : new Map()
  return threads.map((t) => {
    const span = spans.get(t.id)
    return {
      id: t.id,
      anchor: {
        kind: t.anchor_kind,
        findingId: t.finding_id,
        field: t.field,
        ...(span ? { start: t.anchor_start, end: t.anchor_end, quote: t.quote, currentText: span.text, detached: span.detached } : {}),
      },
      resolved: t.resolved_at !== null,
      resolvedBy: t.resolved_by,
      createdBy: t.created_by,
      createdAt: iso(t.created_at),
      updatedAt: iso(t.updated_at),
      comments: comments
        .filter((c) => c.thread_id === t.id)
        .map((c) => ({
          id: c.id,
          authorId: c.author_id,
          authorName: c.author_name,
          body: c.body,
          deleted: c.deleted_at !== null,
          edited: c.edited_at !== null,
          createdAt: iso(c.created_at),
          mentions: mentions.filter((m) => m.comment_id === c.id).map((m) => m.user_id),
        })),
    }
  })
}
