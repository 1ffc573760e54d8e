/**
 * Sheet content as plain data, and writing it into a sheet's Yjs document. Importers (the Word
 * template, the JSON export) produce a {@link SheetData}; {@link applySheetData} writes it the way
 * a careful person would: only what differs, so that connected editors see a small change and
 * re-importing the same file changes nothing.
 */
import * as Y from 'yjs'
import type { ProseMirrorJSON } from '../richtext/schema.js'
import { longestCommonSubsequence } from '../edit-script.js'
import { setNarrativeFromProsemirrorJSON } from '../richtext/render.js'
import { ROW_ID_KEY, addRow, listRows, setField, sheetList, sheetNarrative, type SheetRow } from './layout.js'
import { listDef, type FieldId, type ListId, type NarrativeId } from './schema.js'

/** One row of a list: its value cells as stored strings, its narrative cells as ProseMirror JSON. */
export interface SheetDataRow {
  /** Keep this id (a re-imported JSON export); rows without one are matched by position. */
  id?: string
  values: Record<string, string>
  narratives?: Record<string, ProseMirrorJSON>
}

/** What an import found. Absent keys leave the sheet's content as it is. */
export interface SheetData {
  fields: Partial<Record<FieldId, string>>
  lists: Partial<Record<ListId, SheetDataRow[]>>
  narratives: Partial<Record<NarrativeId, ProseMirrorJSON>>
}

export function emptySheetData(): SheetData {
  return { fields: {}, lists: {}, narratives: {} }
}

/** Counts of what {@link applySheetData} wrote. */
export interface ApplySummary {
  fields: number
  lists: number
  rows: number
  narratives: number
}

/**
 * Writes `data` into `doc` in one transaction. A field present in `data` is set ('' clears it);
 * a list present replaces the list: rows are matched by id, else by position, updated cell by
 * cell, extra rows removed, missing rows added, rows out of order moved; a narrative present replaces the narrative
 * (diffed, so unchanged paragraphs keep their identity and remote cursors).
 */
export function applySheetData(doc: Y.Doc, data: SheetData): ApplySummary {
  const summary: ApplySummary = { fields: 0, lists: 0, rows: 0, narratives: 0 }
  doc.transact(() => {
    for (const [id, value] of Object.entries(data.fields) as [FieldId, string][]) {
      setField(doc, id, value)
      summary.fields++
    }
    for (const [id, rows] of Object.entries(data.lists) as [ListId, SheetDataRow[]][]) {
      applyRows(doc, id, rows)
      summary.lists++
      summary.rows += rows.length
    }
    for (const [id, json] of Object.entries(data.narratives) as [NarrativeId, ProseMirrorJSON][]) {
      writeNarrative(sheetNarrative(doc, id), json)
      summary.narratives++
    }
  })
  return summary
}

function applyRows(doc: Y.Doc, listId: ListId, rows: SheetDataRow[]): void {
  const def = listDef(listId)!
  const existing = listRows(doc, listId)
  const byId = new Map(existing.map((entry) => [entry.id, entry.row]))
  const used = new Set<SheetRow>()
  const targets = rows.map((row, index) => {
    const match = row.id !== undefined ? byId.get(row.id) : existing[index]?.row
    // A row is reused once; by-position matching never takes a row another data row claimed by id.
    if (match && !used.has(match) && (row.id === undefined || match.get(ROW_ID_KEY) === row.id)) {
      used.add(match)
      return match
    }
    return undefined
  })
  // Rows the data puts in another order: only those in the longest run already in order stay put;
  // the others are moved (removed and inserted again with the same id), so the list ends in the
  // data's order.
  const array = sheetList(doc, listId)
  const current = array.toArray()
  const claimed = targets.filter((row): row is SheetRow => row !== undefined)
  const inOrder = new Set(longestCommonSubsequence(current.filter((row) => used.has(row as SheetRow)), claimed))
  targets.forEach((row, index) => {
    if (row && !inOrder.has(row)) {
      used.delete(row)
      targets[index] = undefined
    }
  })
  // Remove the rows nobody kept, from the end so indexes stay valid.
  for (let i = array.length - 1; i >= 0; i--) {
    const row = array.get(i)
    if (!(row instanceof Y.Map) || !used.has(row)) array.delete(i, 1)
  }
  rows.forEach((data, index) => {
    let row = targets[index]
    if (!row) {
      const id = addRow(doc, listId, {}, { index, ...(data.id !== undefined ? { id: data.id } : {}) })
      row = listRows(doc, listId).find((entry) => entry.id === id)!.row
    }
    for (const column of def.columns) {
      if (column.kind === 'narrative') {
        const json = data.narratives?.[column.id]
        const fragment = row.get(column.id)
        if (json && fragment instanceof Y.XmlFragment) writeNarrative(fragment, json)
        continue
      }
      const value = data.values[column.id] ?? ''
      if (value === '') {
        if (row.has(column.id)) row.delete(column.id)
      } else if (row.get(column.id) !== value) {
        row.set(column.id, value)
      }
    }
  })
}

/**
 * A narrative with no text (no content, or only empty paragraphs) is stored as an empty fragment,
 * which is what a narrative nobody has written in looks like; anything else is diffed in.
 */
function writeNarrative(fragment: Y.XmlFragment, json: ProseMirrorJSON): void {
  if (isBlank(json)) {
    if (fragment.length > 0) fragment.delete(0, fragment.length)
    return
  }
  setNarrativeFromProsemirrorJSON(fragment, json)
}

function isBlank(json: ProseMirrorJSON): boolean {
  return (json.content ?? []).every((node) => node.type === 'paragraph' && (node.content ?? []).length === 0)
}
