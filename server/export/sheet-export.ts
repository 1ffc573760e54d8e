import type { SheetJson } from '../../shared/sheet/render.js'
import { budgetCsv, financeCsv } from './csv.js'
import { sheetToDocx } from './docx.js'
import type { ExportLang } from './format.js'
import { sheetToHtml } from './html.js'

export const EXPORT_FORMATS = ['json', 'html', 'docx', 'csv'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** An export ready to send. */
export interface ExportFile {
  body: string | Uint8Array<ArrayBuffer>
  contentType: string
  extension: string
}

/**
 * A rendered sheet in one of the export formats. Takes a `SheetJson`, so the same call exports
 * the live sheet and, later, a snapshot.
 */
export async function sheetExport(
  sheet: SheetJson,
  format: ExportFormat,
  options: { lang: ExportLang; table: 'finance' | 'budget' },
): Promise<ExportFile> {
  switch (format) {
    case 'json':
      return { body: JSON.stringify(sheet, null, 2), contentType: 'application/json; charset=utf-8', extension: 'json' }
    case 'html':
      return { body: sheetToHtml(sheet, { lang: options.lang }), contentType: 'text/html; charset=utf-8', extension: 'html' }
    case 'docx':
      return {
        body: new Uint8Array(await sheetToDocx(sheet, { lang: options.lang })),
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
