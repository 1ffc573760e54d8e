/**
 * The one place that turns a rendered sheet into what every export shows: the sections in paper
 * order with their labels in the export language, values formatted for that language, money as
 * tables with derived percentages, narratives as blocks, and each warning placed beside the field,
 * cell or list it concerns. The HTML and Word exports only lay this out, so their content cannot
 * drift apart.
 */
import { agencyByCode } from '../../shared/agencies.js'
import { formatPercent, percentOf, unitsToCents } from '../../shared/money.js'
import { periodLabel } from '../../shared/period.js'
import { isSafeHref } from '../../shared/richtext/schema.js'
import type { ItemDef, ListDef, SectionDef, ValueDef } from '../../shared/sheet/definition.js'
import { SHEET_SECTIONS, jsonKey } from '../../shared/sheet/schema.js'
import type { NarrativeJson, SheetJson } from '../../shared/sheet/sheet-json.js'
import { fieldLabel, warningMessage } from '../../shared/sheet/warning-messages.js'
import { UI, formatAmount, formatAmountWithCurrency, formatCount, formatDay, formatMonth } from './format.js'
import type { ExportLang } from './format.js'
import { narrativeBlocks } from './narrative.js'
import type { RichBlock } from './narrative.js'

/** A warning of the sheet, numbered in sheet order so that a marker points to its summary entry. */
export interface ExportWarning {
  n: number
  field: string
  /** Label of the field, list or cell, in the export language. */
  label: string
  message: string
}

/** A formatted value. `text` is `''` when the value is empty or invalid (its warning says why). */
export interface ExportCell {
  text: string
  /** Secondary text: an agency's full name, a period in words. */
  detail: string | null
  /** A safe link target (http, https, mailto) for a URL or e-mail value. */
  href: string | null
  /** Figures are right-aligned. */
  numeric: boolean
  warnings: ExportWarning[]
}

/** A column of a table. */
export interface ExportColumn {
  label: string
  numeric: boolean
}

/** What a section holds, in order. */
export type ExportBlock =
  | { kind: 'fields'; fields: { id: string; label: string; cell: ExportCell }[] }
  | { kind: 'table'; id: string; label: string | null; columns: ExportColumn[]; rows: ExportCell[][]; totals: ExportCell[][]; warnings: ExportWarning[] }
  | { kind: 'items'; id: string; label: string | null; items: ExportCell[]; warnings: ExportWarning[] }
  | { kind: 'narrative'; id: string; label: string | null; blocks: RichBlock[]; warnings: ExportWarning[] }

/** A section of the sheet; `empty` when nothing in it has a value. */
export interface ExportSection {
  id: string
  label: string
  blocks: ExportBlock[]
  empty: boolean
}

/** A sheet ready to be laid out by an export format. */
export interface ExportSheet {
  lang: ExportLang
  title: string
  code: string | null
  country: string | null
  currency: string
  sections: ExportSection[]
  /** Every warning, in sheet order; each also sits beside its field, cell or list in `sections`. */
  warnings: ExportWarning[]
  ui: (typeof UI)[ExportLang]
}

type Json = Record<string, unknown>

function getPath(json: unknown, path: string): unknown {
  let node = json
  for (const key of path.split('.')) node = node !== null && typeof node === 'object' ? (node as Json)[key] : undefined
  return node
}

export function cell(text: string, extra: Partial<ExportCell> = {}): ExportCell {
  return { text, detail: null, href: null, numeric: false, warnings: [], ...extra }
}

/** Hands out each warning once: to the first field or cell that asks for it, the rest to lists. */
class WarningPlacer {
  private readonly unclaimed: ExportWarning[]
  constructor(readonly all: ExportWarning[]) {
    this.unclaimed = [...all]
  }
  /** Warnings of exactly `field`. */
  take(field: string): ExportWarning[] {
    return this.takeWhere((w) => w.field === field)
  }
  /** Warnings of a list and of its cells that no displayed cell claimed. */
  takeList(listId: string): ExportWarning[] {
    return this.takeWhere((w) => w.field === `list:${listId}` || w.field.startsWith(`list:${listId}/`))
  }
  private takeWhere(match: (w: ExportWarning) => boolean): ExportWarning[] {
    const taken = this.unclaimed.filter(match)
    for (const w of taken) this.unclaimed.splice(this.unclaimed.indexOf(w), 1)
    return taken
  }
}

interface Context {
  lang: ExportLang
  currency: string
  ui: (typeof UI)[ExportLang]
  warnings: WarningPlacer
}

