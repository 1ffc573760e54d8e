/**
 * The ProseMirror side of a narrative: its plugins (Yjs sync, remote cursors, per-user undo,
 * keys) and the commands its toolbar runs. Undo and redo are y-prosemirror's: they only revert
 * this person's own changes, never a colleague's.
 */
import { baseKeymap, chainCommands, exitCode, toggleMark } from 'prosemirror-commands'
import { keymap } from 'prosemirror-keymap'
import type { MarkType, NodeType } from 'prosemirror-model'
import type { Command, EditorState, Plugin } from 'prosemirror-state'
import { liftListItem, sinkListItem, splitListItem, wrapInList } from 'prosemirror-schema-list'
import { redo, undo, yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { isSafeHref, richTextSchema as schema } from '../../shared/richtext/schema.js'

const undoCommand: Command = (state) => undo(state)
const redoCommand: Command = (state) => redo(state)

const hardBreak: Command = chainCommands(exitCode, (state, dispatch) => {
  dispatch?.(state.tr.replaceSelectionWith(schema.nodes.hard_break.create()).scrollIntoView())
  return true
})

/** Bullet or numbered list: lift out of a list of that kind, else wrap (a list of the other kind is unwrapped first). */
export function toggleList(type: NodeType): Command {
  return (state, dispatch, view) => {
    const current = listAround(state)
    if (current === type) return liftListItem(schema.nodes.list_item)(state, dispatch, view)
    if (current && dispatch && view) {
      liftListItem(schema.nodes.list_item)(state, dispatch, view)
      return wrapInList(type)(view.state, view.dispatch, view)
    }
    return wrapInList(type)(state, dispatch, view)
  }
}

/** Add, change or remove the link on the selection; an empty selection inserts the address as text. */
export function setLink(href: string | null): Command {
  return (state, dispatch) => {
    const { from, to, empty } = state.selection
    const type = schema.marks.link
    if (href === null || href.trim() === '') {
      if (dispatch) dispatch(state.tr.removeMark(from, to, type))
      return true
    }
    const target = href.trim()
    if (!isSafeHref(target)) return false
    if (!dispatch) return true
    const mark = type.create({ href: target })
    if (empty) dispatch(state.tr.insert(from, schema.text(target, [mark])))
    else dispatch(state.tr.addMark(from, to, mark))
    return true
  }
}

export const commands = {
  bold: toggleMark(schema.marks.strong),
  italic: toggleMark(schema.marks.em),
  bulletList: toggleList(schema.nodes.bullet_list),
  orderedList: toggleList(schema.nodes.ordered_list),
  undo: undoCommand,
  redo: redoCommand,
}

/**
 * A colleague's caret with their name. The name is drawn by CSS from an attribute, not written as
 * text, so it never becomes part of the narrative's text (copy, textContent, screen readers reading
 * the paragraph); the caret itself is announced by nothing, since it is not content.
 */
function remoteCursor(user: { name?: unknown; color?: unknown }): HTMLElement {
  const color = typeof user.color === 'string' ? user.color : '#888888'
  const cursor = document.createElement('span')
  cursor.className = 'ProseMirror-yjs-cursor'
  cursor.style.borderColor = color
  cursor.setAttribute('aria-hidden', 'true')
  const label = document.createElement('span')
  label.className = 'ficha-remote-cursor__name'
  label.style.backgroundColor = color
  label.dataset['name'] = typeof user.name === 'string' ? user.name : '?'
  cursor.append(label)
  return cursor
}

/** The plugins of one narrative editor bound to `fragment`. */
export function narrativePlugins(fragment: Y.XmlFragment, awareness: Awareness | null): Plugin[] {
  const item = schema.nodes.list_item
  return [
    ySyncPlugin(fragment),
    ...(awareness ? [yCursorPlugin(awareness, { cursorBuilder: remoteCursor })] : []),
    yUndoPlugin(),
    keymap({
      'Mod-z': undoCommand,
      'Mod-y': redoCommand,
      'Mod-Shift-z': redoCommand,
      'Mod-b': commands.bold,
      'Mod-i': commands.italic,
      'Mod-Shift-8': commands.bulletList,
      'Mod-Shift-9': commands.orderedList,
      'Shift-Enter': hardBreak,
      Enter: splitListItem(item),
      // Tab only acts inside a list; elsewhere it moves to the next field as people expect.
      Tab: sinkListItem(item),
      'Shift-Tab': liftListItem(item),
    }),
    keymap(baseKeymap),
  ]
}

/** Whether a mark is on at the cursor or over the whole selection, for `aria-pressed`. */
export function markActive(state: EditorState, type: MarkType): boolean {
  const { from, to, empty, $from } = state.selection
  if (empty) return Boolean(type.isInSet(state.storedMarks ?? $from.marks()))
  return state.doc.rangeHasMark(from, to, type)
}

/** The innermost list around the cursor, or null. */
export function listAround(state: EditorState): NodeType | null {
  const { $from } = state.selection
  for (let depth = $from.depth; depth > 0; depth--) {
    const type = $from.node(depth).type
    if (type === schema.nodes.bullet_list || type === schema.nodes.ordered_list) return type
  }
  return null
}

/** The link at the cursor, if any (to prefill the prompt). */
export function linkAt(state: EditorState): string | null {
  const mark = schema.marks.link.isInSet(state.selection.$from.marks())
  const href: unknown = mark?.attrs['href']
  return typeof href === 'string' ? href : null
}
