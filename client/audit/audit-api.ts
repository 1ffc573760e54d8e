import type { ApiClient } from '../api/http.js'
import type { AuditDetail } from '../../shared/audit-detail.js'

/** One burst of edits by one person on one field (`GET /api/programmes/:id/audit`). */
export interface AuditEntry {
  /** A field id as the warnings name them: `budget.total`, `text:summary`, `list:finance/<row>/transferred`. */
  field: string
  /** Null for changes made by the server itself (an import by a deleted account, a migration). */
  user: { id: string; name: string | null; email: string | null } | null
  firstAt: string
  lastAt: string
  changes: number
  /** A decision's reason (an unlock), or in entries written before `detail` what a restore did. */
  note: string | null
  /** What changed (old → new, an excerpt, a restore's source); null in entries written before it. */
  detail: AuditDetail | null
}

/** A page of the sheet's audit log, newest first; `before` (ms) continues below the last page. */
export async function fetchAudit(api: ApiClient, programmeId: string, options: { limit: number; before?: number; signal?: AbortSignal }): Promise<AuditEntry[]> {
  const query = new URLSearchParams({ limit: String(options.limit) })
  if (options.before !== undefined) query.set('before', String(options.before))
  const path = `/api/programmes/${encodeURIComponent(programmeId)}/audit?${query}`
  return (await api.get<{ entries: AuditEntry[] }>(path, { signal: options.signal })).entries
}
