import type { Db } from '../../db/connection.js'
import { findProgrammeByCode } from '../../db/repositories/programmes.js'
import { isValidDocName } from '../../shared/protocol.js'
import type { ProseMirrorJSON } from '../../shared/richtext/schema.js'
import { applySheetData } from '../../shared/sheet/data.js'
import type { FieldId } from '../../shared/sheet/schema.js'
import { lockedRowsKeeper } from '../collab/locked-rows.js'
import type { PeriodLocks } from '../collab/period-locks.js'
import type { DocumentRegistry } from '../collab/registry.js'
import type { UserRow } from '../../db/schema.js'
import { programmeAccess } from '../auth/access.js'
import { ApiError, forbidden, notFound, validationFailed } from '../errors.js'
import { parseJsonSheet } from '../import/json.js'
import { NotAFactSheetError, type ImportReport, type ParsedSheet, type UnmappedText } from '../import/report.js'
import { parseTemplateSheet } from '../import/template/parse.js'
import { programmeCreate } from './programme-create.js'
import { programmeListing, programmeListingRefresh } from './programme-listing.js'

/** Identity given by whoever imports, for sources that lack it (the Word template has no code). Wins over the source. */
export interface ImportIdentity {
  code?: string
  title?: string
  country?: string
  window?: string
  language?: string
}

export interface ImportResult {
  programmeId: string
  /** False when the code existed and that sheet was updated through its live document. */
  created: boolean
  report: ImportReport
}

const IDENTITY_FIELDS: [keyof ImportIdentity, FieldId][] = [
  ['code', 'identity.code'],
  ['title', 'identity.title'],
  ['country', 'identity.country'],
  ['window', 'identity.window'],
  ['language', 'identity.language'],
]

/** Parses a source of either format: our JSON export, or the Word fact-sheet template. */
export function parseSheetSource(source: string): ParsedSheet {
  const text = source.replace(/^\uFEFF/, '')
  return text.trimStart().startsWith('{') ? parseJsonSheet(text) : parseTemplateSheet(text)
}

/**
 * Imports one fact sheet on behalf of `actor` (null: the server itself — the example data, the
 * offline command). A new code creates the programme (secretariat and admins only); an existing
 * code updates that sheet through its live document (anyone who may edit it), so connected
 * editors see the change, and a re-import of the same file changes nothing. Source text that
 * mapped to no field goes into the sheet's import notes.
 */
export async function sheetImport(
  deps: { db: Db; registry: DocumentRegistry; locks?: PeriodLocks },
  source: string,
  identity: ImportIdentity = {},
  actor: UserRow | null = null,
): Promise<ImportResult> {
  let parsed: ParsedSheet
  try {
    parsed = parseSheetSource(source)
  } catch (error) {
    if (error instanceof NotAFactSheetError) throw new ApiError(422, 'not_a_fact_sheet', error.reason, error.params)
    throw error
  }
  const { data, report } = parsed
  for (const [key, field] of IDENTITY_FIELDS) {
    const value = identity[key]?.trim()
    if (value) data.fields[field] = value
  }
  const code = data.fields['identity.code']?.trim() ?? ''
  if (code === '') throw validationFailed('import.noCode')
  if (!isValidDocName(code)) throw validationFailed('import.badCode', { code })
  data.fields['identity.code'] = code
  // A template's unmapped text becomes the import notes; a JSON export carries its own notes,
  // to which anything it held that we could not place is added.
  const notes = notesOf(report.unmapped)
  const carried = report.format === 'json' ? (data.narratives.importNotes?.content ?? []) : []
  data.narratives.importNotes = { type: 'doc', content: [...carried, ...(notes.content ?? [])] }

  const author = { userId: actor?.id ?? null }
  let row = await findProgrammeByCode(deps.db, code)
  let created = false
  if (row && actor && !(await programmeAccess(deps.db, actor, row.id)).edit) {
    // Not disclosed to someone who may not read it; refused to someone who may only read.
    if (!(await programmeAccess(deps.db, actor, row.id)).read) throw notFound('notFound.programme', { code })
    throw forbidden('forbidden.change', { code })
  }
  if (!row && actor && !actor.role) throw forbidden('forbidden.create')
  if (!row) {
    try {
      row = await programmeCreate(deps, {
        code,
        title: data.fields['identity.title'] || code,
        country: data.fields['identity.country'] || '',
      }, author)
      created = true
    } catch (error) {
      // Imported at the same moment by someone else: update the sheet they created.
      if (!(error instanceof ApiError && error.status === 409)) throw error
      row = await findProgrammeByCode(deps.db, code)
      if (!row) throw error
    }
  }
  const id = row.id
  const current = row
  const listing = await deps.registry.use(id, async (live) => {
    await live.change((doc) => {
      // Locked periods hold against imports too, for everyone but the secretariat.
      const keepLocked = actor && !actor.role && deps.locks ? lockedRowsKeeper(doc, deps.locks.of(id)) : null
      applySheetData(doc, data)
      keepLocked?.()
    }, author)
    return programmeListing(live.doc, current)
  })
  await programmeListingRefresh(deps.db, id, listing)
  return { programmeId: id, created, report }
}

/** The unmapped pieces as a narrative: one paragraph each, where it was in bold. */
function notesOf(unmapped: UnmappedText[]): ProseMirrorJSON {
  return {
    type: 'doc',
    content: unmapped
      .filter(({ text }) => text.trim() !== '')
      .map(({ where, text }) => ({
        type: 'paragraph',
        // ProseMirror has no empty text nodes: the location only when there is one.
        content: [...(where ? [{ type: 'text', text: `${where}: `, marks: [{ type: 'strong' }] }] : []), { type: 'text', text }],
      })),
  }
}
