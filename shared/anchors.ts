import * as Y from 'yjs'
import { findRow, sheetNarrative } from './sheet/layout.js'
import { columnDef, isNarrativeId, type ListId, type NarrativeId } from './sheet/schema.js'

/**
 * A span of narrative text as two Yjs relative positions (base64). Relative positions point at
 * items of the CRDT, not at character offsets, so the span follows concurrent inserts and
 * deletes before, inside and after it. Creating one only reads the document: people who may not
 * edit the sheet (evaluators) can anchor comments too.
 */
export interface TextAnchor {
  start: string
  end: string
}

/** The anchor of `length` characters from `index` in a text type (an XmlText of a narrative, or a Y.Text). */
export function createTextAnchor(type: Y.AbstractType<any>, index: number, length: number): TextAnchor {
  return {
    start: encode(Y.createRelativePositionFromTypeIndex(type, index)),
    // assoc -1: the end sticks to the character before it, so text typed just after the span stays outside.
    end: encode(Y.createRelativePositionFromTypeIndex(type, index + length, -1)),
  }
}

/** Longest base64 of a position read: Yjs encodes one in a few varints (under 40 characters). */
export const POSITION_MAX = 400

/** Why an anchor does not hold as a span of one text inside its field. */
export type AnchorFault =
  | { part: 'start' | 'end'; problem: 'undecodable' | 'missing' | 'not-text' | 'outside' }
  | { part: 'span'; problem: 'split' | 'reversed' }
  | { part: 'field'; problem: 'missing' }

/** Where an anchor is now: its type and indices, the text it covers, and whether that text is gone. */
export interface ResolvedAnchor {
  type: Y.AbstractType<any> | null
  index: number
  length: number
  text: string
  /** All the anchored text was deleted, or the anchor never held (the thread stays, showing the text it was about). */
  detached: boolean
  /** Why the anchor does not hold (what the server refuses a new anchor for), or null. */
  fault: AnchorFault | null
}

/**
 * Where an anchor is now, within the type `within` when given (the narrative it was made in).
 * Never throws: anchors come from requests and from rows stored by older servers, and one bad
 * anchor must not take down the reading of every thread (issue #23).
 */
export function resolveTextAnchor(doc: Y.Doc, anchor: { start: unknown; end: unknown }, within?: Y.AbstractType<any>): ResolvedAnchor {
  const start = locate(doc, anchor.start, within)
  if (typeof start === 'string') return unresolved({ part: 'start', problem: start })
  const end = locate(doc, anchor.end, within)
  if (typeof end === 'string') return unresolved({ part: 'end', problem: end })
  if (start.type !== end.type) return unresolved({ part: 'span', problem: 'split' })
  if (start.index > end.index) return unresolved({ part: 'span', problem: 'reversed' })
  const length = end.index - start.index
  const text = length > 0 ? textOf(start.type).slice(start.index, end.index) : ''
  return { type: start.type, index: start.index, length, text, detached: length === 0, fault: null }
}

/** Where one end of an anchor is: in a text, within `within` when given; or what is wrong with it. */
function locate(doc: Y.Doc, value: unknown, within: Y.AbstractType<any> | undefined): Y.AbsolutePosition | 'undecodable' | 'missing' | 'not-text' | 'outside' {
  const position = readPosition(value)
  if (!position) return 'undecodable'
  const at = inDocument(position, doc) ? Y.createAbsolutePositionFromRelativePosition(position, doc) : null
  if (!at) return 'missing'
  if (!(at.type instanceof Y.Text)) return 'not-text'
  if (within && at.type !== within && !Y.isParentOf(within, at.type._item)) return 'outside'
  return at
}

/** A text anchor on a field (`text:summary`, `list:results/<row>/statement`), resolved within that field's narrative. */
export function resolveFieldAnchor(doc: Y.Doc, anchor: { field: string; start: unknown; end: unknown }): ResolvedAnchor {
  const field = narrativeField(anchor.field)
  const narrative = field && narrativeOf(doc, field)
  if (!narrative) return unresolved({ part: 'field', problem: 'missing' })
  return resolveTextAnchor(doc, anchor, narrative)
}

/** A field a text anchor may name: a sheet narrative, or a narrative cell of a list's row. */
export type NarrativeField = { narrative: NarrativeId } | { list: ListId; row: string; column: string }

/** What a text anchor's field id names, by the schema alone; null when it names no narrative. */
export function narrativeField(field: string): NarrativeField | null {
  const cell = /^list:([^/]+)\/([^/]+)\/([^/]+)$/.exec(field)
  if (cell) return columnDef(cell[1]!, cell[3]!)?.kind === 'narrative' ? { list: cell[1] as ListId, row: cell[2]!, column: cell[3]! } : null
  const narrative = field.startsWith('text:') ? field.slice(5) : ''
  return isNarrativeId(narrative) ? { narrative } : null
}

/** The rich text of a narrative field in a sheet; null when its row is not there. */
function narrativeOf(doc: Y.Doc, field: NarrativeField): Y.XmlFragment | null {
  if ('narrative' in field) return sheetNarrative(doc, field.narrative)
  const cell = findRow(doc, field.list, field.row)?.get(field.column)
  return cell instanceof Y.XmlFragment ? cell : null
}

/**
 * A relative position from its base64, safe to hand to Yjs (or y-prosemirror) for `doc`: null
 * when it is none, or names a root type the document does not have.
 */
export function decodeAnchorPosition(value: unknown, doc: Y.Doc): Y.RelativePosition | null {
  const position = readPosition(value)
  return position && inDocument(position, doc) ? position : null
}

function unresolved(fault: AnchorFault): ResolvedAnchor {
  return { type: null, index: 0, length: 0, text: '', detached: true, fault }
}

function textOf(type: Y.AbstractType<any>): string {
  if (type instanceof Y.XmlText) return type.toDelta().map((op: { insert: unknown }) => (typeof op.insert === 'string' ? op.insert : '')).join('')
  return type.toString()
}

// base64 through btoa/atob: the same code runs in the browser, which has no Buffer.
function encode(position: Y.RelativePosition): string {
  return btoa(String.fromCharCode(...Y.encodeRelativePosition(position)))
}

/** The position base64 `value` encodes, or null: not text, too long, not base64, or bytes that are no position. */
function readPosition(value: unknown): Y.RelativePosition | null {
  if (typeof value !== 'string' || value.length > POSITION_MAX) return null
  let position: Y.RelativePosition
  try {
    position = Y.decodeRelativePosition(Uint8Array.from(atob(value), (c) => c.charCodeAt(0)))
  } catch {
    return null
  }
  // A position names an item, a nested type or a root type; one naming none makes Yjs throw when resolved.
  return position.item || position.type || position.tname !== null ? position : null
}

/**
 * Resolving a position by a root type's name defines that root in the document (`Y.Doc.get`):
 * a name the document does not have is not resolved, so no request adds a root to a live sheet.
 */
function inDocument(position: Y.RelativePosition, doc: Y.Doc): boolean {
  return position.tname === null || doc.share.has(position.tname)
}
