import type { Generated, Insertable, Selectable } from 'kysely'

/**
 * The database as Kysely sees it: one interface per table, `Generated<>` for columns the
 * database fills, nullable rather than optional. Timestamps are epoch milliseconds (integers
 * port to PostgreSQL's bigint unchanged); blobs are Yjs updates.
 */
export interface Database {
  programmes: ProgrammesTable
  doc_log: DocLogTable
  doc_states: DocStatesTable
  doc_heads: DocHeadsTable
  users: UsersTable
  sessions: SessionsTable
  api_tokens: ApiTokensTable
  memberships: MembershipsTable
  audit_entries: AuditEntriesTable
  evaluations: EvaluationsTable
  findings: FindingsTable
  responses: ResponsesTable
  actions: ActionsTable
  threads: ThreadsTable
  comments: CommentsTable
  mentions: MentionsTable
  snapshots: SnapshotsTable
  period_locks: PeriodLocksTable
}

/** The registry of fact sheets. The sheet's content lives in its Yjs document (named by `id`). */
export interface ProgrammesTable {
  /** Immutable, URL-safe; also the name of the programme's Yjs document. */
  id: string
  /** Programme code as the fund writes it (e.g. `MDGF-2081`); unique. */
  code: string
  /** Copies of the document's identity fields, refreshed when the document is compacted, for listing without loading every document. */
  title: string
  country: string
  /** JSON of the list's view of the sheet (status, budget, latest execution, warnings); null until first computed. */
  summary: string | null
  created_at: number
  updated_at: number
}

/**
 * Append-only log, in arrival order, of the updates applied to documents since their last
 * compaction; numbered 1, 2, 3… per document (`seq`) by the document's owner. No index: see the
 * migration that created it.
 */
export interface DocLogTable {
  id: Generated<number>
  doc_name: string
  seq: number
  data: Uint8Array
  created_at: number
  /** Who made the update; null for the server's own changes and for updates from before accounts. */
  user_id: string | null
}

/**
 * On PostgreSQL, a document's newest stored sequence number: bumped with each insert into the
 * log, in the same transaction, by whichever process stores the update (empty on SQLite).
 */
export interface DocHeadsTable {
  doc_name: string
  head: number
}

/** A document's compacted state: every update up to `last_seq` of its log merged into one. */
export interface DocStatesTable {
  doc_name: string
  state: Uint8Array
  last_seq: number
  /** Hex sha256 of `state`, checked when it is read; null for states written before it existed. */
  state_sha256: string | null
  updated_at: number
}

export type ProgrammeRow = Selectable<ProgrammesTable>
export type NewProgrammeRow = Insertable<ProgrammesTable>

// Roles are defined once, in shared/roles.ts; the columns hold their codes.
import type { GlobalRole, ProgrammeRole } from '../shared/roles.js'
export type { GlobalRole, ProgrammeRole }

export interface UsersTable {
  id: string
  /** Lower-cased. */
  email: string
  name: string
  /** `scrypt$N$r$p$salt$hash` (see server/auth/password.ts). */
  password_hash: string
  role: GlobalRole | null
  disabled_at: number | null
  created_at: number
  password_changed_at: number
}

export interface SessionsTable {
  /** sha256 (hex) of the cookie's secret. */
  id: string
  user_id: string
  csrf_token: string
  created_at: number
  last_seen_at: number
  expires_at: number
  revoked_at: number | null
}

export interface ApiTokensTable {
  id: string
  user_id: string
  name: string
  /** sha256 (hex) of the token's secret. */
  token_hash: string
  created_at: number
  last_used_at: number | null
  revoked_at: number | null
}

export interface MembershipsTable {
  programme_id: string
  user_id: string
  role: ProgrammeRole
  created_at: number
}

/** Who changed which field when, coalesced per user and field over short bursts. */
export interface AuditEntriesTable {
  id: Generated<number>
  doc_name: string
  user_id: string | null
  /** A field id, a list (`list:x`), a cell (`list:x/<row>/<column>`) or a narrative (`text:x`). */
  field: string
  first_at: number
  last_at: number
  changes: number
  /** For decisions rather than edits: an unlock's reason (a restore's source, in entries written before `detail`). */
  note: string | null
  /** What changed, as JSON (shared/audit-detail.ts): old → new, a narrative's excerpt, a restore's source. */
  detail: string | null
}

export type UserRow = Selectable<UsersTable>
export type SessionRow = Selectable<SessionsTable>
export type ApiTokenRow = Selectable<ApiTokensTable>
export type MembershipRow = Selectable<MembershipsTable>
export type AuditEntryRow = Selectable<AuditEntriesTable>

// Evaluations, findings and the follow-up; codes are defined in shared/evaluation.ts.

export interface EvaluationsTable {
  id: string
  programme_id: string
  kind: string
  evaluators: string
  period_start: string | null
  period_end: string | null
  report_url: string | null
  created_by: string | null
  created_at: number
  updated_at: number
}

export interface FindingsTable {
  id: string
  evaluation_id: string
  programme_id: string
  number: number
  criterion: string
  finding: string
  recommendation: string
  priority: string
  created_by: string | null
  created_at: number
  updated_at: number
}

export interface ResponsesTable {
  finding_id: string
  decision: string
  reason: string
  responded_by: string | null
  updated_at: number
}

export interface ActionsTable {
  id: string
  finding_id: string
  programme_id: string
  description: string
  responsible: string
  responsible_user_id: string | null
  due_date: string | null
  status: string
  created_by: string | null
  created_at: number
  updated_at: number
}

export interface ThreadsTable {
  id: string
  programme_id: string
  anchor_kind: string
  finding_id: string | null
  field: string | null
  anchor_start: string | null
  anchor_end: string | null
  quote: string | null
  resolved_at: number | null
  resolved_by: string | null
  created_by: string
  created_at: number
  updated_at: number
}

export interface CommentsTable {
  id: string
  thread_id: string
  author_id: string
  body: string
  created_at: number
  edited_at: number | null
  deleted_at: number | null
}

export interface MentionsTable {
  comment_id: string
  user_id: string
}

export type EvaluationRow = Selectable<EvaluationsTable>
export type FindingRow = Selectable<FindingsTable>
export type ResponseRow = Selectable<ResponsesTable>
export type ActionRow = Selectable<ActionsTable>
export type ThreadRow = Selectable<ThreadsTable>
export type CommentRow = Selectable<CommentsTable>

/** A frozen version of a sheet: a semester snapshot (cited by reports) or an automatic checkpoint. */
export interface SnapshotsTable {
  id: string
  programme_id: string
  kind: 'semester' | 'checkpoint'
  period: string | null
  label: string
  note: string
  state: Uint8Array
  sheet_json: string
  follow_up_json: string
  checksum: string
  created_by: string | null
  created_at: number
  superseded_by: string | null
}

/** Whether a period's financial execution row is locked (after its semester snapshot). */
export interface PeriodLocksTable {
  programme_id: string
  period: string
  locked: number
  changed_by: string | null
  changed_at: number
  reason: string | null
}

export type SnapshotRow = Selectable<SnapshotsTable>
