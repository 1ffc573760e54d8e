/**
 * CSV exports of a sheet's money (RFC 4180): the financial execution per period, and the budgets
 * and tranches. Figures are machine-readable (no grouping, percentages as plain numbers) in the
 * convention of the spreadsheet the export language's users open them with: `en` separates fields
 * with `,` and writes `28.59`; `es` separates with `;` and writes `28,59`, which Excel set to
 * Spanish reads as numbers (with `,` it would put a whole row in one column). The header row is in
 * the export language. A UTF-8 BOM starts the text because Excel otherwise reads it in the system
 * code page and garbles the accents of the headers.
 */
import { percentOf, unitsToCents } from '../../shared/money.js'
import { listDef } from '../../shared/sheet/schema.js'
import type { SheetJson } from '../../shared/sheet/sheet-json.js'
import { UI } from './format.js'
import type { ExportLang } from './format.js'

const BOM = '\uFEFF'

type Value = string | number | null | undefined

/** Field separator and decimal mark per export language. */
const DIALECT: Record<ExportLang, { separator: string; decimal: string }> = {
  en: { separator: ',', decimal: '.' },
  es: { separator: ';', decimal: ',' },
}

/**
 * One CSV field. Numbers are written as JSON writes them (exact decimals of cents), with the
 * language's decimal mark. Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`)
 * gets a leading `'`: an agency typed as `=HYPERLINK(…)` must stay text when someone opens the file.
 */
function field(value: Value, lang: ExportLang): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value).replace('.', DIALECT[lang].decimal) : ''
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

function csv(rows: Value[][], lang: ExportLang): string {
  return BOM + rows.map((row) => row.map((value) => field(value, lang)).join(DIALECT[lang].separator) + '\r\n').join('')
}

function label(listId: string, column: string, lang: ExportLang): string {
  return listDef(listId)?.columns.find((c) => c.id === column)?.label[lang] ?? column
}

/**
 * The financial execution table: a header row, then one row per period (sorted by period, as in
 * the sheet) with total, transferred, transferred %, committed, committed %, disbursed, disbursed %.
 * Empty or invalid figures are empty fields.
 *
 * @example financeCsv(sheet, { lang: 'en' }) // '\uFEFFPeriod,Total (USD),Transferred (USD),Transferred %,…\r\n2009-2,5000000,1429667,28.59,…'
 * @example financeCsv(sheet, { lang: 'es' }) // '\uFEFFPeriodo;Total (USD);Transferido (USD);Transferido %;…\r\n2009-2;5000000;1429667;28,59;…'
 */
export function financeCsv(sheet: SheetJson, options: { lang: ExportLang }): string {
  const { lang } = options
  const currency = sheet.budget.currency || 'USD'
  const money = (column: string) => `${label('finance', column, lang)} (${currency})`
  const header = [label('finance', 'period', lang), money('total')]
  for (const column of ['transferred', 'committed', 'disbursed']) header.push(money(column), `${label('finance', column, lang)} %`)
  const rows = sheet.finance.rows.map((row) => [
    row.period, row.total,
    row.transferred.amount, row.transferred.percent,
    row.committed.amount, row.committed.percent,
    row.disbursed.amount, row.disbursed.percent,
  ])
  return csv([header, ...rows], lang)
}

const BUDGET_HEADERS: Record<ExportLang, string[]> = {
  es: ['Tipo', 'Concepto', 'Fecha'],
  en: ['Kind', 'Item', 'Date'],
}

/**
 * Budgets and tranches in one table, told apart by the `kind` column (stable codes, for filters
 * and formulas): `agency` rows (item = agency code), `agency-sum`, `tranche` rows (item = tranche
 * number, with its date), `tranche-sum`, and `total` (the total budget). Every amount carries its
 * percentage of the total budget.
 *
 * @example budgetCsv(sheet, { lang: 'en' }) // '\uFEFFKind,Item,Date,Amount (USD),% of total\r\nagency,UNESCO,,610562,12.21\r\n…'
 */
export function budgetCsv(sheet: SheetJson, options: { lang: ExportLang }): string {
  const { lang } = options
  const currency = sheet.budget.currency || 'USD'
  const total = sheet.budget.total
  const cents = (units: number | null) => (units === null ? null : unitsToCents(units))
  const pct = (amount: number | null) => percentOf(cents(amount), cents(total))
  const header = [...BUDGET_HEADERS[lang], `${label('agencyBudgets', 'amount', lang)} (${currency})`, UI[lang].percentOfTotal]
  const rows: Value[][] = [header]
  for (const row of sheet.budget.agencyBudgets) rows.push(['agency', row.agency, null, row.amount, pct(row.amount)])
  rows.push(['agency-sum', null, null, sheet.budget.agencySum, pct(sheet.budget.agencySum)])
  for (const row of sheet.disbursements.tranches) rows.push(['tranche', row.number, row.date, row.amount, pct(row.amount)])
  rows.push(['tranche-sum', null, null, sheet.disbursements.sum, sheet.disbursements.percentOfTotal])
  rows.push(['total', null, null, total, pct(total)])
  return csv(rows, lang)
}
