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
  const valueChanges = (map: Y.Map<unknown>, keys: Set<string | null>, skip: string | null, name: (key: string) => string) => {
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
  const textChange = (field: string, type: Y.AbstractType<any>) => {
    const change = changes.get(field)
    const text = change?.kind === 'text' ? change : { kind: 'text' as const, field, inserted: '', deleted: '' }
    if (withValues && type instanceof Y.XmlText) {
      const typed = textOf(type, transaction)
      text.inserted = excerpt(text.inserted + typed.inserted)
      text.deleted = excerpt(text.deleted + typed.deleted)
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
      if (type instanceof Y.Map) valueChanges(type, keys, null, (key) => key)
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
function keyChange(map: Y.Map<unknown>, key: string, transaction: Y.Transaction): Omit<Extract<FieldChange, { kind: 'value' }>, 'kind' | 'field'> | null {
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

/** The text this transaction added to and removed from one XmlText, in document order. */
function textOf(type: Y.XmlText, transaction: Y.Transaction): { inserted: string; deleted: string } {
  let inserted = ''
  let deleted = ''
  for (let item = type._start; item !== null; item = item.right) {
    if (!(item.content instanceof Y.ContentString)) continue
    const added = item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0)
    const removed = Y.isDeleted(transaction.deleteSet, item.id)
    if (added && !removed) inserted += item.content.str
    else if (removed && !added) deleted += item.content.str
    if (inserted.length > EXCERPT && deleted.length > EXCERPT) break
  }
  return { inserted, deleted }
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
