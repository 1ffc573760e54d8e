/**
 * The Yjs layout of a fact sheet, derived from the schema:
 *
 * - `fields`            one root Y.Map<string> of every scalar field, keyed by dotted field id;
 * - `list:<listId>`     one root Y.Array of row Y.Maps (`id` + one key per column);
 * - `text:<narrativeId>` one root Y.XmlFragment per narrative, bound by y-prosemirror.
 *
 * Root types rather than nested ones: two clients creating the same nested type concurrently
 * would each make their own, and one client's content would vanish. Per-key maps and per-row maps
 * mean two people editing different cells or rows never overwrite each other.
 */
import * as Y from 'yjs'
import { uuidv4 } from 'lib0/random'
import { LIST_DEFS, NARRATIVE_DEFS, fieldDef, listDef } from './schema.js'
import type { FieldId, ListId, NarrativeColumnId, NarrativeId, ValueColumnId } from './schema.js'

/** Name of the root map holding the scalar fields. */
export const FIELDS_KEY = 'fields'

/** Key of the row id inside a row map. */
export const ROW_ID_KEY = 'id'

/** Root name of a list (`list:finance`). */
export function listKey<L extends ListId>(listId: L): `list:${L}` {
  return `list:${listId}`
}

/** Root name of a narrative (`text:summary`). */
export function narrativeKey<N extends NarrativeId>(narrativeId: N): `text:${N}` {
  return `text:${narrativeId}`
}

/** Every root name a sheet may use, e.g. for a server that checks updates touch nothing else. */
export const SHEET_ROOT_NAMES: readonly string[] = [
  FIELDS_KEY,
  ...LIST_DEFS.map((def) => listKey(def.id)),
  ...NARRATIVE_DEFS.map((def) => narrativeKey(def.id)),
]

/** A row of a list. Values are strings; results rows also hold two Y.XmlFragment. */
export type SheetRow = Y.Map<unknown>

/** The root map of scalar fields. */
export function sheetFields(doc: Y.Doc): Y.Map<string> {
  return doc.getMap<string>(FIELDS_KEY)
}

/** The root array of a list's rows. */
export function sheetList(doc: Y.Doc, listId: ListId): Y.Array<SheetRow> {
  return doc.getArray<SheetRow>(listKey(listId))
}

/** The root fragment of a narrative. */
export function sheetNarrative(doc: Y.Doc, narrativeId: NarrativeId): Y.XmlFragment {
  return doc.getXmlFragment(narrativeKey(narrativeId))
}

/** The stored text of a scalar field, `''` when empty. */
export function getField(doc: Y.Doc, fieldId: FieldId): string {
  const stored = sheetFields(doc).get(fieldId)
  return typeof stored === 'string' ? stored : ''
}

/**
 * Store a scalar field exactly as typed (`''` clears it). Invalid values are stored too and show
 * up as warnings; only ids outside the schema are refused, since they are programming errors.
 */
export function setField(doc: Y.Doc, fieldId: FieldId, value: string): void {
  if (!fieldDef(fieldId)) throw new Error(`unknown sheet field: ${fieldId}`)
  const fields = sheetFields(doc)
  if (value === '') {
    if (fields.has(fieldId)) fields.delete(fieldId)
  } else if (fields.get(fieldId) !== value) {
    // Skipping no-op writes keeps the update log (and other clients) quiet.
    fields.set(fieldId, value)
  }
}

/** Options of {@link addRow}. */
export interface AddRowOptions {
  /** Position in the list; appended when absent. */
  index?: number
  /** Row id to use (importers replaying ids); a random UUID otherwise. */
  id?: string
}

/**
 * Add a row to a list in one transaction and return its id. Narrative columns (results'
 * `statement` and `achievement`) are created with the row, so they are never created concurrently.
 *
 * @example const rowId = addRow(doc, 'tranches', { date: '2009-12-15', amount: '1429667' })
 */
