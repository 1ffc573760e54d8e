import * as Y from 'yjs'
import type { Db } from '../../db/connection.js'
import { readDocument } from '../../db/repositories/documents.js'
import { DATABASE_DELAY_MS } from '../../server/collab/commit-queue.js'

/** What the database holds of a sheet (its state and the log after it), built into a document. */
export function storedDoc(db: Db, name: string): Y.Doc {
  const stored = readDocument(db, name)
  const doc = new Y.Doc()
  Y.transact(doc, () => [stored.state, ...stored.updates].forEach((u) => u && Y.applyUpdate(doc, u)))
  return doc
}

/**
 * Resolves once the database has taken what was broadcast before the call (see DATABASE_DELAY_MS):
 * a timer set later for as long fires after the commit's.
 */
export const databaseDelay = () => new Promise((resolve) => setTimeout(resolve, DATABASE_DELAY_MS))
