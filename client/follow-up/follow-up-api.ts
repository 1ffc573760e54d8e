import type { ActionStatus, Criterion, Decision, EvaluationKind, PlanProgress, Priority } from '../../shared/evaluation.js'
import type { SheetDiff } from '../../shared/sheet/diff.js'
import type { SheetJson } from '../../shared/sheet/sheet-json.js'
import type { ApiClient } from '../api/http.js'

/** Where a thread hangs: a finding, a structured field or cell, or a span of narrative text. */
export type ThreadAnchor =
  | { kind: 'finding'; findingId: string }
  | { kind: 'field'; field: string }
  | { kind: 'text'; field: string; start: string; end: string; quote: string }

export interface CommentJson {
  id: string
  authorId: string
  authorName: string | null
  body: string
  deleted: boolean
  edited: boolean
  createdAt: string
  mentions: string[]
}

export interface ThreadJson {
  id: string
  anchor: {
    kind: 'finding' | 'field' | 'text'
    findingId: string | null
    field: string | null
    start?: string
    end?: string
    quote?: string
    currentText?: string
    detached?: boolean
  }
  resolved: boolean
  resolvedBy: string | null
  createdBy: string
  createdAt: string
  updatedAt: string
  comments: CommentJson[]
  /** Only in `/api/me/threads`. */
  programme?: { id: string; code: string; title: string }
}

export interface ActionJson {
  id: string
  findingId: string
  description: string
  responsible: string
  responsibleUserId: string | null
  dueDate: string | null
  status: ActionStatus
  overdue: boolean
  updatedAt: string
  programme?: { id: string; code: string; title: string }
}

export interface FindingJson {
  id: string
  evaluationId: string
  number: number
  criterion: Criterion
  finding: string
  recommendation: string
  priority: Priority
  response: { decision: Decision; reason: string; respondedBy: string | null; respondedByName: string | null; updatedAt: string } | null
  actions: ActionJson[]
  updatedAt: string
}

export interface EvaluationJson {
  id: string
  kind: EvaluationKind
  evaluators: string
  periodStart: string | null
  periodEnd: string | null
  reportUrl: string | null
  findings: FindingJson[]
  progress: PlanProgress
  updatedAt: string
}

export interface SnapshotSummary {
  id: string
  kind: 'semester' | 'checkpoint'
  period: string | null
  label: string
  note: string
  createdBy: string | null
  createdAt: string
  supersededBy: string | null
  checksum: string
}

export interface VersionList {
  semesters: SnapshotSummary[]
  checkpoints: SnapshotSummary[]
  lockedPeriods: string[]
}

export interface SnapshotJson extends SnapshotSummary {
  sheet: SheetJson
  followUp: EvaluationJson[]
  /** The document state, base64 (`Y.encodeStateAsUpdate`). */
  state: string
}

export const programmeBase = (id: string) => `/api/programmes/${encodeURIComponent(id)}`

export const followUpApi = (api: ApiClient, programmeId: string) => {
  const base = programmeBase(programmeId)
  return {
    threads: async (signal?: AbortSignal) => (await api.get<{ threads: ThreadJson[] }>(`${base}/threads`, { signal })).threads,
    evaluations: async (signal?: AbortSignal) => (await api.get<{ evaluations: EvaluationJson[] }>(`${base}/evaluations`, { signal })).evaluations,
    versions: (signal?: AbortSignal) => api.get<VersionList>(`${base}/snapshots`, { signal }),
    openThread: (anchor: ThreadAnchor, body: string, mentions: string[]) => api.post<{ thread: ThreadJson }>(`${base}/threads`, { anchor, body, mentions }),
    reply: (threadId: string, body: string, mentions: string[]) => api.post(`${base}/threads/${threadId}/comments`, { body, mentions }),
    editComment: (threadId: string, commentId: string, body: string) => api.patch(`${base}/threads/${threadId}/comments/${commentId}`, { body }),
    deleteComment: (threadId: string, commentId: string) => api.delete(`${base}/threads/${threadId}/comments/${commentId}`),
    deleteThread: (threadId: string) => api.delete(`${base}/threads/${threadId}`),
    resolve: (threadId: string, resolved: boolean) => api.post(`${base}/threads/${threadId}/${resolved ? 'resolve' : 'reopen'}`, {}),
    addEvaluation: (body: Record<string, unknown>) => api.post<{ evaluation: { id: string } }>(`${base}/evaluations`, body),
    editEvaluation: (id: string, body: Record<string, unknown>) => api.patch(`${base}/evaluations/${id}`, body),
    addFinding: (body: Record<string, unknown>) => api.post(`${base}/findings`, body),
    editFinding: (id: string, body: Record<string, unknown>) => api.patch(`${base}/findings/${id}`, body),
    deleteFinding: (id: string) => api.delete(`${base}/findings/${id}`),
    respond: (findingId: string, decision: Decision, reason: string) => api.put(`${base}/findings/${findingId}/response`, { decision, reason }),
    addAction: (body: Record<string, unknown>) => api.post(`${base}/actions`, body),
    editAction: (id: string, body: Record<string, unknown>) => api.patch(`${base}/actions/${id}`, body),
    takeSnapshot: (body: { period: string; label: string; note: string; supersede?: boolean }) => api.post<{ snapshot: SnapshotSummary }>(`${base}/snapshots`, body),
    unlock: (period: string, reason: string) => api.post(`${base}/periods/${encodeURIComponent(period)}/unlock`, { reason }),
    diff: (from: string, to: string, signal?: AbortSignal) => api.get<SheetDiff & { from: string; to: string }>(`${base}/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { signal }),
  }
}

export const snapshotApi = (api: ApiClient) => ({
  read: async (id: string, signal?: AbortSignal) => (await api.get<{ snapshot: SnapshotJson }>(`/api/snapshots/${encodeURIComponent(id)}`, { signal })).snapshot,
  restore: (id: string, sections?: string[]) => api.post(`/api/snapshots/${encodeURIComponent(id)}/restore`, sections ? { sections } : {}),
  exportUrl: (id: string, format: string, lang: string) => `/api/snapshots/${encodeURIComponent(id)}/export?format=${format}&lang=${lang}`,
})

export const meApi = (api: ApiClient) => ({
  threads: async (signal?: AbortSignal) => (await api.get<{ threads: ThreadJson[] }>('/api/me/threads', { signal })).threads,
  actions: async (signal?: AbortSignal) => (await api.get<{ actions: ActionJson[] }>('/api/me/actions', { signal })).actions,
})
