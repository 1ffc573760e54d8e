import * as Y from 'yjs'
import { FIELDS_KEY, ROW_ID_KEY } from './layout.js'

/**
 * One field a transaction changed, with what a person reading the history needs:
 * - `value`: a field or a cell, its stored text before and after (`null`: it had none), and the
 *   Yjs client that wrote each (`fromClient`, `toClient`: who was overwritten, and by whom);
 * - `text`: a narrative or a row's narrative, the text typed into it and the text taken out
 *   (an excerpt: at most {@link EXCERPT} characters each per transaction);
 * - `rows`: rows of a list added or removed.
 */
export type FieldChange =
  | { kind: 'value'; field: string; from: string | null; to: string | null; fromClient: number | null; toClient: number | null }
  | { kind: 'text'; field: string; inserted: string; deleted: string }
  | { kind: 'rows'; field: string }

/** Characters of a narrative change kept per transaction (the audit log shows an excerpt, not the text). */
export const EXCERPT = 200

/**
 * The sheet fields a transaction changed, named as the warnings name them: a field id
 * (`budget.total`), a list (`list:finance`, rows added or removed), a cell
 * (`list:finance/<rowId>/transferred`), a narrative (`text:summary`) or a row's narrative
 * (`list:results/<rowId>/statement`), each with its old → new value or the narrative's excerpt.
 * For the audit log ("who changed which field, from what to what, when").
 *
 * Must run before the transaction's deleted content is collected: in an `afterTransaction`
 * listener, not in the `update` event (by then Yjs has dropped the old values).
 */
export function changedFields(doc: Y.Doc, transaction: Y.Transaction): FieldChange[] {
  return fieldChanges(doc, transaction, true)
}

/**
 * Only the names of the fields a transaction changed (as {@link changedFields} names them), without
 * their values: cheap, and right anywhere, also in the `update` event (the count of changes waiting).
 */
export function changedFieldNames(doc: Y.Doc, transaction: Y.Transaction): string[] {
  return fieldChanges(doc, transaction, false).map((change) => change.field)
}

function fieldChanges(doc: Y.Doc, transaction: Y.Transaction, withValues: boolean): FieldChange[] {
  const rootNames = rootNamesOf(doc)
  const changes = new Map<string, FieldChange>()
  const valueChanges = (map: Y.AbstractType<any>, keys: Set<string | null>, skip: string | null, name: (key: string) => string) => {
    if (!withValues) {
      for (const key of keys) if (key !== null && key !== skip) changes.set(name(key), { kind: 'value', field: name(key), from: null, fromClient: null, to: null, toClient: null })
      return
    }
    for (const key of keys) {
      if (key === null || key === skip) continue
      const change = keyChange(map, key, transaction)
      if (change) changes.set(name(key), { kind: 'value', field: name(key), ...change })
    }
  }
  let typed: ReturnType<typeof textEdits> | null = null
  const textChange = (field: string, type: Y.AbstractType<any>) => {
    const change = changes.get(field)
    const text = change?.kind === 'text' ? change : { kind: 'text' as const, field, inserted: '', deleted: '' }
    if (withValues && type instanceof Y.XmlText) {
      typed ??= textEdits(transaction)
      const edit = typed.get(type)
      if (edit) {
        text.inserted = excerpt(text.inserted + edit.inserted)
        text.deleted = excerpt(text.deleted + edit.deleted)
      }
    }
    changes.set(field, text)
  }
  for (const [type, keys] of transaction.changed) {
    // Runs for every stored update: the root and the two types below it, found without building the path.
    let root = type
    let row: Y.AbstractType<any> | null = null
    let inRow: Y.AbstractType<any> | null = null
    while (root._item) {
      inRow = row
      row = root
      root = root._item.parent as Y.AbstractType<any>
    }
    const rootName = rootNames.get(root)
    if (!rootName) continue
    if (rootName === FIELDS_KEY) {
      // A root the document received but never asked for by type is a plain AbstractType (a server
      // process that loaded the sheet and never read its fields): its keys are read the same way.
      valueChanges(type, keys, null, (key) => key)
    } else if (rootName.startsWith('list:')) {
      if (!row) {
        changes.set(rootName, { kind: 'rows', field: rootName })
      } else if (row instanceof Y.Map) {
        const rowId = String(row.get(ROW_ID_KEY) ?? '')
        // A change inside a row's narrative: the column is the key the fragment sits under.
        const column = inRow?._item?.parentSub
        if (column) textChange(`${rootName}/${rowId}/${column}`, type)
        else valueChanges(row, keys, ROW_ID_KEY, (key) => `${rootName}/${rowId}/${key}`)
      }
    } else if (rootName.startsWith('text:')) {
      textChange(rootName, type)
    }
  }
  return [...changes.values()]
}

