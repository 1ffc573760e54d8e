import { centsToMoney, MAX_CENTS, unitsToCents } from '../../shared/money.js'
import type { ProseMirrorJSON } from '../../shared/richtext/schema.js'
import type { ColumnDef, ItemDef, ListDef, SectionDef, ValueDef } from '../../shared/sheet/definition.js'
import { emptySheetData, type SheetDataRow } from '../../shared/sheet/data.js'
import { SHEET_SECTIONS, SCHEMA_VERSION, jsonKey, type FieldId, type ListId, type NarrativeId } from '../../shared/sheet/schema.js'
import { htmlToRichText } from './html-to-richtext.js'
import { NotAFactSheetError, type ImportReport, type ParsedSheet } from './report.js'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

/** Keys the renderer derives (never typed): ignored on the way back in. */
const DERIVED = new Set(['agencySum', 'sum', 'percentOfTotal', 'individuals', 'number', 'percent'])

/**
 * Reads our own JSON export (a `SheetJson`, or the `{programme, sheet}` answer of
 * `GET /api/programmes/:id`) back into sheet data, losslessly: row ids are kept, narratives are
 * parsed from their HTML, and figures that were invalid (rendered `null`) get their typed text
 * back from the `invalid-value` warnings that carry it.
 */
export function parseJsonSheet(source: string): ParsedSheet {
  let parsed: unknown
  try {
    parsed = JSON.parse(source)
  } catch (error) {
    throw new NotAFactSheetError('import.invalidJson', { detail: (error as Error).message })
  }
  const sheet = asObject(asObject(parsed)?.['sheet']) ?? asObject(parsed)
  if (!sheet || sheet['schemaVersion'] !== SCHEMA_VERSION) {
    throw new NotAFactSheetError('import.notExport', { version: SCHEMA_VERSION })
  }
  const data = emptySheetData()
  const report: ImportReport = { format: 'json', language: null, mapped: [], unmapped: [], notes: [] }
  const raw = rawValuesFromWarnings(sheet['warnings'])

  for (const section of SHEET_SECTIONS as readonly SectionDef[]) {
    const json = asObject(sheet[section.id])
    if (!json) continue
    const known = new Set<string>()
    for (const item of section.items) {
      const key = jsonKey(section, item)
      known.add(key.split('.')[0]!)
      const value = getPath(json, key)
      if (value === undefined) continue
      readItem(item, value, raw, data, report)
    }
    if (section.view) known.add('rows')
    for (const key of Object.keys(json)) {
      if (!known.has(key) && !DERIVED.has(key)) report.unmapped.push({ where: section.id, text: `${key}: ${JSON.stringify(json[key])}` })
    }
  }
  const sectionIds = new Set<string>(SHEET_SECTIONS.map((s) => s.id))
  for (const key of Object.keys(sheet)) {
    if (!sectionIds.has(key) && key !== 'schemaVersion' && key !== 'warnings') {
      report.unmapped.push({ where: 'sheet', text: `${key}: ${JSON.stringify(sheet[key])}` })
    }
  }
  const language = data.fields['identity.language']
  report.language = language === 'es' || language === 'en' || language === 'fr' ? language : null
  return { data, report }
}

function readItem(item: ItemDef, value: Json, raw: Map<string, string>, data: ReturnType<typeof emptySheetData>, report: ImportReport): void {
  if (item.kind === 'narrative') {
    data.narratives[item.id as NarrativeId] = narrative(value)
    report.mapped.push(`text:${item.id}`)
  } else if (item.kind === 'list') {
    if (!Array.isArray(value)) return
    data.lists[item.id as ListId] = value.flatMap((row) => {
      const object = asObject(row)
      return object ? [readRow(item, object, raw)] : []
    })
    report.mapped.push(`list:${item.id}`)
  } else {
    data.fields[item.id as FieldId] = raw.get(item.id) ?? stored(item, value, item.id)
    report.mapped.push(item.id)
  }
}

function readRow(list: ListDef, row: JsonObject, raw: Map<string, string>): SheetDataRow {
  const id = typeof row['id'] === 'string' ? row['id'] : undefined
  const values: Record<string, string> = {}
  const narratives: Record<string, ProseMirrorJSON> = {}
  for (const column of list.columns as readonly ColumnDef[]) {
    const value = row[column.id]
    if (column.kind === 'narrative') {
      if (value !== undefined) narratives[column.id] = narrative(value)
      continue
    }
    // Finance amounts come as {amount, percent}; the percentage is derived.
    const plain = asObject(value ?? null)?.['amount'] ?? value ?? null
    values[column.id] = (id !== undefined ? raw.get(`list:${list.id}/${id}/${column.id}`) : undefined) ?? stored(column, plain, `${list.id}.${column.id}`)
  }
  return { ...(id !== undefined ? { id } : {}), values, narratives }
}

/** The stored string of a rendered value; `where` names it when the file holds no storable amount. */
function stored(def: ValueDef, value: Json, where: string): string {
  if (value === null || value === undefined) return ''
  if (def.kind === 'yesno' && typeof value === 'boolean') return value ? 'yes' : 'no'
  if (def.kind === 'initials' && Array.isArray(value)) return value.filter((v) => typeof v === 'string').join('/')
  // Rendered amounts are cents ÷ 100, whose shortest decimal gives the stored figure back exactly.
  if (def.kind === 'money' && typeof value === 'number') {
    const cents = unitsToCents(value)
    // Our export never writes such a number (1e308, past 2^53 cents, negative, -0, a fraction of
    // a cent): the file was edited or forged, and no figure could be stored that says what it meant.
    if (cents === null) {
      const written = Object.is(value, -0) ? '-0' : String(value)
      throw new NotAFactSheetError('import.badAmount', { where, written, max: centsToMoney(MAX_CENTS) })
    }
    return centsToMoney(cents)
  }
  if (typeof value === 'number' || typeof value === 'string') return String(value)
  return JSON.stringify(value)
}

function narrative(value: Json): ProseMirrorJSON {
  const object = asObject(value)
  const html = typeof object?.['html'] === 'string' ? object['html'] : typeof value === 'string' ? value : ''
  return htmlToRichText(html)
}

/** Field or cell → the text typed there, from `invalid-value` warnings. */
function rawValuesFromWarnings(warnings: Json | undefined): Map<string, string> {
  const raw = new Map<string, string>()
  if (!Array.isArray(warnings)) return raw
  for (const warning of warnings) {
    const w = asObject(warning)
    const params = asObject(w?.['params'] ?? null)
    if (w?.['code'] === 'invalid-value' && typeof w['field'] === 'string' && typeof params?.['raw'] === 'string') {
      raw.set(w['field'], params['raw'])
    }
  }
  return raw
}

function getPath(object: JsonObject, path: string): Json | undefined {
  let node: Json | undefined = object
  for (const key of path.split('.')) {
    const next: JsonObject | null = asObject(node ?? null)
    if (!next) return undefined
    node = next[key]
  }
  return node
}

function asObject(value: unknown): JsonObject | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : null
}
