import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/protocol.js'
import { msSince, type Logger } from '../log.js'
import type { Metrics } from '../metrics.js'
import { CommitQueue } from './commit-queue.js'
import { LiveDocument, type LiveDocumentOptions, type Peer } from './live-document.js'
import { LogTrimmer } from './log-trimmer.js'
import { journaledStore } from './journaled-store.js'
import { CollabRefusal, type Commits, type DocumentStore, type SyncDocumentStore } from './types.js'
import type { UpdateJournal } from './update-journal.js'

export interface RegistryOptions {
  /**
   * Where documents live and how updates get there. One process on SQLite: the store, and the
   * journal each turn's updates are written to before they are broadcast (replayed into the store
   * at start by the caller), from which the group commit is built. Several processes on
   * PostgreSQL: the store, and the commits that number updates in the database.
   */
  storage: { store: SyncDocumentStore; journal: UpdateJournal } | { store: DocumentStore; commits: Commits }
  log: Logger
  metrics: Metrics
  /** How long a document with no connection stays loaded. */
  unloadDelayMs: number
  /** Compact a document's log past this many updates. */
  compactAfterUpdates: number
  /**
   * A loaded document nobody has read or changed for between half this and this long is
   * compacted and put to sleep (see {@link LiveDocument.rest}); 0: documents never sleep.
   */
  sleepAfterMs?: number
  /** Documents that took longer than this to build never sleep: waking one holds every socket that long. */
  maxWakeMs: number
  /** Stored states at least this big are sent as they are to clients that have nothing, before the document is built (see {@link EarlyReader}). */
  earlyAnswerBytes?: number
  /** How long such a load, once it has read the state, waits for its readers' first requests (they follow the upgrade at once); default 10 ms. */
  earlyAnswerWaitMs?: number
  /** After a compaction, with the Y.Doc as compacted (refreshes listings built from the document). */
  onCompacted?: (live: LiveDocument, doc: Y.Doc) => void
  /** Names the fields each update changed, for `onStored`. */
  changedFields?: LiveDocumentOptions['changedFields']
  /** After each stored update (the audit log, checkpoints). */
  onStored?: LiveDocumentOptions['onStored']
  /** When the last peer of a loaded document left (checkpoints). */
  onIdle?: (doc: LiveDocument) => void
  /** A document was loaded, holding the stored updates up to `seq` (the cluster follows it from there). */
  onLoaded?: (doc: LiveDocument, seq: number) => void
  /** A loaded document was unloaded or discarded. */
  onUnloaded?: (doc: LiveDocument) => void
}

/**
 * A connection waiting for a document to load. Building a large document from its stored state
 * takes time (about 180 ms for a 1.8 MB state of 200 000 items here); a client that has nothing
 * yet can be given the stored state itself, which is exactly what it asked for, while the server
 * builds its copy. Only a verified state with no log after it qualifies: it is then the whole
 * document.
 */
export interface EarlyReader {
  /** The state vector of the client's first sync request, once it has arrived. */
  readonly firstRequest: Uint8Array | undefined
  /** Answers that request with the stored state; resolves once it is handed to the network. */
  answerFromStore(state: Uint8Array): Promise<void>
}

/**
 * How long it then waits for the answers to leave before building the document (which keeps the
 * event loop busy): the network carries the state while the server builds, instead of after.
 */
const EARLY_SEND_WAIT_MS = 250

/**
 * The one owner of loaded documents. Two opens of one document share a single load; a document
 * nobody uses is unloaded (compacted first) after a delay; a document whose load fails is never
 * replaced by an empty one.
 */
export class DocumentRegistry {
  private readonly loaded = new Map<string, LiveDocument>()
  private readonly loading = new Map<string, Promise<LiveDocument>>()
  private readonly earlyReaders = new Map<string, Set<EarlyReader>>()
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>()
  private closing = false
  private readonly store: DocumentStore
  private readonly commits: Commits
  private readonly trimmer: LogTrimmer
  private readonly restTimer: NodeJS.Timeout | null
  private resting = false

