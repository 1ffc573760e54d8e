import { performance } from 'node:perf_hooks'
import { CloseCode } from '../../shared/protocol.js'
import type { Logger } from '../log.js'
import type { Metrics } from '../metrics.js'
import { CommitQueue } from './commit-queue.js'
import { LiveDocument, type LiveDocumentOptions, type Peer } from './live-document.js'
import { LogTrimmer } from './log-trimmer.js'
import { CollabRefusal, type DocumentStore } from './types.js'

export interface RegistryOptions {
  store: DocumentStore
  log: Logger
  metrics: Metrics
  /** How long a document with no connection stays loaded. */
  unloadDelayMs: number
  /** Compact a document's log past this many updates. */
  compactAfterUpdates: number
  /** After a compaction (refreshes listings built from the document). */
  onCompacted?: (doc: LiveDocument) => void
  /** After each stored update (the audit log, checkpoints). */
  onStored?: LiveDocumentOptions['onStored']
  /** When the last peer of a loaded document left (checkpoints). */
  onIdle?: (doc: LiveDocument) => void
}

/**
 * The one owner of loaded documents. Two opens of one document share a single load; a document
 * nobody uses is unloaded (compacted first) after a delay; a document whose load fails is never
 * replaced by an empty one.
 */
export class DocumentRegistry {
  private readonly loaded = new Map<string, LiveDocument>()
  private readonly loading = new Map<string, Promise<LiveDocument>>()
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>()
  private closing = false
  private readonly commits: CommitQueue
  private readonly trimmer: LogTrimmer

  constructor(private readonly options: RegistryOptions) {
    this.commits = new CommitQueue(options.store, options.log, options.metrics)
    // Trimmed every few compactions' worth of rows, and once now for what a previous run left.
    this.trimmer = new LogTrimmer(options.store, options.log, 5 * options.compactAfterUpdates)
    this.trimmer.start()
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
  async open(name: string): Promise<LiveDocument> {
    if (this.closing) throw new CollabRefusal(CloseCode.goingAway, 'server is shutting down')
    this.cancelUnload(name)
    const live = this.loaded.get(name)
    if (live) return live
    let load = this.loading.get(name)
    if (!load) {
      load = this.load(name).finally(() => this.loading.delete(name))
      this.loading.set(name, load)
    }
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

  /** Every connected peer with the name of its document (for revocation and revalidation). */
  *peers(): Generator<{ docName: string; peer: Peer }> {
    for (const live of this.loaded.values()) for (const peer of live.peers) yield { docName: live.name, peer }
  }

  /** Closes the peers that match, with `code`; answers how many. */
  closePeers(match: (docName: string, peer: Peer) => boolean, code: number, reason: string): number {
    const doomed = [...this.peers()].filter(({ docName, peer }) => match(docName, peer))
    for (const { peer } of doomed) peer.close(code, reason)
    return doomed.length
  }

  /** Closes every connection (1001), compacts and unloads every document. */
  async shutdown(): Promise<void> {
    this.closing = true
    this.trimmer.stop()
    await Promise.allSettled([...this.loading.values()])
    for (const timer of this.unloadTimers.values()) clearTimeout(timer)
    this.unloadTimers.clear()
    for (const live of [...this.loaded.values()]) this.unload(live, CloseCode.goingAway, 'server is shutting down')
  }

  private async load(name: string): Promise<LiveDocument> {
    const started = performance.now()
    if (!(await this.options.store.exists(name))) {
      throw new CollabRefusal(CloseCode.unknownDocument, `no programme named ${name}`)
    }
    let live: LiveDocument
    try {
      const stored = this.options.store.load(name)
      live = new LiveDocument(name, stored, {
        store: this.options.store,
        commits: this.commits,
        log: this.options.log,
        metrics: this.options.metrics,
        compactAfterUpdates: this.options.compactAfterUpdates,
        onIdle: (doc) => {
          this.options.onIdle?.(doc)
          this.scheduleUnload(doc)
        },
        onFailed: (doc) => this.discard(doc),
        onCompacted: (doc, rows) => {
          this.trimmer.compacted(rows)
          this.options.onCompacted?.(doc)
        },
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
    this.options.log.info('document.loaded', {
      doc: name,
      updates: live.loggedUpdates,
      ms: Math.round((performance.now() - started) * 100) / 100,
    })
    // Loaded for a caller that may already be gone: make sure it is not kept forever.
    if (live.isIdle) this.scheduleUnload(live)
    return live
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

  /** A document that could not store an update: dropped without compaction, peers told to retry. */
  private discard(live: LiveDocument): void {
    this.cancelUnload(live.name)
    this.forget(live, CloseCode.storeFailed, 'an update could not be stored')
  }

  private forget(live: LiveDocument, code: number, reason: string): void {
    if (this.loaded.get(live.name) === live) this.loaded.delete(live.name)
    this.options.metrics.documentsLoaded = this.loaded.size
    live.destroy(code, reason)
  }
}
