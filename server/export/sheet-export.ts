import type { SheetJson } from '../../shared/sheet/render.js'
import type { FollowUp } from '../commands/follow-up.js'
import { badRequest } from '../errors.js'
import { budgetCsv, financeCsv } from './csv.js'
import { sheetToDocx } from './docx.js'
import type { ExportLang } from './format.js'
import { sheetToHtml } from './html.js'

export const EXPORT_FORMATS = ['json', 'html', 'docx', 'csv'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** What an export request asks for, read from its query (`format`, `lang`, `table`, `followUp`). */
export interface ExportRequest {
  format: ExportFormat
  /** `es` or `en`, or undefined for the sheet's own language. */
  lang: ExportLang | undefined
  table: 'finance' | 'budget'
  /** The follow-up after the sheet (HTML and Word only): `followUp=1`, the default, or `0`. */
  followUp: boolean
}

/** Reads and checks an export's query; a wrong value is refused naming what it may be. */
export function exportRequest(query: (key: string) => string | undefined): ExportRequest {
  const format = query('format') ?? 'json'
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw badRequest('export.format', { options: EXPORT_FORMATS.join(', ') })
  const lang = query('lang')
  if (lang !== undefined && lang !== 'es' && lang !== 'en') throw badRequest('export.lang')
  const table = query('table') ?? 'finance'
  if (table !== 'finance' && table !== 'budget') throw badRequest('export.table')
  const followUp = query('followUp') ?? '1'
  if (followUp !== '0' && followUp !== '1') throw badRequest('export.followUp')
  return { format: format as ExportFormat, lang, table, followUp: followUp === '1' && (format === 'html' || format === 'docx') }
}

/** An export ready to send. */
export interface ExportFile {
  body: string | Uint8Array<ArrayBuffer>
  contentType: string
  extension: string
}

/**
 * A rendered sheet in one of the export formats. Takes a `SheetJson`, so the same call exports
 * the live sheet and a snapshot. The HTML and Word exports append `followUp` when given (the JSON
 * and CSV exports are the sheet's data and money only).
 */
export async function sheetExport(
  sheet: SheetJson,
  format: ExportFormat,
  options: { lang: ExportLang; table: 'finance' | 'budget'; followUp?: FollowUp | null },
): Promise<ExportFile> {
  switch (format) {
    case 'json':
      return { body: JSON.stringify(sheet, null, 2), contentType: 'application/json; charset=utf-8', extension: 'json' }
    case 'html':
      return { body: sheetToHtml(sheet, { lang: options.lang, followUp: options.followUp ?? null }), contentType: 'text/html; charset=utf-8', extension: 'html' }
    case 'docx':
      return {
        body: new Uint8Array(await sheetToDocx(sheet, { lang: options.lang, followUp: options.followUp ?? null })),
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        extension: 'docx',
      }
    case 'csv':
      return {
        body: options.table === 'budget' ? budgetCsv(sheet, { lang: options.lang }) : financeCsv(sheet, { lang: options.lang }),
        contentType: 'text/csv; charset=utf-8',
        extension: 'csv',
      }
  }
}