/** A value of a field or list column, formatted by its kind. `withCurrency` for standalone amounts. */
function valueCell(def: ValueDef, value: unknown, ctx: Context, withCurrency = false): ExportCell {
  const { lang } = ctx
  if (value === null || value === undefined || value === '') return cell('', { numeric: def.kind === 'money' || def.kind === 'count' })
  switch (def.kind) {
    case 'money':
      return cell(typeof value === 'number'
        ? (withCurrency ? formatAmountWithCurrency(value, lang, ctx.currency) : formatAmount(value, lang))
        : String(value), { numeric: true })
    case 'count':
      return cell(typeof value === 'number' ? formatCount(value, lang) : String(value), { numeric: true })
    case 'date':
      return cell(formatDay(String(value), lang))
    case 'month':
      return cell(formatMonth(String(value), lang))
    case 'period':
      return cell(String(value), { detail: periodLabel(String(value), lang) })
    case 'yesno':
      return cell(value === true ? ctx.ui.yes : value === false ? ctx.ui.no : String(value))
    case 'enum':
      return cell(def.options?.find((o) => o.code === value)?.label[lang] ?? String(value))
    case 'agency':
      return cell(String(value), { detail: agencyByCode(String(value))?.name[lang] ?? null })
    case 'initials':
      return cell(Array.isArray(value) ? value.join(', ') : String(value))
    case 'url':
      return cell(String(value), { href: isSafeHref(value) ? value.trim() : null })
    case 'email':
      return cell(String(value), { href: isSafeHref(`mailto:${String(value)}`) ? `mailto:${String(value)}` : null })
    default:
      return cell(String(value))
  }
}

function withWarnings(c: ExportCell, warnings: ExportWarning[]): ExportCell {
  return warnings.length ? { ...c, warnings: [...c.warnings, ...warnings] } : c
}

function narrativeBlock(id: string, label: string | null, narrative: NarrativeJson | undefined, warnings: ExportWarning[]): ExportBlock {
  return { kind: 'narrative', id, label, blocks: narrative ? narrativeBlocks(narrative) : [], warnings }
}

type Row = Json & { id: string }

function rowsOf(value: unknown): Row[] {
  return Array.isArray(value) ? (value as Row[]) : []
}

/** Amount and derived percentage of a finance column ({amount, percent}). */
function financeCells(value: unknown, ctx: Context, warnings: ExportWarning[]): ExportCell[] {
  const { amount, percent } = (value ?? {}) as { amount?: number | null; percent?: number | null }
  return [
    withWarnings(cell(typeof amount === 'number' ? formatAmount(amount, ctx.lang) : '', { numeric: true }), warnings),
    cell(typeof percent === 'number' ? formatPercent(percent, ctx.lang) : '', { numeric: true }),
  ]
}

function percentCell(amount: unknown, total: number | null, ctx: Context): ExportCell {
  const percent = typeof amount === 'number' && total !== null ? percentOf(unitsToCents(amount), unitsToCents(total)) : null
  return cell(percent === null ? '' : formatPercent(percent, ctx.lang), { numeric: true })
}

function listBlock(list: ListDef, rows: Row[], sheet: SheetJson, ctx: Context): ExportBlock[] {
  const { lang, ui } = ctx
  const money = (label: string): ExportColumn => ({ label: `${label} (${ctx.currency})`, numeric: true })
  const at = (row: Row, column: string) => ctx.warnings.take(`list:${list.id}/${row.id}/${column}`)
  const valueColumns = list.columns.filter((c): c is ValueDef => c.kind !== 'narrative')
  const plainCell = (row: Row, column: ValueDef) => withWarnings(valueCell(column, row[column.id], ctx), at(row, column.id))
  const total = sheet.budget.total

  if (list.id === 'finance') {
    const columns: ExportColumn[] = [{ label: list.columns[0]?.label[lang] ?? '', numeric: false }, money(list.columns[1]?.label[lang] ?? '')]
    for (const column of list.columns.slice(2)) columns.push(money(column.label[lang]), { label: ui.percent, numeric: true })
    const body = rows.map((row) => [
      plainCell(row, valueColumns[0] as ValueDef), plainCell(row, valueColumns[1] as ValueDef),
      ...valueColumns.slice(2).flatMap((column) => financeCells(row[column.id], ctx, at(row, column.id))),
    ])
    return [{ kind: 'table', id: list.id, label: list.label[lang], columns, rows: body, totals: [], warnings: ctx.warnings.takeList(list.id) }]
  }
  if (list.id === 'results') {
    // Statements only: the achievements per result are their own section (a view of these rows).
    const blocks = rows.map((row, i) => narrativeBlock(`${list.id}/${row.id}`, `${list.columns[0]?.label[lang] ?? ''} ${i + 1}`,
      row['statement'] as NarrativeJson | undefined, at(row, 'statement')))
    const rest = ctx.warnings.takeList(list.id)
    if (rest.length && blocks[0]?.kind === 'narrative') blocks[0].warnings.push(...rest)
    return blocks
  }
  if (valueColumns.length === 1 && !list.numbered) {
    const column = valueColumns[0] as ValueDef
    const items = rows.map((row) => plainCell(row, column))
    return [{ kind: 'items', id: list.id, label: list.label[lang], items, warnings: ctx.warnings.takeList(list.id) }]
  }
  const columns: ExportColumn[] = valueColumns.map((c) => c.kind === 'money' ? money(c.label[lang]) : { label: c.label[lang], numeric: false })
  const body = rows.map((row) => valueColumns.map((column) => plainCell(row, column)))
  const totals: ExportCell[][] = []
  if (list.id === 'agencyBudgets' || list.id === 'tranches') {
    columns.push({ label: ui.percentOfTotal, numeric: true })
    rows.forEach((row, i) => body[i]?.push(percentCell(row['amount'], total, ctx)))
  }
  if (list.numbered) {
    columns.unshift({ label: '#', numeric: true })
    rows.forEach((row, i) => body[i]?.unshift(cell(String(row['number'] ?? i + 1), { numeric: true })))
  }
  const amount = (n: number | null) => cell(n === null ? '' : formatAmount(n, lang), { numeric: true })
  const blank = () => cell('')
  if (list.id === 'agencyBudgets') {
    totals.push([cell(ui.agencySum), amount(sheet.budget.agencySum), percentCell(sheet.budget.agencySum, total, ctx)])
    totals.push([cell(ui.totalBudget), amount(total), percentCell(total, total, ctx)])
  } else if (list.id === 'tranches') {
    const { sum, percentOfTotal } = sheet.disbursements
    totals.push([blank(), cell(ui.trancheSum), amount(sum),
      cell(percentOfTotal === null ? '' : formatPercent(percentOfTotal, lang), { numeric: true })])
  }
  return [{ kind: 'table', id: list.id, label: list.label[lang], columns, rows: body, totals, warnings: ctx.warnings.takeList(list.id) }]
}

