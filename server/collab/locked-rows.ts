import * as Y from 'yjs'
import { listRows } from '../../shared/sheet/layout.js'

/**
 * Whether an update would change a financial execution row of a locked period: a new value in
 * the row, a deleted value, or the row itself deleted. Read from the encoded update before it is
 * applied, because an applied update cannot be taken back. An item's parent is written in the
 * update only when it has no neighbour; otherwise it is the parent of its origin, which is found
 * in the document or, for a run of new items, earlier in the same update.
 */
export function touchesLockedRows(doc: Y.Doc, update: Uint8Array, lockedPeriods: ReadonlySet<string>): boolean {
  if (lockedPeriods.size === 0) return false
  const rows = listRows(doc, 'finance')
    .filter((entry) => lockedPeriods.has(String(entry.row.get('period') ?? '')))
    .map((entry) => entry.row)
  if (rows.length === 0) return false
  const locked = new Set<Y.AbstractType<any>>(rows)
  const { structs, ds } = Y.decodeUpdate(update)
  const fresh = new Map<string, Y.Item>()
  for (const struct of structs) if (struct instanceof Y.Item) fresh.set(key(struct.id), struct)

  const parentOf = (item: Y.Item, depth = 0): Y.AbstractType<any> | null => {
    const parent = item.parent as unknown
    if (parent instanceof Y.AbstractType) return parent
    if (parent instanceof Y.ID) {
      const holder = storeItem(doc, parent)
      return holder?.content instanceof Y.ContentType ? holder.content.type : null
    }
    if (typeof parent === 'string') return doc.share.get(parent) ?? null
    const neighbour = item.origin ?? item.rightOrigin
    if (!neighbour || depth > 1000) return null
    const known = storeItem(doc, neighbour)
    if (known) return known.parent as Y.AbstractType<any>
    const earlier = fresh.get(key(neighbour))
    return earlier ? parentOf(earlier, depth + 1) : null
  }

  for (const struct of structs) {
    if (struct instanceof Y.Item) {
      const parent = parentOf(struct)
      if (parent && locked.has(parent)) return true
    }
  }
  for (const [client, deletions] of ds.clients) {
    for (const { clock, len } of deletions) {
      const covers = (id: Y.ID | undefined) => id !== undefined && id.client === client && id.clock >= clock && id.clock < clock + len
      for (const row of rows) {
        if (covers(row._item?.id)) return true
        for (const item of row._map.values()) if (covers(item.id)) return true
      }
    }
  }
  return false
}

function key(id: Y.ID): string {
  return `${id.client}:${id.clock}`
}

/** The item holding `id` in the document, if the document has it. */
function storeItem(doc: Y.Doc, id: Y.ID): Y.Item | null {
  const state = Y.getState(doc.store, id.client)
  if (id.clock >= state) return null
  const struct = Y.getItem(doc.store, id)
  return struct instanceof Y.Item ? struct : null
}

/**
 * The values of the locked rows now, and a function that puts them back after an update changed
 * them: run in the same transaction as the update, the forbidden values are gone before the
 * update is encoded for anyone (Yjs collects deleted content first), and the author's next
 * updates still apply (refusing one would leave a gap in their clock that blocks all the rest).
 */
export function lockedRowsKeeper(doc: Y.Doc, lockedPeriods: ReadonlySet<string>): () => void {
  const kept = listRows(doc, 'finance')
    .filter((entry) => lockedPeriods.has(String(entry.row.get('period') ?? '')))
    .map((entry, _i, all) => ({ id: entry.id, index: all.indexOf(entry), values: entry.row.toJSON() as Record<string, unknown> }))
  return () => {
    const rows = new Map(listRows(doc, 'finance').map((entry) => [entry.id, entry.row]))
    for (const { id, values } of kept) {
      const row = rows.get(id)
      if (!row) {
        const again = new Y.Map<unknown>()
        for (const [key, value] of Object.entries(values)) again.set(key, value)
        doc.getArray<Y.Map<unknown>>('list:finance').push([again])
        continue
      }
      for (const key of [...row.keys()]) if (!(key in values)) row.delete(key)
      for (const [key, value] of Object.entries(values)) if (row.get(key) !== value) row.set(key, value)
    }
  }
}
