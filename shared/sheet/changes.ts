import * as Y from 'yjs'
import { FIELDS_KEY, ROW_ID_KEY } from './layout.js'

/**
 * The sheet fields a transaction changed, named as the warnings name them: a field id
 * (`budget.total`), a list (`list:finance`, rows added or removed), a cell
 * (`list:finance/<rowId>/transferred`), a narrative (`text:summary`) or a row's narrative
 * (`list:results/<rowId>/statement`). For the audit log ("who changed which field, when").
 */
export function changedFields(doc: Y.Doc, transaction: Y.Transaction): string[] {
  const rootNames = rootNamesOf(doc)
  const fields = new Set<string>()
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
      for (const key of keys) if (key !== null) fields.add(key)
    } else if (rootName.startsWith('list:')) {
      if (!row) {
        fields.add(rootName)
      } else if (row instanceof Y.Map) {
        const rowId = String(row.get(ROW_ID_KEY) ?? '')
        // A change inside a row's narrative: the column is the key the fragment sits under.
        const column = inRow?._item?.parentSub
        if (column) fields.add(`${rootName}/${rowId}/${column}`)
        else for (const key of keys) if (key !== null && key !== ROW_ID_KEY) fields.add(`${rootName}/${rowId}/${key}`)
      }
    } else if (rootName.startsWith('text:')) {
      fields.add(rootName)
    }
  }
  return [...fields]
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
