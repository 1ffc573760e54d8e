import { longestCommonSubsequence } from '../edit-script.js'
import { richDiff, type RichBlock } from '../rich-diff.js'
import type { ItemDef, ListDef, SectionDef } from './definition.js'
import { SHEET_SECTIONS, jsonKey } from './schema.js'
import type { SheetJson } from './sheet-json.js'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Row = { [key: string]: Json }

/** One difference between two versions of a sheet. */
export type SheetChange =
  | { kind: 'value'; field: string; from: Json; to: Json }
  | { kind: 'narrative'; field: string; blocks: RichBlock[] }
  | { kind: 'row-added' | 'row-removed'; list: string; rowId: string; row: Row }
  | { kind: 'row-changed'; list: string; rowId: string; cells: { column: string; from: Json; to: Json; blocks?: RichBlock[] }[] }
  | { kind: 'row-moved'; list: string; rowId: string; from: number; to: number }

/** Differences per section, in paper order; sections without any are `changed: false` (folded in the view). */
export interface SheetDiff {
  sections: { id: string; changed: boolean; changes: SheetChange[] }[]
}

/**
 * What changed from version `from` to version `to` of a sheet, from their JSON renderings:
 * values old → new, narratives word by word with their formatting (shared/rich-diff.ts), list rows added / removed / changed / moved (matched
 * by their stable ids; financial rows so per period).
 */
export function diffSheets(from: SheetJson, to: SheetJson): SheetDiff {
  const a = from as unknown as { [section: string]: Row }
  const b = to as unknown as { [section: string]: Row }
  return {
    sections: (SHEET_SECTIONS as readonly SectionDef[])
      .filter((section) => !section.view)
      .map((section) => {
        const changes = section.items.flatMap((item) => itemChanges(section, item, a[section.id] ?? {}, b[section.id] ?? {}))
        return { id: section.id, changed: changes.length > 0, changes }
      }),
  }
}

function itemChanges(section: SectionDef, item: ItemDef, a: Row, b: Row): SheetChange[] {
  const key = jsonKey(section, item)
  const before = at(a, key)
  const after = at(b, key)
  if (item.kind === 'narrative') {
    const htmlA = narrative(before, 'html')
    const htmlB = narrative(after, 'html')
    return htmlA === htmlB ? [] : [{ kind: 'narrative', field: `text:${item.id}`, blocks: richDiff(htmlA, htmlB) }]
  }
  if (item.kind === 'list') return listChanges(item, (before as Row[] | null) ?? [], (after as Row[] | null) ?? [])
  return same(before, after) ? [] : [{ kind: 'value', field: item.id, from: before ?? null, to: after ?? null }]
}

function listChanges(list: ListDef, before: Row[], after: Row[]): SheetChange[] {
  const changes: SheetChange[] = []
  const id = (row: Row) => String(row['id'])
  const oldIds = before.map(id)
  const newIds = after.map(id)
  for (const row of before) if (!newIds.includes(id(row))) changes.push({ kind: 'row-removed', list: list.id, rowId: id(row), row })
  for (const row of after) if (!oldIds.includes(id(row))) changes.push({ kind: 'row-added', list: list.id, rowId: id(row), row })
  // Moves: rows both versions have that left the longest run kept in order. Sorted lists (finance
  // by period) never move.
  const keptOld = oldIds.filter((rowId) => newIds.includes(rowId))
  const keptNew = newIds.filter((rowId) => oldIds.includes(rowId))
  if (!list.sortBy) {
    const inPlace = new Set(longestCommonSubsequence(keptOld, keptNew))
    for (const rowId of keptNew) {
      if (!inPlace.has(rowId)) changes.push({ kind: 'row-moved', list: list.id, rowId, from: oldIds.indexOf(rowId), to: newIds.indexOf(rowId) })
    }
  }
  for (const rowId of keptNew) {
    const rowA = before.find((r) => id(r) === rowId)!
    const rowB = after.find((r) => id(r) === rowId)!
    const cells = list.columns.flatMap((column) => {
      const x = rowA[column.id] ?? null
      const y = rowB[column.id] ?? null
      if (same(x, y)) return []
      if (column.kind === 'narrative') return [{ column: column.id, from: narrative(x, 'text'), to: narrative(y, 'text'), blocks: richDiff(narrative(x, 'html'), narrative(y, 'html')) }]
      return [{ column: column.id, from: x, to: y }]
    })
    if (cells.length > 0) changes.push({ kind: 'row-changed', list: list.id, rowId, cells })
  }
  return changes
}

function at(row: Row, path: string): Json | undefined {
  let node: Json | undefined = row
  for (const key of path.split('.')) node = node !== null && typeof node === 'object' && !Array.isArray(node) ? node[key] : undefined
  return node
}

/** The plain text or the HTML of a narrative's JSON (`{text, html}`); '' for anything else. */
function narrative(value: Json | undefined, part: 'text' | 'html'): string {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof value[part] === 'string' ? value[part] : ''
}

function same(x: Json | undefined, y: Json | undefined): boolean {
  return JSON.stringify(x ?? null) === JSON.stringify(y ?? null)
}
