import type { SqliteDb } from '../../db/connection.js'
import { appendLog, compactDocument, readDocument, trimLog } from '../../db/repositories/documents.js'
import { findProgramme } from '../../db/repositories/programmes.js'
import type { SyncDocumentStore } from './types.js'

/** Log rows examined per trimming step: about a millisecond of work. */
const TRIM_ROWS = 2000

/** The document store on the SQLite database: a document exists when its programme does. */
export function sqliteDocumentStore(db: SqliteDb, now: () => number = Date.now): SyncDocumentStore {
  return {
    exists: async (docName) => (await findProgramme(db, docName)) !== undefined,
    load: (docName) => readDocument(db, docName),
    append: (entries) => appendLog(db, entries, now()),
    compact: (docName, state, upToSeq) => compactDocument(db, docName, state, upToSeq, now()),
    trim: (from) => trimLog(db, from, TRIM_ROWS),
  }
}
