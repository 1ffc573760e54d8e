import type { LogEntry, StoredDocument } from '../../db/repositories/documents.js'
import type { CloseCode } from '../../shared/protocol.js'

export type { LogEntry, StoredDocument }

/** Who is on a connection and what they may do, decided once at the upgrade. */
export interface Access {
  /** The signed-in user; every update of the connection is attributed to them. */
  userId: string | null
  /** The session or token the connection was opened with: revoking it closes the connection. */
  credentialId: string | null
  /** Read-only connections sync and show presence, but their updates are never applied. */
  readOnly: boolean
  /** The secretariat may change locked financial periods; everyone else's updates to them are refused. */
  bypassLocks?: boolean
}

/**
 * Checked before an update is applied: null to apply it as it is, or a reason (a locked period)
 * and `amend`, which runs right after the update in the same transaction to put back what it may
 * not change.
 */
export type UpdateGuard = (docName: string, doc: import('yjs').Doc, update: Uint8Array) => { reason: string; amend: () => void } | null

/**
 * Decides who may open a document. Runs at the upgrade, before the socket joins anything.
 * Throw a {@link CollabRefusal} to refuse: the socket is accepted and closed with its code, so
 * the provider stops retrying (a refused HTTP upgrade would make it retry forever).
 */
export type Authorizer = (request: { docName: string; request: Request }) => Access | Promise<Access>

/** A refusal or failure that closes a sync connection with a documented close code. */
export class CollabRefusal extends Error {
  constructor(
    readonly code: CloseCode,
    message: string,
  ) {
    super(message)
    this.name = 'CollabRefusal'
  }
}

/**
 * Where documents live. On SQLite `append` and `compact` are synchronous so that an update is
 * committed before the tick that applied it ends, hence before anyone else can see it; on
 * PostgreSQL (cluster/postgres-store.ts) loads and compactions wait for the database, and
 * updates are committed by its own {@link Commits}.
 */
export interface DocumentStore {
  /** Whether a document of this name may exist (its programme is registered). */
  exists(docName: string): Promise<boolean>
  /**
   * Reads the stored document; throws (or rejects) if it cannot be read (the caller never
   * substitutes an empty one). A store that answers asynchronously keeps its documents awake:
   * a sleeping document is woken synchronously, by whatever reads it.
   */
  load(docName: string): StoredDocument | Promise<StoredDocument>
  /** Commits log entries, of one or several documents, in one transaction: all or none. Throws if they could not be stored. */
  append(entries: LogEntry[]): void
  /** Makes `state` the stored state of `docName`, covering its log up to `upToSeq` (those rows are ignored from then on). */
  compact(docName: string, state: Uint8Array, upToSeq: number): void
  /**
   * Deletes, in one bounded step, log rows that compacted states cover, from position `from`
   * (0: the start; then what the previous step answered); `next` is null at the end of the log.
   */
  trim(from: number): { next: number | null; deleted: number }
}

/** A store that reads synchronously (SQLite): the update journal works in front of it. */
export interface SyncDocumentStore extends DocumentStore {
  load(docName: string): StoredDocument
}

/**
 * A document's applied updates on their way to the store (see LiveDocument's `Committer` side):
 * the group commit of one SQLite process (collab/commit-queue.ts), or, several processes on
 * PostgreSQL, the commit that numbers them in the database before anyone sees them
 * (cluster/postgres-commits.ts).
 */
export interface Commits {
  /** `doc` has updates waiting: commit them soon (at the end of this turn). */
  enqueue(doc: import('./commit-queue.js').Committer): void
  /** Commits what is waiting now, if the store allows it synchronously; else starts it. */
  commit(): void
  /** Resolves once everything enqueued so far is committed (or has failed). */
  settled(): Promise<void>
}
