import * as Y from 'yjs'
import type { SqliteDb } from '../../db/connection.js'
import { readDocument } from '../../db/repositories/documents.js'

/** What the database holds of a sheet (its state and the log after it), built into a document. */
export function storedDoc(db: SqliteDb, name: string): Y.Doc {
  const stored = readDocument(db, name)
  const doc = new Y.Doc()
  Y.transact(doc, () => [stored.state, ...stored.updates].forEach((u) => u && Y.applyUpdate(doc, u)))
  return doc
}
