import type { Generated, Insertable, Selectable } from 'kysely'

/**
 * The database as Kysely sees it: one interface per table, `Generated<>` for columns the
 * database fills, nullable rather than optional. Timestamps are epoch milliseconds (integers
 * port to PostgreSQL's bigint unchanged); blobs are Yjs updates.
 */
export interface Database {
  programmes: ProgrammesTable
  doc_updates: DocUpdatesTable
  doc_states: DocStatesTable
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

/** Append-only log of the updates applied to a document since its last compaction. */
export interface DocUpdatesTable {
  id: Generated<number>
  doc_name: string
  data: Uint8Array
  created_at: number
}

/** A document's compacted state: every update up to `last_update_id` merged into one. */
export interface DocStatesTable {
  doc_name: string
  state: Uint8Array
  last_update_id: number
  updated_at: number
}

export type ProgrammeRow = Selectable<ProgrammesTable>
export type NewProgrammeRow = Insertable<ProgrammesTable>
