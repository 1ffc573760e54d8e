/**
 * The warnings of DOMAIN.md, computed from a sheet. A warning is shown beside its field; nothing
 * here ever refuses or changes a value, and nothing throws on bad data, because source figures
 * are often provisional or inconsistent and the sheet must record them as reported.
 */
import type * as Y from 'yjs'
import { resolveAgency } from '../agencies.js'
import { addMonths, compareCalendar } from '../dates.js'
import { centsToUnits, parseMoney, sumCents } from '../money.js'
import type { Cents } from '../money.js'
import { comparePeriods, isPeriod } from '../period.js'
import { listRows, sheetFields } from './layout.js'
import type { RowEntry } from './layout.js'
import { FIELD_DEFS, LIST_DEFS } from './schema.js'
import type { FieldId, ListId, ValueColumnId } from './schema.js'
import { readValue, rawText } from './values.js'
import { warningMessage } from './warning-messages.js'
import type { WarningCode, WarningParams } from './warning-messages.js'

export { warningMessage } from './warning-messages.js'
export type { WarningCode, WarningParams } from './warning-messages.js'

/** Longest extension allowed by the fund's guide, in months. */
export const MAX_EXTENSION_MONTHS = 12

/** One warning beside one field or cell. */
export interface SheetWarning {
  code: WarningCode
  /** Dotted field id (`budget.total`), a list (`list:tranches`) or a cell (`list:finance/<rowId>/transferred`). */
  field: string
  severity: 'warning'
  /** Values for localised messages; amounts in currency units. */
  params: WarningParams
  /** English text; use {@link warningMessage} for Spanish. */
  message: string
}

/** Field id of a cell of a list. */
export function cellField(listId: ListId, rowId: string, column: string): string {
  return `list:${listId}/${rowId}/${column}`
}

/** The computed warnings of a sheet, in schema order then rule order. Pure; never throws. */
export function sheetWarnings(doc: Y.Doc): SheetWarning[] {
  const warnings: SheetWarning[] = []
  const add = (code: WarningCode, field: string, params: WarningParams) =>
    warnings.push({ code, field, severity: 'warning', params, message: warningMessage({ code, field, params }, 'en') })
  const fields = sheetFields(doc)
  const field = (id: FieldId) => rawText(fields.get(id))

  checkValues(doc, add)
  const total = parseMoney(field('budget.total'))
  checkAgencies(listRows(doc, 'agencyBudgets'), total, add)
  checkTranches(listRows(doc, 'tranches'), total, add)
  checkFinance(listRows(doc, 'finance'), total, add)
  checkDates(field, add)
  checkLeads(listRows(doc, 'entities'), add)
  return warnings
}

type Add = (code: WarningCode, field: string, params: WarningParams) => void

function cell<L extends ListId>(entry: RowEntry, column: ValueColumnId<L>): string {
  return rawText(entry.row.get(column))
}

function money(entry: RowEntry, column: string): Cents | null {
  return parseMoney(rawText(entry.row.get(column)))
}

/** `invalid-value` for every field or cell that is not canonical; `unknown-agency` for agencies. */
function checkValues(doc: Y.Doc, add: Add): void {
  const fields = sheetFields(doc)
  for (const def of FIELD_DEFS) {
    const read = readValue(def, fields.get(def.id))
    if (read.state === 'invalid') add('invalid-value', def.id, { raw: read.raw, kind: def.kind })
  }
  for (const list of LIST_DEFS) {
    for (const entry of listRows(doc, list.id)) {
      for (const column of list.columns) {
        if (column.kind === 'narrative') continue
        const read = readValue(column, entry.row.get(column.id))
        if (read.state !== 'invalid') continue
        const at = cellField(list.id, entry.id, column.id)
        if (column.kind === 'agency') add('unknown-agency', at, { raw: read.raw, suggestion: resolveAgency(read.raw) })
        else add('invalid-value', at, { raw: read.raw, kind: column.kind })
      }
    }
  }
}

function checkAgencies(rows: RowEntry[], total: Cents | null, add: Add): void {
  if (total === null || rows.length === 0) return
  const sum = sumCents(rows.map((row) => money(row, 'amount') ?? 0))
  // A sum past MAX_CENTS (null) exceeds any total; it has no exact figure, so none is given.
  if (sum !== total) {
    add('agency-sum-mismatch', 'budget.total', {
      total: centsToUnits(total), sum: sum === null ? null : centsToUnits(sum), difference: sum === null ? null : centsToUnits(total - sum),
    })
  }
}

