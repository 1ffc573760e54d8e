/**
 * The JSON rendering of a sheet (GET /api/programmes/:id), walked from the schema: one object per
 * section, keyed as `jsonKey` says, plus the derived figures and the warnings. A pure function of
 * the document: reading never writes to it.
 */
import * as Y from 'yjs'
import { centsToUnits, parseMoney, percentOf, sumCents } from '../money.js'
import { fragmentToHtml, fragmentToText } from '../richtext/render.js'
import type { ListDef, SectionDef } from './definition.js'
import { listRows, sheetFields, sheetNarrative } from './layout.js'
import type { RowEntry } from './layout.js'
import { SCHEMA_VERSION, SHEET_SECTIONS, jsonKey, listDef } from './schema.js'
import type { ListId, NarrativeId } from './schema.js'
import type { SheetJson } from './sheet-json.js'
import { financeRowsByPeriod, sheetWarnings } from './validation.js'
import { readValue, rawText } from './values.js'

export type * from './sheet-json.js'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

function narrativeJson(fragment: Y.XmlFragment | undefined): { text: string; html: string } {
  return fragment ? { text: fragmentToText(fragment), html: fragmentToHtml(fragment) } : { text: '', html: '' }
}

/** Put `value` at a dotted path (`coordinator.email`) of `target`. */
function setPath(target: JsonObject, path: string, value: Json): void {
  const keys = path.split('.')
  let node = target
  for (const key of keys.slice(0, -1)) {
    const next = node[key]
    node = next !== null && typeof next === 'object' && !Array.isArray(next) ? next : (node[key] = {})
  }
  node[keys[keys.length - 1] as string] = value
}

function valueJson(def: { kind: string; options?: readonly { code: string }[]; default?: string }, stored: unknown): Json {
  const read = readValue(def as Parameters<typeof readValue>[0], stored)
  if (read.state === 'valid') return read.value
  if (read.state === 'empty') {
    if (def.default !== undefined) return def.default
    return def.kind === 'initials' ? [] : null
  }
  // Unknown agencies are shown as typed (they are names); other invalid figures render as null and
  // are reported, with the raw text, in `warnings`.
  return def.kind === 'agency' ? read.raw : null
}

function rowsJson(list: ListDef, entries: RowEntry[]): JsonObject[] {
  const ordered = list.sortBy === 'period' ? financeRowsByPeriod(entries) : entries
  return ordered.map((entry, index) => {
    const row: JsonObject = { id: entry.id }
    if (list.numbered) row['number'] = index + 1
    const base = list.percentOf ? parseMoney(rawText(entry.row.get(list.percentOf))) : null
    for (const column of list.columns) {
      const stored = entry.row.get(column.id)
      if (column.kind === 'narrative') {
        row[column.id] = narrativeJson(stored instanceof Y.XmlFragment ? stored : undefined)
      } else if (list.percentOf && column.kind === 'money' && column.id !== list.percentOf) {
        // Percentages are derived, never typed: amount ÷ the row's total, exactly.
        const cents = parseMoney(rawText(stored))
        row[column.id] = { amount: cents === null ? null : centsToUnits(cents), percent: percentOf(cents, base) }
      } else {
        row[column.id] = valueJson(column, stored)
      }
    }
    return row
  })
}

function sumOf(entries: RowEntry[], column: string): number | null {
  return sumCents(entries.map((entry) => parseMoney(rawText(entry.row.get(column))) ?? 0))
}

/** Figures computed from others, per section. */
function addDerived(doc: Y.Doc, sectionId: string, json: JsonObject): void {
  const total = parseMoney(rawText(sheetFields(doc).get('budget.total')))
  if (sectionId === 'budget') {
    const sum = sumOf(listRows(doc, 'agencyBudgets'), 'amount')
    json['agencySum'] = sum === null ? null : centsToUnits(sum)
  } else if (sectionId === 'disbursements') {
    const sum = sumOf(listRows(doc, 'tranches'), 'amount')
    json['sum'] = sum === null ? null : centsToUnits(sum)
    json['percentOfTotal'] = percentOf(sum, total)
  } else if (sectionId === 'beneficiaries') {
    // Individuals = women + men; ethnic groups overlap them, so they are not added.
    for (const group of ['direct', 'indirect']) {
      const counts = json[group] as JsonObject | undefined
      if (!counts) continue
      const women = counts['women']
      const men = counts['men']
      counts['individuals'] = typeof women === 'number' || typeof men === 'number'
        ? (typeof women === 'number' ? women : 0) + (typeof men === 'number' ? men : 0)
        : null
    }
  }
}

function sectionJson(doc: Y.Doc, section: SectionDef): JsonObject {
  const json: JsonObject = {}
  const fields = sheetFields(doc)
  for (const item of section.items) {
    const key = jsonKey(section, item)
    if (item.kind === 'list') {
      setPath(json, key, rowsJson(item, listRows(doc, item.id as ListId)))
    } else if (item.kind === 'narrative') {
      setPath(json, key, narrativeJson(sheetNarrative(doc, item.id as NarrativeId)))
    } else {
      setPath(json, key, valueJson(item, fields.get(item.id)))
    }
  }
  if (section.view) {
    const list = listDef(section.view.list)
    const column = section.view.column
    json['rows'] = list
      ? listRows(doc, list.id).map((entry, index) => {
        const stored = entry.row.get(column)
        return { id: entry.id, number: index + 1, [column]: narrativeJson(stored instanceof Y.XmlFragment ? stored : undefined) }
      })
      : []
  }
  addDerived(doc, section.id, json)
  return json
}

/**
 * The JSON of a sheet: every section of the schema, derived figures, and the warnings.
 * Amounts are numbers in currency units (`5000000`), `null` when empty or invalid; dates ISO
 * strings; yes/no booleans; narratives `{ text, html }`.
 *
 * @example renderSheet(doc).budget.total // 5000000
 */
export function renderSheet(doc: Y.Doc): SheetJson {
  const json: JsonObject = { schemaVersion: SCHEMA_VERSION }
  for (const section of SHEET_SECTIONS) json[section.id] = sectionJson(doc, section)
  json['warnings'] = sheetWarnings(doc) as unknown as Json
  return json as unknown as SheetJson
}
