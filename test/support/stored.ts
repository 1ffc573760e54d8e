import * as Y from 'yjs'
import type { PostgresDb, SqliteDb } from '../../db/connection.js'
import { readDocumentPostgres } from '../../db/repositories/document-log-postgres.js'
import { readDocument } from '../../db/repositories/documents.js'

/** What the database holds of a sheet (its state and the log after it), built into a document. */
export function storedDoc(db: SqliteDb, name: string): Y.Doc {
  return built(readDocument(db, name))
}

/** The same, of a sheet in PostgreSQL. */
export async function storedDocPostgres(db: PostgresDb, name: string): Promise<Y.Doc> {
  return built(await readDocumentPostgres(db, name))
}

function built(stored: { state: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc()
  Y.transact(doc, () => [stored.state, ...stored.updates].forEach((u) => u && Y.applyUpdate(doc, u)))
  return doc
}