  constructor(private readonly options: RegistryOptions) {
    const { storage } = options
    if ('journal' in storage) {
      const store = journaledStore(storage.store, storage.journal)
      this.store = store
      this.commits = new CommitQueue(store, storage.journal, options.log, options.metrics)
    } else {
      this.store = storage.store
      this.commits = storage.commits
    }
    // Trimmed every few compactions' worth of rows, and once now for what a previous run left.
    this.trimmer = new LogTrimmer(this.store, options.log, 5 * options.compactAfterUpdates)
    this.trimmer.start()
    this.restTimer = options.sleepAfterMs ? setInterval(() => void this.rest(), options.sleepAfterMs / 2) : null
    this.restTimer?.unref()
  }

  get size(): number {
    return this.loaded.size
  }

  /** The loaded document, if any (does not load). */
  get(name: string): LiveDocument | undefined {
    return this.loaded.get(name)
  }

  /**
   * Loads (or joins the load of) a document. Rejects with a {@link CollabRefusal}:
   * `unknownDocument` when no programme has this name, `loadFailed` when the stored state cannot
   * be read, `goingAway` while shutting down.
   */
  async open(name: string, reader?: EarlyReader): Promise<LiveDocument> {
    if (this.closing) throw new CollabRefusal(CloseCode.goingAway, 'server is shutting down')
    this.cancelUnload(name)
    const live = this.loaded.get(name)
    if (live) return live
    let load = this.loading.get(name)
    if (!load) {
      load = this.load(name).finally(() => {
        this.loading.delete(name)
        this.earlyReaders.delete(name)
      })
      this.loading.set(name, load)
    }
    if (reader) this.earlyReaders.set(name, (this.earlyReaders.get(name) ?? new Set()).add(reader))
    const doc = await load
    // Whoever awaited last may find it already idle-scheduled by an earlier user; keep it.
    this.cancelUnload(name)
    return doc
  }

  /**
   * Runs `fn` on a loaded document and lets it unload afterwards if nobody else uses it.
   *
   * @example
   * const json = await registry.use('MDGF-2081', (live) => renderSheet(live.doc))
   */
  async use<T>(name: string, fn: (doc: LiveDocument) => T | Promise<T>): Promise<T> {
    const live = await this.open(name)
    const release = live.hold()
    try {
      return await fn(live)
    } finally {
      release()
    }
  }

  /** Every connected peer with the name of its document (for the access guard: revocation and recheck). */
  *peers(): Generator<{ docName: string; peer: Peer }> {
    for (const live of this.loaded.values()) for (const peer of live.peers) yield { docName: live.name, peer }
  }

  /** Closes every connection (1001), compacts and unloads every document. */
  async shutdown(): Promise<void> {
    this.closing = true
    this.trimmer.stop()
    if (this.restTimer) clearInterval(this.restTimer)
    await Promise.allSettled([...this.loading.values()])
    for (const timer of this.unloadTimers.values()) clearTimeout(timer)
    this.unloadTimers.clear()
    for (const live of [...this.loaded.values()]) this.unload(live, CloseCode.goingAway, 'server is shutting down')
  }

  private async load(name: string): Promise<LiveDocument> {
    const started = performance.now()
    if (!(await this.store.exists(name))) {
      throw new CollabRefusal(CloseCode.unknownDocument, `no programme named ${name}`)
    }
    let live: LiveDocument
    let loadedSeq = 0
    try {
      const stored = await this.store.load(name)
      loadedSeq = stored.lastSeq
      const { earlyAnswerBytes } = this.options
      if (earlyAnswerBytes && stored.state && stored.stateVerified && stored.updates.length === 0 && stored.state.byteLength >= earlyAnswerBytes) {
        await this.answerEarly(name, stored.state, started)
      }
      live = new LiveDocument(name, stored, {
        store: this.store,
        commits: this.commits,
        log: this.options.log,
        metrics: this.options.metrics,
        compactAfterUpdates: this.options.compactAfterUpdates,
        maxWakeMs: this.options.maxWakeMs,
        onIdle: (doc) => {
          this.options.onIdle?.(doc)
          this.scheduleUnload(doc)
        },
        onFailed: (doc, code, reason) => this.discard(doc, code, reason),
        onCompacted: (live, rows, doc) => {
          this.trimmer.compacted(rows)
          this.options.onCompacted?.(live, doc)
        },
        changedFields: this.options.changedFields,
        onStored: this.options.onStored,
      })
    } catch (error) {
      this.options.metrics.loadFailures++
      this.options.log.error('document.load_failed', { doc: name, error })
      throw new CollabRefusal(CloseCode.loadFailed, `document ${name} could not be loaded`)
    }
    if (this.closing) {
      live.destroy()
      throw new CollabRefusal(CloseCode.goingAway, 'server is shutting down')
    }
    this.loaded.set(name, live)
    this.options.metrics.documentsLoaded = this.loaded.size
    this.options.onLoaded?.(live, loadedSeq)
    this.options.log.info('document.loaded', {
      doc: name,
      updates: live.loggedUpdates,
      ms: msSince(started),
    })
    // Loaded for a caller that may already be gone: make sure it is not kept forever.
    if (live.isIdle) this.scheduleUnload(live)
    return live
  }