/**
 * How a transaction changed one key of a map: the value it replaced and the value it left, each
 * with the client that wrote it; `null` when it left the key as it was. The walk is Yjs's own
 * (YMapEvent's `keys`): the key's current item, and left of it the item this transaction deleted,
 * past those the transaction itself added and removed again.
 */
function keyChange(map: Y.AbstractType<any>, key: string, transaction: Y.Transaction): Omit<Extract<FieldChange, { kind: 'value' }>, 'kind' | 'field'> | null {
  const item = map._map.get(key)
  if (!item) return null
  const added = (struct: Y.Item) => struct.id.clock >= (transaction.beforeState.get(struct.id.client) ?? 0)
  const deleted = (struct: Y.Item) => Y.isDeleted(transaction.deleteSet, struct.id)
  const valueOf = (struct: Y.Item) => stored(struct.content.getContent().at(-1))
  if (!added(item)) return deleted(item) ? { from: valueOf(item), fromClient: item.id.client, to: null, toClient: null } : null
  let previous = item.left
  while (previous !== null && added(previous)) previous = previous.left
  const replaced = previous !== null && deleted(previous) ? previous : null
  const now = deleted(item) ? null : item
  if (!replaced && !now) return null
  return {
    from: replaced ? valueOf(replaced) : null,
    fromClient: replaced?.id.client ?? null,
    to: now ? valueOf(now) : null,
    toClient: now?.id.client ?? null,
  }
}

/** A map value as the audit log keeps it: the stored text; nested types and nothing as `null`. */
function stored(value: unknown): string | null {
  if (value === undefined || value === null || typeof value === 'object') return null
  return String(value)
}

/** `text`, cut to {@link EXCERPT} characters with an ellipsis. */
export function excerpt(text: string): string {
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text
}

/**
 * The text each XmlText gained and lost in this transaction, read from the structs the
 * transaction created and the ranges it deleted: proportional to the change, not to the text (a
 * paragraph ten people typed into holds thousands of items; walking them on every keystroke made
 * every edit slower as the sheet grew). Excerpts only: each is cut at {@link EXCERPT}.
 */
function textEdits(transaction: Y.Transaction): Map<Y.AbstractType<any>, { inserted: string; deleted: string }> {
  const edits = new Map<Y.AbstractType<any>, { inserted: string; deleted: string }>()
  const add = (parent: unknown, part: 'inserted' | 'deleted', text: string) => {
    if (!(parent instanceof Y.XmlText)) return
    const edit = edits.get(parent) ?? edits.set(parent, { inserted: '', deleted: '' }).get(parent)!
    if (edit[part].length <= EXCERPT) edit[part] += text
  }
  const store = transaction.doc.store
  transaction.afterState.forEach((after, client) => {
    const before = transaction.beforeState.get(client) ?? 0
    const structs = store.clients.get(client)
    if (after === before || !structs) return
    for (let i = Y.findIndexSS(structs, before); i < structs.length && structs[i]!.id.clock < after; i++) {
      const struct = structs[i]!
      if (struct instanceof Y.Item && !struct.deleted && struct.content instanceof Y.ContentString) add(struct.parent, 'inserted', struct.content.str)
    }
  })
  transaction.deleteSet.clients.forEach((ranges, client) => {
    const structs = store.clients.get(client)
    const before = transaction.beforeState.get(client) ?? 0
    if (!structs) return
    for (const { clock, len } of ranges) {
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < clock + len; i++) {
        const struct = structs[i]!
        // Added and removed within the transaction: never there.
        if (struct.id.clock >= before || !(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) continue
        const from = Math.max(clock, struct.id.clock) - struct.id.clock
        const to = Math.min(clock + len, struct.id.clock + struct.length) - struct.id.clock
        add(struct.parent, 'deleted', struct.content.str.slice(from, to))
      }
    }
  })
  return edits
}

// Runs on every stored update: the map of root types to names is kept per document and rebuilt
// only when a root type was added.
const rootNameCache = new WeakMap<Y.Doc, Map<Y.AbstractType<any>, string>>()

function rootNamesOf(doc: Y.Doc): Map<Y.AbstractType<any>, string> {
  let names = rootNameCache.get(doc)
  if (!names || names.size !== doc.share.size) {
    names = new Map([...doc.share].map(([name, type]) => [type, name]))
    rootNameCache.set(doc, names)
  }
  return names
}
