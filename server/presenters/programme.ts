import type { ProgrammeRow } from '../../db/schema.js'

/** A programme as the API shows it. */
export interface ProgrammeJson {
  id: string
  code: string
  title: string
  country: string
  createdAt: string
  updatedAt: string
}

export function presentProgramme(row: ProgrammeRow): ProgrammeJson {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    country: row.country,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  }
}
