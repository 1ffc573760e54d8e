import type { ProgrammeRow } from '../../db/schema.js'
import type { ProgrammeSummary } from '../../shared/sheet/summary.js'

/** A programme as the API shows it. */
export interface ProgrammeJson {
  id: string
  code: string
  title: string
  country: string
  /** The list's view of the sheet; null only for a sheet never rendered since it was stored. */
  summary: ProgrammeSummary | null
  createdAt: string
  updatedAt: string
}

/** A programme row; `summary` overrides the stored one (a loaded sheet's live figures). */
export function presentProgramme(row: ProgrammeRow, summary?: ProgrammeSummary): ProgrammeJson {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    country: row.country,
    summary: summary ?? (row.summary ? (JSON.parse(row.summary) as ProgrammeSummary) : null),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  }
}
