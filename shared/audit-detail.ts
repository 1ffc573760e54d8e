/**
 * What an audit entry changed, beside who and when: stored as JSON in `audit_entries.detail`,
 * answered by `GET /api/programmes/:id/audit`, shown by the audit panel in the reader's language.
 * - `value`: a field or cell, from the value before the burst of edits to the value after it;
 * - `text`: a narrative, an excerpt of the text typed and of the text taken out;
 * - `restore`: the version restored (id, label, when it was taken) and its sections (null: all);
 * - `lock`: a period locked or unlocked by hand (the reason is the entry's note);
 * - `threadDeleted`: a comment thread the secretariat deleted: on what, how it began, how many comments.
 */
export type AuditDetail =
  | { kind: 'value'; from: string | null; to: string | null }
  | { kind: 'text'; inserted: string; deleted: string }
  | { kind: 'restore'; snapshotId: string; label: string; takenAt: string; sections: string[] | null }
  | { kind: 'lock'; period: string; locked: boolean }
  | { kind: 'threadDeleted'; field: string | null; findingId: string | null; excerpt: string; comments: number }

const isText = (value: unknown): value is string => typeof value === 'string'
const isTextOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string'

/**
 * A stored detail read back; anything that is not one (a row damaged or written by hand) is
 * `null`, so one bad row never breaks the history for everyone.
 */
export function parseAuditDetail(json: string | null): AuditDetail | null {
  if (json === null) return null
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return null
  }
  if (value === null || typeof value !== 'object') return null
  const d = value as Record<string, unknown>
  switch (d['kind']) {
    case 'value':
      return isTextOrNull(d['from']) && isTextOrNull(d['to']) ? { kind: 'value', from: d['from'], to: d['to'] } : null
    case 'text':
      return isText(d['inserted']) && isText(d['deleted']) ? { kind: 'text', inserted: d['inserted'], deleted: d['deleted'] } : null
    case 'restore': {
      const sections = d['sections']
      const validSections = sections === null || (Array.isArray(sections) && sections.every(isText))
      return isText(d['snapshotId']) && isText(d['label']) && isText(d['takenAt']) && validSections
        ? { kind: 'restore', snapshotId: d['snapshotId'], label: d['label'], takenAt: d['takenAt'], sections: sections as string[] | null }
        : null
    }
    case 'lock':
      return isText(d['period']) && typeof d['locked'] === 'boolean' ? { kind: 'lock', period: d['period'], locked: d['locked'] } : null
    case 'threadDeleted':
      return isTextOrNull(d['field']) && isTextOrNull(d['findingId']) && isText(d['excerpt']) && Number.isSafeInteger(d['comments'])
        ? { kind: 'threadDeleted', field: d['field'], findingId: d['findingId'], excerpt: d['excerpt'], comments: d['comments'] as number }
        : null
    default:
      return null
  }
}
