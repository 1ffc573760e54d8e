import { performance } from 'node:perf_hooks'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/protocol.js'
import type { FieldChange } from '../../shared/sheet/changes.js'
import { msSince, type Logger } from '../log.js'
import type { Metrics } from '../metrics.js'
import { awarenessMessage, updateMessage } from './messages.js'
import type { Outgoing } from './outgoing.js'
import type { Committer } from './commit-queue.js'
import type { Access, Commits, DocumentStore, LogEntry, StoredDocument } from './types.js'
import { dropUnresolved, hasUnresolved } from './update-check.js'

/** The part of a connection a document talks to. */
export interface Peer {
  /** Who is on this peer; their updates are attributed to `access.userId`. */
  readonly access: Access
  /** Ids of the awareness clients this peer has announced (removed when it leaves). */
  readonly awarenessClients: Set<number>
  /** When the frame being handled was taken up (`performance.now()`): where the server's time on its updates starts. */
  readonly handlingSince: number
  send(message: Outgoing): void
  close(code: number, reason: string): void
}

export interface LiveDocumentOptions {
  store: DocumentStore
  /** Commits this document's updates (with those of the other documents of the same turn). */
  commits: Commits
  log: Logger
  metrics: Metrics
  /** Compact the log once this many updates were appended since the last compaction. */
  compactAfterUpdates: number
  /** A document that took longer than this to build stays awake (see {@link LiveDocument.rest}). */
  maxWakeMs: number
  /** Called when the document has no peer and no holder left. */
  onIdle: (doc: LiveDocument) => void
  /** Called when an update could not be stored (4501), or the document could not be woken (4500). */
  onFailed: (doc: LiveDocument, code: CloseCode, reason: string) => void
  /**
   * Called after each compaction with the number of log rows the new state covers and the Y.Doc as
   * compacted: read later, `live.doc` could wake a document that has since fallen asleep or been
   * unloaded (a destroyed Y.Doc can still be read).
   */
  onCompacted?: (live: LiveDocument, rows: number, doc: Y.Doc) => void
  /** Names the fields a transaction changed and how, asked before Yjs drops the old values (for `onStored`). */
  changedFields?: (doc: Y.Doc, transaction: Y.Transaction) => FieldChange[]
  /** Called after an update was stored, with the fields it changed and its author (the audit log listens). */
  onStored?: (doc: LiveDocument, fields: FieldChange[], userId: string | null) => void
}

interface PendingUpdate extends LogEntry {
  /** The peer (or server-side author) it came from: it is not sent back there. */
  origin: unknown
  fields: FieldChange[]
  /** From a peer: when its frame was taken up (for the relay metric); null for the server's own changes. */
  handlingSince: number | null
}

const NO_FIELDS: FieldChange[] = []

/** The origin of what another server process stored and relayed (updates, presence): applied and delivered here, never stored or relayed again. */
export const CLUSTER_ORIGIN = Symbol('cluster')

/** Elapsed and CPU time (of the process, all its threads), in ms: see `LiveDocument.buildMs`. */
interface Clocks {
  wall: number
  cpu: number
}

function clocks(): Clocks {
  const { user, system } = process.cpuUsage()
  return { wall: performance.now(), cpu: (user + system) / 1000 }
}

/** Sends a merge must save to pay for itself (see {@link LiveDocument.broadcast}). */
const MERGE_MIN_SAVED_SENDS = 4
/** Larger turns are sent update by update: merging costs in proportion to the bytes. */
const MERGE_MAX_BYTES = 16 * 1024

/** The batch merged into one update, or null when sending its updates one by one costs less. */
function mergedIfWorth(batch: PendingUpdate[], peers: Set<Peer>, author: unknown): Uint8Array | null {
  let separately = 0
  let bytes = 0
  for (const row of batch) {
    separately += peers.size - (peers.has(row.origin as Peer) ? 1 : 0)
    bytes += row.data.byteLength
  }
  const together = peers.size - (peers.has(author as Peer) ? 1 : 0)
  if (separately - together < MERGE_MIN_SAVED_SENDS || bytes > MERGE_MAX_BYTES) return null
  return Y.mergeUpdates(batch.map((row) => row.data))
}

