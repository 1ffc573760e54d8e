import { errorMessage, type ErrorParams, type ErrorReason } from '../../shared/errors.js'
import type { SheetData } from '../../shared/sheet/data.js'
import type { ImportNote } from '../../shared/import-notes.js'

/** A piece of source text that no field took, with where it was found. */
export interface UnmappedText {
  /** Where in the source: the label of the row or section it sat in, or `line N`. */
  where: string
  text: string
}

/** What an import did with its source, for the person who imported it. Nothing is dropped silently. */
export interface ImportReport {
  /** `template`: a fact sheet exported from Word (HTML mixed with tab-separated rows); `json`: our JSON export. */
  format: 'template' | 'json'
  /** Language of the sheet's labels, when recognised. */
  language: 'es' | 'en' | 'fr' | null
  /** Field, list and narrative ids that received content, in schema terms (`budget.total`, `list:finance`, `text:summary`). */
  mapped: string[]
  /** Source text that did not map to a field; also kept in the sheet's import-notes narrative. */
  unmapped: UnmappedText[]
  /** Decisions worth knowing: aliases resolved, placeholders read as empty, a duplicated table read once … (shared/import-notes.ts) */
  notes: ImportNote[]
}

/** The outcome of parsing a source file. */
export interface ParsedSheet {
  data: SheetData
  report: ImportReport
}

/** The source is not a fact sheet this importer understands (answered 422 by the API). */
export class NotAFactSheetError extends Error {
  constructor(
    readonly reason: ErrorReason,
    readonly params: ErrorParams = {},
  ) {
    super(errorMessage('en', reason, params))
    this.name = 'NotAFactSheetError'
  }
}
