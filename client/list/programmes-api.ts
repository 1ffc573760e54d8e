import type { ProgrammeSummary } from '../../shared/sheet/summary.js'

/** A programme of `GET /api/programmes` (server/presenters/programme.ts). */
export interface ProgrammeItem {
  id: string
  code: string
  title: string
  country: string
  summary: ProgrammeSummary | null
  createdAt: string
  updatedAt: string
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
    notes: string[]
  }
}

/** A refusal of the API, with the server's message (`{error: {code, message}}`). */
export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message)
    this.name = 'ApiFailure'
  }
}

function failureOf(status: number, body: unknown, fallback: string): ApiFailure {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error
  const message = typeof error?.message === 'string' ? error.message : fallback
  return new ApiFailure(status, typeof error?.code === 'string' ? error.code : 'http', message)
}

async function json(response: Response): Promise<unknown> {
  try {
    return await response.json()
  } catch {
    return null
  }
}

export async function fetchProgrammes(signal?: AbortSignal): Promise<ProgrammeItem[]> {
  const response = await fetch('/api/programmes', { signal: signal ?? null, headers: { Accept: 'application/json' } })
  const body = await json(response)
  if (!response.ok) throw failureOf(response.status, body, `HTTP ${response.status}`)
  return (body as { programmes: ProgrammeItem[] }).programmes
}

export async function createProgramme(draft: ProgrammeDraft): Promise<ProgrammeItem> {
  const response = await fetch('/api/programmes', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(draft),
  })
  const body = await json(response)
  if (!response.ok) throw failureOf(response.status, body, `HTTP ${response.status}`)
  return (body as { programme: ProgrammeItem }).programme
}

/**
 * Uploads a fact-sheet file. XMLHttpRequest rather than fetch because only it reports upload
 * progress; `onProgress` gets a fraction 0…1, or null while the size is unknown.
 */
export function uploadImport(form: FormData, onProgress: (fraction: number | null) => void): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', '/api/import')
    xhr.responseType = 'json'
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.upload.onprogress = (event) => onProgress(event.lengthComputable ? event.loaded / event.total : null)
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.response as ImportResult)
      else reject(failureOf(xhr.status, xhr.response, `HTTP ${xhr.status}`))
    }
    xhr.onerror = () => reject(new ApiFailure(0, 'network', ''))
    xhr.send(form)
  })
}
