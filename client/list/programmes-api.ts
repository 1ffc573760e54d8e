import type { ImportNote } from '../../shared/import-notes.js'
import type { ProgrammeSummary } from '../../shared/sheet/summary.js'
import type { Capabilities } from '../../shared/roles.js'
import type { ApiClient } from '../api/http.js'

/** A programme of `GET /api/programmes` (server/presenters/programme.ts). */
export interface ProgrammeItem {
  id: string
  code: string
  title: string
  country: string
  summary: ProgrammeSummary | null
  createdAt: string
  updatedAt: string
  /** What the signed-in person may do on it (shared/roles.ts). */
  access: Capabilities
}

/** The body of `POST /api/programmes`. */
export interface ProgrammeDraft {
  code: string
  title: string
  country: string
  window?: string
  language?: string
}

/** What `POST /api/import` answers (server/import/report.ts). */
export interface ImportResult {
  programmeId: string
  created: boolean
  report: {
    format: 'template' | 'json'
    language: 'es' | 'en' | 'fr' | null
    mapped: string[]
    unmapped: { where: string; text: string }[]
    notes: ImportNote[]
  }
}

export async function fetchProgrammes(api: ApiClient, signal?: AbortSignal): Promise<ProgrammeItem[]> {
  return (await api.get<{ programmes: ProgrammeItem[] }>('/api/programmes', { signal })).programmes
}

export async function createProgramme(api: ApiClient, draft: ProgrammeDraft): Promise<ProgrammeItem> {
  return (await api.post<{ programme: ProgrammeItem }>('/api/programmes', draft)).programme
}

/** Uploads a fact-sheet file with progress (0…1, or null while the size is unknown). */
export function uploadImport(api: ApiClient, form: FormData, onProgress: (fraction: number | null) => void): Promise<ImportResult> {
  return api.upload<ImportResult>('/api/import', form, onProgress)
}