function checkTranches(rows: RowEntry[], total: Cents | null, add: Add): void {
  let previous: { date: string; number: number } | null = null
  rows.forEach((entry, index) => {
    const date = cell<'tranches'>(entry, 'date')
    if (compareCalendar(date, date) === null) return // empty or invalid: nothing to order
    if (previous && (compareCalendar(date, previous.date) ?? 0) < 0) {
      add('tranche-order', cellField('tranches', entry.id, 'date'), {
        number: index + 1, date, previousNumber: previous.number, previousDate: previous.date,
      })
    }
    previous = { date, number: index + 1 }
  })
  const sum = sumCents(rows.map((row) => money(row, 'amount') ?? 0))
  // A sum past MAX_CENTS (null) exceeds any total, as in checkAgencies.
  if (total !== null && (sum === null || sum > total)) {
    add('tranche-sum-exceeds-total', 'list:tranches', { sum: sum === null ? null : centsToUnits(sum), total: centsToUnits(total) })
  }
}

const FINANCE_CHAIN = ['disbursed', 'committed', 'transferred', 'total'] as const
const CUMULATIVE = ['transferred', 'committed', 'disbursed'] as const

/** Finance rows sorted by period; rows without a valid period keep their order, last. */
export function financeRowsByPeriod(rows: RowEntry[]): RowEntry[] {
  return rows
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => comparePeriods(cell<'finance'>(a.entry, 'period'), cell<'finance'>(b.entry, 'period')) || a.index - b.index)
    .map(({ entry }) => entry)
}

function checkFinance(rows: RowEntry[], budgetTotal: Cents | null, add: Add): void {
  const seen = new Set<string>()
  const last = new Map<string, { amount: Cents; period: string }>()
  for (const entry of financeRowsByPeriod(rows)) {
    const period = cell<'finance'>(entry, 'period')
    const at = (column: string) => cellField('finance', entry.id, column)
    const validPeriod = isPeriod(period)
    if (validPeriod && seen.has(period)) add('duplicate-period', at('period'), { period })
    if (validPeriod) seen.add(period)

    // Each figure must not exceed the next one up the chain that is filled in.
    FINANCE_CHAIN.forEach((column, i) => {
      const amount = money(entry, column)
      if (amount === null) return
      for (const limitColumn of FINANCE_CHAIN.slice(i + 1)) {
        const limit = money(entry, limitColumn)
        if (limit === null) continue
        if (amount > limit) {
          add('finance-order', at(column), {
            period, rule: `${column}-le-${limitColumn}`, column, amount: centsToUnits(amount), limitColumn, limit: centsToUnits(limit),
          })
        }
        break
      }
    })
    const rowTotal = money(entry, 'total')
    if (rowTotal !== null && budgetTotal !== null && rowTotal !== budgetTotal) {
      add('finance-order', at('total'), {
        period, rule: 'total-eq-budget', column: 'total', amount: centsToUnits(rowTotal), limitColumn: 'budget.total', limit: centsToUnits(budgetTotal),
      })
    }

    if (!validPeriod) continue // a fall can only be judged between known periods
    for (const column of CUMULATIVE) {
      const amount = money(entry, column)
      if (amount === null) continue
      const before = last.get(column)
      if (before && amount < before.amount) {
        add('cumulative-decrease', at(column), {
          period, column, amount: centsToUnits(amount), previousPeriod: before.period, previous: centsToUnits(before.amount),
        })
      }
      last.set(column, { amount, period })
    }
  }
}

function checkDates(field: (id: FieldId) => string, add: Add): void {
  const order = (ids: readonly FieldId[]) => {
    ids.forEach((later, j) => {
      const value = field(later)
      const earlier = ids.slice(0, j).find((id) => (compareCalendar(field(id), value) ?? 0) > 0)
      if (earlier) add('date-order', later, { value, earlierField: earlier, earlierValue: field(earlier) })
    })
  }
  order(['dates.start', 'dates.end', 'dates.extendedEnd'])
  order(['evaluation.periodStart', 'evaluation.periodEnd'])

  const end = field('dates.end')
  const extendedEnd = field('dates.extendedEnd')
  const limit = addMonths(end, MAX_EXTENSION_MONTHS)
  if (limit !== null && (compareCalendar(extendedEnd, limit) ?? 0) > 0) {
    add('extension-too-long', 'dates.extendedEnd', { end, extendedEnd, limit, maxMonths: MAX_EXTENSION_MONTHS })
  }
}

function checkLeads(rows: RowEntry[], add: Add): void {
  const leads = rows.filter((entry) => cell<'entities'>(entry, 'lead') === 'yes')
  for (const entry of leads.slice(1)) {
    add('multiple-lead-entities', cellField('entities', entry.id, 'lead'), {
      count: leads.length, name: cell<'entities'>(entry, 'acronym') || cell<'entities'>(entry, 'name'),
    })
  }
}
