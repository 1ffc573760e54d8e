import type { Logger } from '../log.js'
import type { LogEntry, StoredDocument, SyncDocumentStore } from './types.js'
import type { UpdateJournal } from './update-journal.js'

/**
 * The document store with the update journal in front: a document is read from the database
 * only together with what the journal holds of it that the database lacks (updates journaled and
 * sent whose commit failed), and those are put into the database first. A load whose journaled
 * updates the database still refuses fails: the document is never served without edits that
 * others have already seen.
 */
export function journaledStore(store: SyncDocumentStore, journal: UpdateJournal): SyncDocumentStore {
  return { ...store, load: (docName) => loadWithJournal(store, journal, docName).stored }
}

/** Reads a document, first putting into the database what the journal keeps of it; answers how many updates that took. */
function loadWithJournal(store: SyncDocumentStore, journal: UpdateJournal, docName: string): { stored: StoredDocument; taken: number } {
  const stored = store.load(docName)
  const retained = journal.retainedOf(docName)
  if (retained.length === 0) return { stored, taken: 0 }
  // Sequence numbers are given in order and the database takes a document's updates in the
  // journal's order: what it lacks is exactly what comes after the last number it has.
  const missing = retained.filter((entry) => entry.seq > stored.lastSeq)
  if (missing.length > 0 && missing[0]!.seq !== stored.lastSeq + 1) {
    // A journal beside a database restored from a copy, say: its updates belong to other data.
    throw new Error(`the journal holds updates ${missing[0]!.seq}–${missing.at(-1)!.seq} of ${docName}, which do not follow the ${stored.lastSeq} the database has`)
  }
  store.append(missing)
  journal.release(docName)
  if (missing.length === 0) return { stored, taken: 0 }
  return {
    stored: { ...stored, updates: [...stored.updates, ...missing.map((entry) => entry.data)], lastSeq: missing.at(-1)!.seq },
    taken: missing.length,
  }
}

/**
 * At start, before any document is loaded: puts into the database what the journal holds that it
 * lacks (the updates of the turn a crash interrupted between their broadcast and their commit,
 * and any the database refused before), each document in its own transaction. A document the
 * database still refuses keeps its entries in the journal, and its load fails until they are
 * taken; the others start whole. Answers how many entries went in and the documents left waiting.
 */
export function replayJournal(
  store: SyncDocumentStore,
  journal: UpdateJournal,
  entries: LogEntry[],
  log: Logger,
): { replayed: number; waiting: string[] } {
  // Kept first, as entries the database refused are: loading each document then takes them.
  journal.retain(entries)
  let replayed = 0
  const waiting: string[] = []
  for (const docName of new Set(entries.map((entry) => entry.docName))) {
    const kept = journal.retainedOf(docName).length
    try {
      replayed += loadWithJournal(store, journal, docName).taken
    } catch (error) {
      waiting.push(docName)
      log.error('journal.replay_failed', { doc: docName, entries: kept, error })
    }
  }
  // The journal now needs to hold only what is still waiting.
  journal.settled(true)
  return { replayed, waiting }
}