/** Whether a transaction changed the document: what Yjs asks before it encodes one for its update event. */
function changedAnything(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true
  for (const [client, clock] of transaction.afterState) if (transaction.beforeState.get(client) !== clock) return true
  return false
}

/** An update being applied (a client's or another process's); `whole` once Yjs has read all of it. */
interface Incoming {
  /** A client's peer, or another server process (cluster/fanout.ts). */
  origin: Peer | typeof CLUSTER_ORIGIN
  update: Uint8Array
  whole: boolean
}

/** The author of a server-side change (an import, a restore): the person who asked for it. */
export interface ChangeAuthor {
  userId: string | null
}

/**
 * One loaded document: its Y.Doc, its awareness, and the peers connected to it.
 *
 * A document nobody has read or changed for a while falls asleep ({@link rest}): it is compacted,
 * so that its stored state is exactly the document, and its Y.Doc is freed; peers and presence
 * stay. Anything that reads `doc` wakes it, rebuilt from the store. A fact sheet's Y.Doc holds
 * about 235 KiB of heap for a 12 KiB stored state and builds in about a millisecond: a hundred
 * sheets open in idle browser tabs cost a fraction of what they would awake.
 *
 * Invariant: every update is stored (in the update journal) before it is broadcast, and before
 * anything read from the document (a sync answer, a REST read, a compaction) can contain it, and
 * in the database before the turn ends. The updates of one event-loop turn are committed
 * together by the {@link CommitQueue} at the end of the turn, or earlier when something reads the
 * document (`flush()`). If they cannot be journaled, nobody receives them; if the database then
 * refuses them, the journal keeps them. Either way the document is discarded (peers closed with
 * 4501) and reloaded from the store, with what the journal kept, on the next open.
 */
export class LiveDocument implements Committer<PendingUpdate> {
  /** Presence has its own (empty) Y.Doc: it outlives the document's sleep. */
  readonly awareness = new awarenessProtocol.Awareness(new Y.Doc())
  /** Which peer set each presence entry: only it may change the entry (see collab/awareness-guard.ts). */
  private readonly awarenessOwners = new Map<number, Peer>()
  readonly peers = new Set<Peer>()
  /** The state vector of what was loaded from the store (what an early answer from the store gave). */
  readonly loadedStateVector: Uint8Array
  private holders = 0
  /** The document while awake; null while asleep, when the stored state is exactly the document. */
  private ydoc: Y.Doc | null = null
  /**
   * What the last build cost (ms): a document slower to build than `maxWakeMs` stays awake. The
   * lesser of its elapsed time and the process's CPU time over it: on a machine busy with other
   * work a quick build takes long to finish, while the CPU time also counts the process's other
   * threads (the collector, the WAL checkpoints). Either alone kept quick documents awake for good.
   */
  private buildMs = 0
  /** Read or changed since the last {@link rest}. */
  private touched = true
  /** Sequence number of the newest update in the log (committed or pending). */
  private lastSeq = 0
  private appendedSinceCompaction = 0
  private compactionScheduled = false
  private failed = false
  /** Applied but not yet committed (hence not yet broadcast): the updates of this turn. */
  private pending: PendingUpdate[] = []
  /** The client update being applied, stored as received if it integrates whole (see {@link applyFrom}). */
  private incoming: Incoming | null = null
  /** Yjs encodes each transaction for the update event while `onUpdate` listens (see {@link onTransactionCleanup}). */
  private encoding = false
  /** What the transaction being cleaned up changed (see {@link onAfterTransaction}); taken by `onUpdate`. */
  private transactionFields: FieldChange[] | null = null
  /** Updates applied and updates committed so far: equal when nothing is on its way to the store. */
  private applied = 0
  private stored = 0
  /** Waiting for the updates applied before them to be stored (see {@link whenStored}). */
  private storedWaiters: { upTo: number; resolve: () => void }[] = []