  /** Gives the stored state to the readers of `name` whose first request asks for everything. */
  private async answerEarly(name: string, state: Uint8Array, started: number): Promise<void> {
    const waiting = () => [...(this.earlyReaders.get(name) ?? [])].some((r) => r.firstRequest === undefined)
    // Counted from now, with the state in hand, not from the start of the load: reading a large
    // state on a busy machine could use up the whole wait before any request could be read.
    const deadline = performance.now() + (this.options.earlyAnswerWaitMs ?? 10)
    while (waiting() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 1))
    const sent: Promise<void>[] = []
    for (const reader of this.earlyReaders.get(name) ?? []) {
      if (reader.firstRequest && Y.decodeStateVector(reader.firstRequest).size === 0) sent.push(reader.answerFromStore(state))
    }
    this.earlyReaders.delete(name)
    if (sent.length === 0) return
    this.options.log.info('document.answered_from_store', { doc: name, readers: sent.length, bytes: state.byteLength, ms: msSince(started) })
    let timer: NodeJS.Timeout | undefined
    await Promise.race([Promise.all(sent), new Promise((r) => (timer = setTimeout(r, EARLY_SEND_WAIT_MS)))])
    clearTimeout(timer)
  }

  private scheduleUnload(live: LiveDocument): void {
    if (this.closing || this.unloadTimers.has(live.name)) return
    const timer = setTimeout(() => {
      this.unloadTimers.delete(live.name)
      if (live.isIdle && this.loaded.get(live.name) === live) this.unload(live, CloseCode.normal, 'idle')
    }, this.options.unloadDelayMs)
    timer.unref()
    this.unloadTimers.set(live.name, timer)
  }

  private cancelUnload(name: string): void {
    const timer = this.unloadTimers.get(name)
    if (timer) clearTimeout(timer)
    this.unloadTimers.delete(name)
  }

  private unload(live: LiveDocument, code: number, reason: string): void {
    try {
      live.compact()
    } catch (error) {
      // The log is intact; the next load replays it.
      this.options.log.error('document.compact_failed', { doc: live.name, error })
    }
    this.forget(live, code, reason)
    this.options.log.info('document.unloaded', { doc: live.name, reason })
  }

  /** A document that could not store an update or be woken: dropped without compaction, peers told to retry. */
  private discard(live: LiveDocument, code: number, reason: string): void {
    this.cancelUnload(live.name)
    this.forget(live, code, reason)
  }

  /** Lets every loaded document rest (compact, then sleep), one document's work per turn. */
  private async rest(): Promise<void> {
    if (this.resting) return
    this.resting = true
    try {
      for (const live of [...this.loaded.values()]) {
        if (this.closing) return
        if (this.loaded.get(live.name) === live && live.rest()) await new Promise((r) => setImmediate(r))
      }
    } finally {
      this.resting = false
      this.countAsleep()
    }
  }

  private countAsleep(): void {
    let asleep = 0
    for (const live of this.loaded.values()) if (live.isAsleep) asleep++
    this.options.metrics.documentsAsleep = asleep
  }

  private forget(live: LiveDocument, code: number, reason: string): void {
    if (this.loaded.get(live.name) === live) {
      this.loaded.delete(live.name)
      this.options.onUnloaded?.(live)
    }
    this.options.metrics.documentsLoaded = this.loaded.size
    this.countAsleep()
    live.destroy(code, reason)
  }
}
