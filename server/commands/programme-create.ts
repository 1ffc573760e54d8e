import type { Db } from '../../db/connection.js'
import { isUniqueViolation } from '../../db/errors.js'
import { findProgramme, findProgrammeByCode, insertProgramme } from '../../db/repositories/programmes.js'
import type { ProgrammeRow } from '../../db/schema.js'
import { isValidDocName } from '../../shared/protocol.js'
import { initSheet } from '../../shared/sheet/layout.js'
import { LANGUAGE_OPTIONS, WINDOW_OPTIONS } from '../../shared/sheet/options.js'
import type { ChangeAuthor } from '../collab/live-document.js'
import type { DocumentRegistry } from '../collab/registry.js'
import { conflict, validationFailed } from '../errors.js'
import { programmeListing, programmeListingRefresh } from './programme-listing.js'

export interface ProgrammeInput {
  code: string
  title: string
  country: string
  window?: string
  language?: string
}

/** Checks the body of `POST /api/programmes` (`window` and `language` optional); throws 422 naming what is wrong. */
export function parseProgrammeInput(body: unknown): ProgrammeInput {
  if (typeof body !== 'object' || body === null) throw validationFailed('programme.notObject')
  const record = body as Record<string, unknown>
  const text = (key: string, max: number): string => {
    const value = record[key]
    if (typeof value !== 'string' || value.trim() === '') throw validationFailed('input.required', { field: key })
    if (value.trim().length > max) throw validationFailed('input.tooLong', { field: key, max })
    return value.trim()
  }
  const input: ProgrammeInput = { code: text('code', 64), title: text('title', 500), country: text('country', 100) }
  if (!isValidDocName(input.code)) {
    throw validationFailed('programme.code')
  }
  const choice = (key: 'window' | 'language', options: readonly { code: string }[]) => {
    const value = record[key]
    if (value === undefined || value === null || value === '') return
    const codes = options.map((o) => o.code)
    if (typeof value !== 'string' || !codes.includes(value)) throw validationFailed('input.oneOf', { field: key, options: codes.join(', ') })
    input[key] = value
  }
  choice('window', WINDOW_OPTIONS)
  choice('language', LANGUAGE_OPTIONS)
  return input
}

/**
 * Registers a programme and writes its identity into its new document. The programme's id is
 * its code, and names its document. The document is written through the registry, so the
 * identity is stored like any edit.
 */
export async function programmeCreate(
  deps: { db: Db; registry: DocumentRegistry },
  input: ProgrammeInput,
  author: ChangeAuthor,
  now: number = Date.now(),
): Promise<ProgrammeRow> {
  if ((await findProgramme(deps.db, input.code)) || (await findProgrammeByCode(deps.db, input.code))) {
    throw conflict('programme.exists', { code: input.code })
  }
  let row: ProgrammeRow
  try {
    row = await insertProgramme(deps.db, {
      id: input.code,
      code: input.code,
      title: input.title,
      country: input.country,
      created_at: now,
      updated_at: now,
    })
  } catch (error) {
    // Two creations of one code at once: the database decides, the loser gets the same 409.
    if (isUniqueViolation(error)) throw conflict('programme.exists', { code: input.code })
    throw error
  }
  const created = row
  const listing = await deps.registry.use(row.id, async (live) => {
    await live.change((doc) => initSheet(doc, input), author)
    return programmeListing(live.doc, created)
  })
  await programmeListingRefresh(deps.db, row.id, listing)
  return { ...row, summary: JSON.stringify(listing.summary) }
}