  constructor(
    readonly name: string,
    stored: StoredDocument,
    private readonly options: LiveDocumentOptions,
  ) {
    this.loadedStateVector = Y.encodeStateVector(this.adopt(stored, clocks()))
    // The server holds no presence of its own.
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.onAwarenessUpdate)
    // A long log (written before a crash, or by an older version) is replayed once, not at every open.
    this.compactIfLong()
  }

  /** The Y.Doc; reading it counts as use, and wakes the document if it is asleep (throws if it cannot be woken). */
  get doc(): Y.Doc {
    this.touched = true
    return this.current()
  }

  get isFailed(): boolean {
    return this.failed
  }

  get isAsleep(): boolean {
    return this.ydoc === null
  }

  /** Number of updates in the log since the last compaction. */
  get loggedUpdates(): number {
    return this.appendedSinceCompaction
  }

  addPeer(peer: Peer): void {
    this.peers.add(peer)
  }

  removePeer(peer: Peer): void {
    if (!this.peers.delete(peer)) return
    if (peer.awarenessClients.size > 0) {
      for (const id of peer.awarenessClients) this.awarenessOwners.delete(id)
      awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessClients], null)
    }
    this.releaseIfIdle()
  }

  /** Keeps the document loaded while a non-socket user (a REST request) works on it. */
  hold(): () => void {
    // A REST reader sees only what is stored.
    this.flush()
    this.holders++
    let released = false
    return () => {
      if (released) return
      released = true
      this.holders--
      this.releaseIfIdle()
    }
  }

  get isIdle(): boolean {
    return this.peers.size === 0 && this.holders === 0
  }

  /**
   * Applies a change made by the server (creation, import, restore) on behalf of `author` through
   * the same path as a client's: journaled, attributed, broadcast, then committed to the database.
   * Throws if the database did not take it; if it was journaled, it is not lost for all that (the
   * sheet's next load stores it first), but the caller cannot count on it being there now.
   */
  async change(fn: (doc: Y.Doc) => void, author: ChangeAuthor = { userId: null }): Promise<void> {
    if (this.failed) throw new Error(`document ${this.name} has failed`)
    this.doc.transact(() => fn(this.doc), author)
    this.flush()
    // On SQLite it is committed already; on PostgreSQL once the database has numbered it.
    await this.options.commits.settled()
    if (this.failed) throw new Error(`document ${this.name}: the change could not be stored`)
  }

  /**
   * Applies an update another server process stored and relayed (cluster/fanout.ts): it is sent
   * to this process's peers as received (when it integrates whole), never stored or audited again.
   */
  applyFromCluster(update: Uint8Array): void {
    this.applyWhole(CLUSTER_ORIGIN, update)
  }

  /**
   * Applies a client's update, checked beforehand (see `checkUpdate`), on behalf of `peer`; throws
   * if it left structs or deletions waiting for items the document does not have (they are dropped).
   *
   * An update that integrates whole, with nothing left waiting, is exactly what the transaction
   * changed (Yjs skips what the document already has), so it is stored and sent as received.
   * Otherwise Yjs encodes what the transaction integrated, as for the server's own changes. That
   * encoding walks the state of every client the document ever had, for bytes the server already
   * holds: 3.5 µs an update with 10 clients and 10 µs with 100 in a loop, and in the server at
   * `busy` 16 µs of 202 an edit.
   */
  applyFrom(peer: Peer, update: Uint8Array): void {
    const hadUnresolved = this.applyWhole(peer, update)
    if (dropUnresolved(this.current(), hadUnresolved)) throw new Error('the update refers to items this document does not have')
  }

  /**
   * Applies `update` from `origin`, to be sent (and, from a client, stored) as received when it
   * integrates whole (see {@link applyFrom}); answers whether something was waiting before.
   */
  private applyWhole(origin: Incoming['origin'], update: Uint8Array): boolean {
    const doc = this.current()
    const hadUnresolved = hasUnresolved(doc)
    const incoming: Incoming = { origin, update, whole: false }
    // Something already waiting may integrate with it: then Yjs encodes what did.
    this.incoming = hadUnresolved ? null : incoming
    try {
      // Not local: the server takes it as any other receiver would (Yjs's remote-only cleanups).
      Y.transact(
        doc,
        () => {
          Y.applyUpdate(doc, update)
          incoming.whole = true
        },
        origin,
        false,
      )
    } finally {
      this.incoming = null
    }
    return hadUnresolved
  }

  /** Compacts now if anything was logged since the last compaction. */
  compact(): void {
    this.compactionScheduled = false
    this.flush()
    if (this.failed || this.appendedSinceCompaction === 0) return
    const started = performance.now()
    const doc = this.current()
    this.options.store.compact(this.name, Y.encodeStateAsUpdate(doc), this.lastSeq)
    this.options.log.info('document.compacted', {
      doc: this.name,
      updates: this.appendedSinceCompaction,
      ms: msSince(started),
    })
    const rows = this.appendedSinceCompaction
    this.appendedSinceCompaction = 0
    this.options.onCompacted?.(this, rows, doc)
  }

  /** Frees the document: closes remaining peers with `code` and stops the awareness timer. */
  destroy(code: number = CloseCode.goingAway, reason = 'document unloaded'): void {
    // Whatever is applied but uncommitted is committed and sent now (or, failing, nobody gets it).
    if (!this.failed) this.flush()
    // Forget the peers first so that their closing does not report this document idle again.
    const peers = [...this.peers]
    this.peers.clear()
    for (const peer of peers) peer.close(code, reason)
    this.freeDoc()
    this.awareness.off('update', this.onAwarenessUpdate)
    this.awareness.destroy()
    this.awareness.doc.destroy()
  }

  /**
   * Called periodically by the registry. Unused since the last call, the document is compacted
   * (if anything was logged since the last compaction) or, already compacted, put to sleep.
   * Stays awake while held, when it cannot be stored, and when it took longer than `maxWakeMs`
   * to build: waking it would hold every socket of the server that long. Answers whether it did
   * any work (the registry spreads work over turns).
   */
  rest(): boolean {
    if (this.touched) {
      this.touched = false
      return false
    }
    if (this.ydoc === null || this.failed || this.holders > 0 || this.pending.length > 0 || this.buildMs > this.options.maxWakeMs) return false
    if (this.appendedSinceCompaction > 0) {
      // Asleep, the document is its stored state: compacted now, it sleeps at the next quiet call.
      this.safely('compact', () => this.compact())
      return true
    }
    this.freeDoc()
    this.options.log.info('document.asleep', { doc: this.name, peers: this.peers.size })
    return true
  }

  /**
   * Decides, for each transaction, where its update comes from: as received from a client (see
   * {@link applyFrom}), or encoded by Yjs for the update event it emits right after this event,
   * if `onUpdate` listens then.
   */
  private readonly onTransactionCleanup = (transaction: Y.Transaction, doc: Y.Doc): void => {
    const incoming = this.incoming
    if (incoming?.whole && transaction.origin === incoming.origin && !hasUnresolved(doc)) {
      this.listenForEncoded(doc, false)
      if (changedAnything(transaction)) this.onUpdate(incoming.update, incoming.origin)
    } else {
      this.listenForEncoded(doc, true)
    }
  }

  /**
   * Names what the transaction changed while its old values are still there: Yjs collects deleted
   * content after this event and before the update event that stores the transaction.
   */
  private readonly onAfterTransaction = (transaction: Y.Transaction, doc: Y.Doc): void => {
    const { changedFields } = this.options
    // Another process's update is in the audit log already: that process stored it.
    this.transactionFields = changedFields && transaction.origin !== CLUSTER_ORIGIN && changedAnything(transaction) ? changedFields(doc, transaction) : null
  }

  private listenForEncoded(doc: Y.Doc, listen: boolean): void {
    if (this.encoding === listen) return
    this.encoding = listen
    if (listen) doc.on('update', this.onUpdate)
    else doc.off('update', this.onUpdate)
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.failed) return
    if (origin === CLUSTER_ORIGIN) {
      // Stored by the process that received it: only delivered here.
      this.transactionFields = null
      const message = updateMessage(update)
      for (const peer of this.peers) peer.send(message)
      return
    }
    const peer = this.peers.has(origin as Peer) ? (origin as Peer) : null
    const userId = peer ? peer.access.userId : ((origin as ChangeAuthor | null)?.userId ?? null)
    // The fields were named in afterTransaction, so that the transaction is not kept until the commit. Kept there,
    // Yjs's per-transaction maps outlived young-generation collections often enough that V8 began
    // allocating them in the old generation: every edit then left garbage for full collections.
    const fields = this.transactionFields ?? NO_FIELDS
    this.transactionFields = null
    if (this.pending.length === 0) this.options.commits.enqueue(this)
    this.applied++
    this.pending.push({ docName: this.name, seq: ++this.lastSeq, data: update, userId, origin, fields, handlingSince: peer?.handlingSince ?? null })
  }

  /**
   * Commits what is waiting (this document's updates and those of every other document of this
   * turn) now. Called by anything that reads the document: a sync answer, a REST read, a
   * compaction, a server-side change.
   */
  flush(): void {
    if (this.failed || this.pending.length === 0) return
    this.options.commits.commit()
  }

  /** @internal The commit queue takes this turn's updates. */
  takePending(): PendingUpdate[] {
    const batch = this.pending
    this.pending = []
    return batch
  }

  /**
   * @internal Journaled: send them to the peers (see {@link broadcast}), then tell the listeners.
   * In that order because the listeners' bookkeeping (the audit log) is no part of delivering an edit.
   */
  committed(batch: PendingUpdate[]): void {
    if (this.failed) return
    this.stored += batch.length
    this.appendedSinceCompaction += batch.length
    this.broadcast(batch)
    for (const row of batch) this.options.onStored?.(this, row.fields, row.userId)
    this.compactIfLong()
    this.wakeStoredWaiters()
  }

  /**
   * Null when every update applied so far is stored (always so on SQLite after a flush); else
   * resolves once they are (PostgreSQL: a sync answer waits for it, so that nobody is sent an
   * update that is not in the database yet), or once the document has failed.
   */
  whenStored(): Promise<void> | null {
    this.flush()
    if (this.stored >= this.applied || this.failed) return null
    return new Promise((resolve) => this.storedWaiters.push({ upTo: this.applied, resolve }))
  }

  private wakeStoredWaiters(): void {
    if (this.storedWaiters.length === 0) return
    const ready = this.storedWaiters.filter((w) => this.failed || this.stored >= w.upTo)
    if (ready.length === 0) return
    this.storedWaiters = this.storedWaiters.filter((w) => !ready.includes(w))
    for (const waiter of ready) waiter.resolve()
  }

  /** Sends stored updates to their peers, then counts how long each client update spent in the server. */
  private broadcast(batch: PendingUpdate[]): void {
    this.send(batch)
    const now = performance.now()
    for (const row of batch) if (row.handlingSince !== null) this.options.metrics.updateRelayed((now - row.handlingSince) / 1000)
  }

  /**
   * Sends stored updates to every peer but their author, each encoded once. Several updates of one
   * turn (a document under load) go out merged into one message when that saves enough sends: a
   * send is a system call whose loopback delivery costs some 10 µs of kernel time here, while
   * merging a few small updates takes about 20 µs. Their authors then get their own edits back
   * with the others' (Yjs skips what a document already has), unless a single peer wrote them all.
   */
  private send(batch: PendingUpdate[]): void {
    if (batch.length > 1) {
      const author = batch.every((row) => row.origin === batch[0]!.origin) ? batch[0]!.origin : null
      const merged = mergedIfWorth(batch, this.peers, author)
      if (merged) {
        const message = updateMessage(merged)
        for (const peer of this.peers) if (peer !== author) peer.send(message)
        return
      }
    }
    for (const row of batch) {
      const message = updateMessage(row.data)
      for (const peer of this.peers) if (peer !== row.origin) peer.send(message)
    }
  }

  /**
   * @internal Not stored in the database: the document is discarded and reloads from the store.
   * Not journaled either, nobody has seen these updates (their author resends them on
   * reconnecting); journaled, the journal keeps them and the next load stores them first.
   */
  commitFailed(error: unknown, journaled: boolean): void {
    this.failed = true
    this.pending = []
    this.options.metrics.storeFailures++
    this.options.log.error('document.store_failed', { doc: this.name, journaled, error })
    this.options.onFailed(this, CloseCode.storeFailed, 'an update could not be stored')
    this.wakeStoredWaiters()
  }

  /** The Y.Doc, woken if asleep, without counting as use (the document's own work). */
  private current(): Y.Doc {
    return this.ydoc ?? this.wake()
  }

  /**
   * Builds the Y.Doc from what is stored and takes it as this document's, with the log position
   * it reached; `started` is when reading it began (see `buildMs`).
   * One transaction: observers and the update event fire once, and it is far faster than merging
   * updates first.
   */
  private adopt(stored: StoredDocument, started: Clocks): Y.Doc {
    const doc = new Y.Doc()
    Y.transact(doc, () => {
      if (stored.state) Y.applyUpdate(doc, stored.state)
      for (const update of stored.updates) Y.applyUpdate(doc, update)
    })
    doc.on('afterTransaction', this.onAfterTransaction)
    doc.on('afterTransactionCleanup', this.onTransactionCleanup)
    this.ydoc = doc
    const now = clocks()
    this.buildMs = Math.min(now.wall - started.wall, now.cpu - started.cpu)
    this.lastSeq = stored.lastSeq
    this.appendedSinceCompaction = stored.updates.length
    return doc
  }

  /**
   * Rebuilds the document from the store. If that fails, the document is discarded (peers closed
   * with 4500) and this throws: nothing is ever built on an empty or partial document in its place.
   */
  private wake(): Y.Doc {
    if (this.failed) throw new Error(`document ${this.name} has failed`)
    const started = clocks()
    let doc: Y.Doc
    try {
      const stored = this.options.store.load(this.name)
      // Never so: a store read asynchronously (PostgreSQL) runs without sleep (see DocumentStore.load).
      if (stored instanceof Promise) throw new Error('this store cannot wake a document synchronously')
      doc = this.adopt(stored, started)
    } catch (error) {
      this.failed = true
      this.options.metrics.loadFailures++
      this.options.log.error('document.wake_failed', { doc: this.name, error })
      this.options.onFailed(this, CloseCode.loadFailed, `document ${this.name} could not be loaded`)
      throw new Error(`document ${this.name} could not be woken`, { cause: error })
    }
    this.options.metrics.documentWakes++
    this.options.log.info('document.woke', { doc: this.name, ms: msSince(started.wall) })
    return doc
  }

  private freeDoc(): void {
    if (!this.ydoc) return
    this.ydoc.off('afterTransaction', this.onAfterTransaction)
    this.ydoc.off('afterTransactionCleanup', this.onTransactionCleanup)
    this.listenForEncoded(this.ydoc, false)
    this.ydoc.destroy()
    this.ydoc = null
  }

  /** Schedules a compaction once the log is long (after updates, and right after loading a long log). */
  private compactIfLong(): void {
    if (this.appendedSinceCompaction < this.options.compactAfterUpdates || this.compactionScheduled) return
    // Outside the message handler: compaction encodes the whole document.
    this.compactionScheduled = true
    setImmediate(() => this.safely('compact', () => this.compact()))
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const peer = origin as Peer
    if (this.peers.has(peer)) {
      for (const id of added) this.own(peer, id)
      // An entry set by another peer of the same person (a reconnect) passes to this one.
      for (const id of updated) if (this.awarenessOwners.get(id) !== peer) this.own(peer, id)
      for (const id of removed) {
        peer.awarenessClients.delete(id)
        this.awarenessOwners.delete(id)
      }
    }
    // Sent to the sender too: y-websocket drops a connection that hears nothing for 30 s.
    const message = awarenessMessage(this.awareness, [...added, ...updated, ...removed])
    for (const p of this.peers) p.send(message)
  }

  /** The peer that set this presence entry, if it is still connected. */
  awarenessOwner(clientId: number): Peer | undefined {
    return this.awarenessOwners.get(clientId)
  }

  /** The presence entries set by this process's own peers (not those heard from other processes). */
  ownedAwarenessClients(): number[] {
    return [...this.awarenessOwners.keys()]
  }

  private own(peer: Peer, clientId: number): void {
    this.awarenessOwners.get(clientId)?.awarenessClients.delete(clientId)
    this.awarenessOwners.set(clientId, peer)
    peer.awarenessClients.add(clientId)
  }

  private releaseIfIdle(): void {
    if (this.isIdle) this.options.onIdle(this)
  }

  private safely(what: string, fn: () => void): void {
    try {
      fn()
    } catch (error) {
      this.options.log.error(`document.${what}_failed`, { doc: this.name, error })
    }
  }
}