function sectionBlocks(section: SectionDef, sheet: SheetJson, ctx: Context): ExportBlock[] {
  const json = (sheet as unknown as Record<string, Json>)[section.id] ?? {}
  const blocks: ExportBlock[] = []
  const fields = () => {
    const last = blocks[blocks.length - 1]
    if (last?.kind === 'fields') return last.fields
    const block: ExportBlock = { kind: 'fields', fields: [] }
    blocks.push(block)
    return block.fields
  }
  for (const item of section.items as readonly ItemDef[]) {
    const value = getPath(json, jsonKey(section, item))
    const label = item.label[ctx.lang]
    if (item.kind === 'list') {
      // A list named like its section (Desembolsos, Regiones…) needs no caption of its own.
      const listBlocks = listBlock(item, rowsOf(value), sheet, ctx)
      for (const block of listBlocks) if (block.kind !== 'fields' && block.label === section.label[ctx.lang]) block.label = null
      blocks.push(...listBlocks)
    }
    else if (item.kind === 'narrative') {
      blocks.push(narrativeBlock(item.id, label === section.label[ctx.lang] ? null : label, value as NarrativeJson, ctx.warnings.take(item.id)))
    } else {
      const standalone = item.kind === 'money'
      fields().push({ id: item.id, label, cell: withWarnings(valueCell(item, value, ctx, standalone), ctx.warnings.take(item.id)) })
    }
  }
  if (section.view) {
    const { list, column } = section.view
    rowsOf(json['rows']).forEach((row, i) => blocks.push(narrativeBlock(`${section.id}/${row.id}`, `${ctx.ui.result} ${i + 1}`,
      row[column] as NarrativeJson | undefined, ctx.warnings.take(`list:${list}/${row.id}/${column}`))))
  }
  return blocks
}

function blockEmpty(block: ExportBlock): boolean {
  switch (block.kind) {
    case 'fields': return block.fields.every((f) => f.cell.text === '' && f.cell.warnings.length === 0)
    case 'table': return block.rows.length === 0 && block.warnings.length === 0
    case 'items': return block.items.length === 0 && block.warnings.length === 0
    case 'narrative': return block.blocks.length === 0 && block.warnings.length === 0
  }
}

/**
 * The content of every export of `sheet`, in `lang`.
 *
 * @example exportSheet(renderSheet(doc), 'en').sections[0].label // 'Identity'
 */
export function exportSheet(sheet: SheetJson, lang: ExportLang): ExportSheet {
  const ui = UI[lang]
  const all = sheet.warnings.map((w, i) => ({ n: i + 1, field: w.field, label: fieldLabel(w.field, lang), message: warningMessage(w, lang) }))
  const ctx: Context = { lang, ui, currency: sheet.budget.currency || 'USD', warnings: new WarningPlacer(all) }
  const sections = SHEET_SECTIONS.map((section) => {
    const blocks = sectionBlocks(section, sheet, ctx)
    return { id: section.id, label: section.label[lang], blocks, empty: blocks.every(blockEmpty) }
  })
  return {
    lang, ui, sections, warnings: all, currency: ctx.currency,
    title: sheet.identity.title ?? sheet.identity.code ?? ui.factSheet,
    code: sheet.identity.code, country: sheet.identity.country,
  }
}
