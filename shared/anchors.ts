import * as Y from 'yjs'

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

/** Where an anchor is now: its type and indices, the text it covers, and whether that text is gone. */
export interface ResolvedAnchor {
  type: Y.AbstractType<any> | null
  index: number
  length: number
  text: string
  /** All the anchored text was deleted (the thread stays, showing the text it was about). */
  detached: boolean
}

export function resolveTextAnchor(doc: Y.Doc, anchor: TextAnchor): ResolvedAnchor {
  const start = Y.createAbsolutePositionFromRelativePosition(decode(anchor.start), doc)
  const end = Y.createAbsolutePositionFromRelativePosition(decode(anchor.end), doc)
  if (!start || !end || start.type !== end.type) return { type: start?.type ?? null, index: start?.index ?? 0, length: 0, text: '', detached: !start || !end }
  const length = Math.max(0, end.index - start.index)
  const text = length > 0 ? textOf(start.type).slice(start.index, end.index) : ''
  return { type: start.type, index: start.index, length, text, detached: length === 0 }
}

function textOf(type: Y.AbstractType<any>): string {
  if (type instanceof Y.XmlText) return type.toDelta().map((op: { insert: unknown }) => (typeof op.insert === 'string' ? op.insert : '')).join('')
  return type.toString()
}

// base64 through btoa/atob: the same code runs in the browser, which has no Buffer.
function encode(position: Y.RelativePosition): string {
  return btoa(String.fromCharCode(...Y.encodeRelativePosition(position)))
}

function decode(value: string): Y.RelativePosition {
  return Y.decodeRelativePosition(Uint8Array.from(atob(value), (c) => c.charCodeAt(0)))
}
