/**
 * Highlights of comment threads anchored on spans of a narrative: ProseMirror inline decorations
 * computed from the threads' Yjs relative positions through y-prosemirror's binding mapping, so
 * they follow every edit, concurrent ones included. Recomputed when the document changes from Yjs
 * (remote edits) or the threads change; local edits map the decorations along. Creating an anchor
 * only reads the document: read-only people (evaluators) comment on text as well.
 */
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from 'y-prosemirror'
import * as Y from 'yjs'
import { createTextAnchor, decodeAnchorPosition } from '../../shared/anchors.js'
import type { ThreadJson } from './follow-up-api.js'

export const threadHighlightsKey = new PluginKey<DecorationSet>('ficha-thread-highlights')

/** Meta of a transaction that says the threads changed. */
export const THREADS_CHANGED = 'ficha-threads-changed'

export interface HighlightSource {
  /** Open threads anchored on this narrative's text. */
  threads(): ThreadJson[]
  active(): string | null
}

interface Binding {
  type: Y.XmlFragment
  doc: Y.Doc
  mapping: Map<Y.AbstractType<any>, unknown>
}

function bindingOf(state: EditorState): Binding | null {
  const binding = (ySyncPluginKey.getState(state) as { binding?: Binding } | undefined)?.binding
  return binding && binding.mapping ? binding : null
}

/** Where a thread's span is in the editor now, or null (detached, or not in this narrative). */
export function spanOf(state: EditorState, thread: ThreadJson): { from: number; to: number } | null {
  const binding = bindingOf(state)
  if (!binding) return null
  // The server's own safe decoder: a stored anchor that is no position, or that names a root the
  // document lacks, is no highlight (y-prosemirror would throw on it, or define that root).
  const start = decodeAnchorPosition(thread.anchor.start, binding.doc)
  const end = decodeAnchorPosition(thread.anchor.end, binding.doc)
  if (!start || !end) return null
  const mapping = binding.mapping as never
  const from = relativePositionToAbsolutePosition(binding.doc, binding.type, start, mapping)
  const to = relativePositionToAbsolutePosition(binding.doc, binding.type, end, mapping)
  if (from === null || to === null || to <= from || to > state.doc.content.size) return null
  return { from, to }
}

function decorations(state: EditorState, source: HighlightSource): DecorationSet {
  const active = source.active()
  const found: Decoration[] = []
  for (const thread of source.threads()) {
    const span = spanOf(state, thread)
    if (!span) continue
    found.push(
      Decoration.inline(span.from, span.to, {
        class: `ficha-thread-highlight${thread.id === active ? ' ficha-thread-highlight--active' : ''}`,
        'data-thread-highlight': thread.id,
      }),
    )
  }
  return DecorationSet.create(state.doc, found)
}

export function threadHighlights(source: HighlightSource): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: threadHighlightsKey,
    state: {
      init: (_config, state) => decorations(state, source),
      apply(tr, previous, _old, state) {
        const sync = ySyncPluginKey.getState(state) as { isChangeOrigin?: boolean } | undefined
        if (tr.getMeta(THREADS_CHANGED) || tr.getMeta(ySyncPluginKey) || sync?.isChangeOrigin) return decorations(state, source)
        return previous.map(tr.mapping, tr.doc)
      },
    },
    props: {
      decorations: (state) => threadHighlightsKey.getState(state) ?? null,
    },
  })
}

/**
 * A text anchor for the selection `from`..`to` of the editor: two relative positions in the Yjs
 * text the selection starts in (clipped to it: a span stays within one paragraph), base64 as
 * `shared/anchors.ts` encodes them, and the quoted text.
 */
export function anchorOfSelection(state: EditorState, from: number, to: number): { start: string; end: string; quote: string } | null {
  const binding = bindingOf(state)
  if (!binding || to <= from) return null
  const mapping = binding.mapping as never
  const startRel = absolutePositionToRelativePosition(from, binding.type, mapping) as Y.RelativePosition
  const endRel = absolutePositionToRelativePosition(to, binding.type, mapping) as Y.RelativePosition
  const start = Y.createAbsolutePositionFromRelativePosition(startRel, binding.doc)
  const end = Y.createAbsolutePositionFromRelativePosition(endRel, binding.doc)
  if (!start || !(start.type instanceof Y.XmlText)) return null
  const length = end && end.type === start.type ? end.index - start.index : start.type.length - start.index
  if (length <= 0) return null
  const anchor = createTextAnchor(start.type, start.index, length)
  const text = start.type.toDelta().map((op: { insert: unknown }) => (typeof op.insert === 'string' ? op.insert : '')).join('')
  return { ...anchor, quote: text.slice(start.index, start.index + length) }
}