export function addRow<L extends ListId>(
  doc: Y.Doc,
  listId: L,
  values: Partial<Record<ValueColumnId<L>, string>> = {},
  options: AddRowOptions = {},
): string {
  const def = listDef(listId)
  if (!def) throw new Error(`unknown sheet list: ${listId}`)
  const id = options.id ?? uuidv4()
  const row: SheetRow = new Y.Map<unknown>()
  row.set(ROW_ID_KEY, id)
  for (const column of def.columns) {
    if (column.kind === 'narrative') {
      row.set(column.id, new Y.XmlFragment())
    } else {
      const value = (values as Record<string, string | undefined>)[column.id]
      if (value !== undefined && value !== '') row.set(column.id, value)
    }
  }
  const rows = sheetList(doc, listId)
  doc.transact(() => {
    const index = options.index === undefined ? rows.length : Math.max(0, Math.min(options.index, rows.length))
    rows.insert(index, [row])
  })
  return id
}

/** A row with its id, as read for rendering and validation. */
export interface RowEntry {
  id: string
  row: SheetRow
}

/**
 * The rows of a list that are row maps, with their ids. Anything else in the array (a stray value
 * from a buggy client) is skipped; a row without an id gets a positional one so it can still be
 * shown and flagged.
 */
export function listRows(doc: Y.Doc, listId: ListId): RowEntry[] {
  const entries: RowEntry[] = []
  sheetList(doc, listId).forEach((row, index) => {
    if (!(row instanceof Y.Map)) return
    const id = row.get(ROW_ID_KEY)
    entries.push({ id: typeof id === 'string' && id !== '' ? id : `#${index}`, row })
  })
  return entries
}

/** Position of a row in its list, or -1. */
export function rowIndex(doc: Y.Doc, listId: ListId, rowId: string): number {
  return sheetList(doc, listId).toArray().findIndex((row) => row instanceof Y.Map && row.get(ROW_ID_KEY) === rowId)
}

/** A row by id, or `undefined`. */
export function findRow(doc: Y.Doc, listId: ListId, rowId: string): SheetRow | undefined {
  const index = rowIndex(doc, listId, rowId)
  return index === -1 ? undefined : sheetList(doc, listId).get(index)
}

/** Remove a row (and its narratives); `false` if it was not there. */
export function removeRow(doc: Y.Doc, listId: ListId, rowId: string): boolean {
  const index = rowIndex(doc, listId, rowId)
  if (index === -1) return false
  sheetList(doc, listId).delete(index, 1)
  return true
}

/** Store one cell of a row as typed (`''` clears it); `false` if the row does not exist. */
export function setCell<L extends ListId>(doc: Y.Doc, listId: L, rowId: string, column: ValueColumnId<L>, value: string): boolean {
  const def = listDef(listId)
  const columnDef = def?.columns.find((c) => c.id === column)
  if (!columnDef || columnDef.kind === 'narrative') throw new Error(`not a value column: ${listId}.${column}`)
  const row = findRow(doc, listId, rowId)
  if (!row) return false
  if (value === '') {
    if (row.has(column)) row.delete(column)
  } else if (row.get(column) !== value) {
    row.set(column, value)
  }
  return true
}

/** A narrative cell of a row (results: `statement`, `achievement`), or `undefined`. */
export function rowNarrative(row: SheetRow, column: NarrativeColumnId<'results'>): Y.XmlFragment | undefined {
  const value = row.get(column)
  return value instanceof Y.XmlFragment ? value : undefined
}

/** Identity written when a programme is created. */
export interface SheetInit {
  code: string
  title: string
  country: string
  window?: string
  language?: string
  /** Defaults to USD, the fund's currency. */
  currency?: string
}

/** Write the identity of a new sheet in one transaction (one update for the server to persist). */
export function initSheet(doc: Y.Doc, init: SheetInit): void {
  doc.transact(() => {
    setField(doc, 'identity.code', init.code)
    setField(doc, 'identity.title', init.title)
    setField(doc, 'identity.country', init.country)
    if (init.window) setField(doc, 'identity.window', init.window)
    if (init.language) setField(doc, 'identity.language', init.language)
    setField(doc, 'budget.currency', init.currency ?? 'USD')
  })
}
