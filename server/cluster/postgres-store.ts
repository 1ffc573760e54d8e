import * as Y from 'yjs'
import type { PostgresDb } from '../../db/connection.js'
import { compactLocked, readDocumentPostgres } from '../../db/repositories/document-log-postgres.js'
import type { StoredDocument } from '../../db/repositories/documents.js'
import { findProgramme } from '../../db/repositories/programmes.js'
import type { Logger } from '../log.js'
import type { DocumentStore } from '../collab/types.js'

/** The state covering a stored state and the log after it (what a compaction writes). */
function merged(stored: StoredDocument): Uint8Array {
  const doc = new Y.Doc()
  Y.transact(doc, () => {
    if (stored.state) Y.applyUpdate(doc, stored.state)
    for (const update of stored.updates) Y.applyUpdate(doc, update)
  })
  const state = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return state
}

export interface PostgresStore extends DocumentStore {
  /** Waits for the compactions started so far (before the database closes). */
  settle(): Promise<void>
}

/**
 * The document store on PostgreSQL. Loads read the state and the log in one snapshot. A
 * compaction is built from what the database holds, not from this process's copy (which may lack
 * another process's latest updates, or hold its own not yet numbered), under the document's
 * advisory lock, and runs in the background; updates are stored by PostgresCommits, and the rows a
 * compaction covers go with it, so there is nothing to trim.
 */
export function postgresStore(db: PostgresDb, log: Logger, now: () => number = Date.now): PostgresStore {
  const running = new Set<Promise<unknown>>()
  return {
    exists: async (docName) => (await findProgramme(db, docName)) !== undefined,
    load: (docName) => readDocumentPostgres(db, docName),
    append: () => {
      throw new Error('on PostgreSQL updates are numbered and stored by PostgresCommits')
    },
    compact: (docName) => {
      const compaction = compactLocked(db, docName, merged, now())
        .catch((error: unknown) => log.error('document.compact_failed', { doc: docName, error }))
        .finally(() => running.delete(compaction))
      running.add(compaction)
    },
    trim: () => ({ next: null, deleted: 0 }),
    settle: async () => {
      while (running.size > 0) await Promise.allSettled([...running])
    },
  }
}
