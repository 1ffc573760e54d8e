/**
 * Fan-out between the server processes that share one PostgreSQL database, over Redis.
 *
 * Updates: each one is stored (numbered, cluster/postgres-commits.ts) before anything else, then
 * added to its document's stream (`XADD ficha:doc:<name> MAXLEN ~ …`, with its number and the
 * process that stored it). Every process reads the streams of the documents it holds on one
 * dedicated connection (`XREAD BLOCK`), applies what others stored and delivers it to its own
 * peers. A process knows, per document, the number of the last update it holds in order. Two
 * processes add their updates to a stream in whichever order their `XADD`s arrive, not always in
 * the order of their numbers: an update further on is held back until the ones before it come.
 * If they have not come after `gapWaitMs` (a stream trimmed past them, an entry lost with Redis,
 * a process killed between its commit and its `XADD`), they are filled from PostgreSQL before
 * anything after them is applied. The same happens for every document after the Redis connection
 * comes back, and for one whose head in the database, checked every `reconcileMs`, has not all
 * arrived by the next check: losing Redis delays fan-out, it never loses an edit.
 *
 * Presence and notices (sign-outs, role changes, follow-up events, period locks) go over pub/sub:
 * a lost presence message is repaired by the next one, and a lost notice by the checks each
 * process also makes itself. A process that starts following a document asks the others, once
 * it is subscribed, for the presence their own peers set: who is already in the sheet shows at
 * once, not at their next renewal (y-protocols renews every 15 s).
 */
import { randomUUID } from 'node:crypto'
import * as awarenessProtocol from 'y-protocols/awareness'
import { createClient } from 'redis'
import type { PostgresDb } from '../../db/connection.js'
import { readDocumentPostgres, updatesAfter } from '../../db/repositories/document-log-postgres.js'
import type { Logger } from '../log.js'
import { CLUSTER_ORIGIN, type LiveDocument } from '../collab/live-document.js'
import type { LogEntry } from '../collab/types.js'

type Client = ReturnType<typeof createClient>

const streamKey = (docName: string) => `ficha:doc:${docName}`
const awarenessChannel = (docName: string) => `ficha:awareness:${docName}`
const NOTICES = 'ficha:notices'

/** On a document's presence channel: entries (an awareness update), or a newcomer's question for them. */
interface PresenceMessage {
  update?: string
  query?: true
}

/** A message every process hears (see {@link Fanout.notify}). */
export interface ClusterNotice {
  kind: string
  [field: string]: unknown
}

export interface FanoutOptions {
  url: string
  db: PostgresDb
  log: Logger
  /** The loaded document of this name, if this process holds it. */
  loaded: (docName: string) => LiveDocument | undefined
  /** Entries kept per document stream (approximately): enough for a process that was busy for a while. */
  streamLength?: number
  /** How often the heads in the database are compared with what each document holds. */
  reconcileMs?: number
  /** How long an update further on than the next one waits for those before it, before they are read from the database. */
  gapWaitMs?: number
}

/** Why a document is filled from the database (logged with `fanout.filled`). */
type FillReason = 'loaded' | 'reconnected' | 'gap' | 'behind the database' | 'damaged'

interface Followed {
  /** Number of the last update held in order. */
  seq: number
  /** Number of the last update taken in order, applied or waiting in `applying` (≥ `seq`). */
  taken: number
  /** Stream entry id to read after. */
  streamId: string
  /** Applying (from the stream or the database) runs one at a time per document. */
  applying: Promise<void>
  /** Updates that came before those numbered between `taken` and them, by number. */
  early: Map<number, { own: boolean; data: Uint8Array }>
  /** Set while `early` waits: fills the gap from the database when it fires. */
  gapTimer: NodeJS.Timeout | null
  /** The head in the database at the last reconciliation, if this process did not hold it all then. */
  headSeen: number | null
  /** Publishes this process's presence changes of the document. */
  onAwareness: (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => void
}

export class Fanout {
  /** Tells this process's own messages apart. */
  readonly processId = randomUUID()
  private readonly publisher: Client
  private readonly reader: Client
  private readonly subscriber: Client
  private readonly followed = new Map<string, Followed>()
  private readonly noticeListeners = new Set<(notice: ClusterNotice) => void>()
  private readonly wakeKey: string
  private reading: Promise<void> | null = null
  private reconcileTimer: NodeJS.Timeout | null = null
  private stopped = false

  constructor(private readonly options: FanoutOptions) {
    this.wakeKey = `ficha:wake:${this.processId}`
    const client = () => {
      const c = createClient({ url: options.url, socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000) } })
      // Logged once per drop; node-redis reconnects by itself.
      c.on('error', (error: unknown) => options.log.warn('redis.error', { error }))
      return c
    }
    this.publisher = client()
    this.reader = client()
    this.subscriber = client()
    // Back after a drop: whatever was published meanwhile is filled from the database.
    this.reader.on('ready', () => {
      if (this.reading) for (const docName of this.followed.keys()) this.fill(docName, 'reconnected')
    })
  }

  async start(): Promise<void> {
    await Promise.all([this.publisher.connect(), this.reader.connect(), this.subscriber.connect()])
    await this.subscriber.subscribe(NOTICES, (message) => this.onNotice(message))
    this.reading = this.readLoop()
    this.reconcileTimer = setInterval(() => void this.reconcile(), this.options.reconcileMs ?? 1000)
    this.reconcileTimer.unref()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.reconcileTimer) clearInterval(this.reconcileTimer)
    // Wakes the blocked read so that the loop sees it is stopped.
    await this.wake().catch(() => {})
    await this.reading?.catch(() => {})
    await Promise.allSettled([this.publisher.quit(), this.reader.quit(), this.subscriber.quit()])
  }

  /**
   * A document was loaded here with the updates up to `seq`: follow its stream from now, after
   * filling from the database what was stored between the load and now.
   */
  async follow(live: LiveDocument, seq: number): Promise<void> {
    const docName = live.name
    const last = (await this.publisher.sendCommand(['XREVRANGE', streamKey(docName), '+', '-', 'COUNT', '1'])) as [string, string[]][] | null
    const onAwareness: Followed['onAwareness'] = ({ added, updated, removed }, origin) => {
      if (origin === CLUSTER_ORIGIN) return
      this.publishStates(live, [...added, ...updated, ...removed])
    }
    this.followed.set(docName, { seq, taken: seq, streamId: last?.[0]?.[0] ?? '0-0', applying: Promise.resolve(), early: new Map(), gapTimer: null, headSeen: null, onAwareness })
    live.awareness.on('update', onAwareness)
    await this.subscriber.subscribe(awarenessChannel(docName), (message) => this.onAwareness(docName, message))
    this.publishPresence(docName, { query: true })
    this.fill(docName, 'loaded')
    await this.wake()
  }

  /** The document was unloaded here. */
  async unfollow(live: LiveDocument): Promise<void> {
    const followed = this.followed.get(live.name)
    if (!followed) return
    this.followed.delete(live.name)
    if (followed.gapTimer) clearTimeout(followed.gapTimer)
    live.awareness.off('update', followed.onAwareness)
    await this.subscriber.unsubscribe(awarenessChannel(live.name)).catch(() => {})
  }

  /** Stored updates (numbered): to the other processes. Called once they are committed and sent to this process's peers. */
  published(entries: readonly LogEntry[]): void {
    const streamLength = String(this.options.streamLength ?? 10_000)
    for (const entry of entries) {
      // This process's own update right after what it has taken: no need to read it back.
      const followed = this.followed.get(entry.docName)
      if (followed && entry.seq === followed.taken + 1) this.take(entry.docName, followed, entry.seq, true, entry.data)
      void this.publisher
        .sendCommand(['XADD', streamKey(entry.docName), 'MAXLEN', '~', streamLength, '*', 'seq', String(entry.seq), 'from', this.processId, 'data', Buffer.from(entry.data).toString('base64')])
        .catch((error: unknown) => this.options.log.warn('fanout.publish_failed', { doc: entry.docName, error }))
    }
  }

  /** Sends `notice` to every process, this one included (sign-outs, role changes, events, locks). */
  notify(notice: ClusterNotice): void {
    void this.publisher.publish(NOTICES, JSON.stringify(notice)).catch((error: unknown) => this.options.log.warn('fanout.notice_failed', { kind: notice.kind, error }))
  }

  onNotices(listener: (notice: ClusterNotice) => void): () => void {
    this.noticeListeners.add(listener)
    return () => this.noticeListeners.delete(listener)
  }

  private onNotice(message: string): void {
    let notice: ClusterNotice
    try {
      notice = JSON.parse(message) as ClusterNotice
    } catch {
      return
    }
    for (const listener of this.noticeListeners) listener(notice)
  }

  private publishStates(live: LiveDocument, clients: number[]): void {
    if (clients.length === 0) return
    const update = awarenessProtocol.encodeAwarenessUpdate(live.awareness, clients)
    this.publishPresence(live.name, { update: Buffer.from(update).toString('base64') })
  }

  /** Loss is harmless (see above), so a failed publish is not logged per keystroke. */
  private publishPresence(docName: string, message: PresenceMessage): void {
    void this.publisher.publish(awarenessChannel(docName), JSON.stringify({ from: this.processId, ...message })).catch(() => {})
  }

  private onAwareness(docName: string, message: string): void {
    const live = this.options.loaded(docName)
    if (!live) return
    try {
      const { from, update, query } = JSON.parse(message) as { from: string } & PresenceMessage
      if (from === this.processId) return
      if (query) this.publishStates(live, live.ownedAwarenessClients())
      if (typeof update === 'string') awarenessProtocol.applyAwarenessUpdate(live.awareness, Buffer.from(update, 'base64'), CLUSTER_ORIGIN)
    } catch (error) {
      this.options.log.warn('fanout.awareness_refused', { doc: docName, error })
    }
  }

  private wake(): Promise<unknown> {
    return this.publisher.sendCommand(['XADD', this.wakeKey, 'MAXLEN', '~', '10', '*', 'wake', '1'])
  }

  /** Reads the followed documents' streams until stopped; on a lost connection, waits for it. */
  private async readLoop(): Promise<void> {
    let wakeId = '$'
    while (!this.stopped) {
      const docs = [...this.followed]
      const keys = [this.wakeKey, ...docs.map(([name]) => streamKey(name))]
      const ids = [wakeId, ...docs.map(([, f]) => f.streamId)]
      let reply: [string, [string, string[]][]][] | null
      try {
        reply = (await this.reader.sendCommand(['XREAD', 'COUNT', '500', 'BLOCK', '1000', 'STREAMS', ...keys, ...ids])) as typeof reply
      } catch (error) {
        if (this.stopped) return
        this.options.log.warn('fanout.read_failed', { error })
        await new Promise((resolve) => setTimeout(resolve, 100))
        continue
      }
      for (const [key, entries] of reply ?? []) {
        if (key === this.wakeKey) {
          wakeId = entries.at(-1)?.[0] ?? wakeId
          continue
        }
        const docName = key.slice('ficha:doc:'.length)
        const followed = this.followed.get(docName)
        if (!followed) continue
        for (const [id, fields] of entries) {
          followed.streamId = id
          const field = (name: string) => fields[fields.indexOf(name) + 1]
          const seq = Number(field('seq'))
          const data = field('data')
          if (!Number.isSafeInteger(seq) || data === undefined) continue
          this.received(docName, seq, field('from') === this.processId, Buffer.from(data, 'base64'))
        }
      }
    }
  }

  /** An update from a stream: taken if it is the next one, else held back until those before it come (see above). */
  private received(docName: string, seq: number, own: boolean, data: Uint8Array): void {
    const followed = this.followed.get(docName)
    if (!followed || seq <= followed.taken) return
    if (seq === followed.taken + 1) return this.take(docName, followed, seq, own, data)
    followed.early.set(seq, { own, data })
    followed.gapTimer ??= setTimeout(() => {
      followed.gapTimer = null
      if (followed.early.size > 0) this.fill(docName, 'gap')
    }, this.options.gapWaitMs ?? 100)
  }

  /** Queues the update numbered `seq` (the next one) to be applied, then those held back that follow it. */
  private take(docName: string, followed: Followed, seq: number, own: boolean, data: Uint8Array): void {
    this.queue(docName, followed, seq, own, data)
    this.takeEarly(docName, followed)
  }

  /** Appends the update numbered `seq` to what the document applies in order (this process's own: only counted). */
  private queue(docName: string, followed: Followed, seq: number, own: boolean, data: Uint8Array): void {
    followed.taken = seq
    followed.applying = followed.applying.then(() => {
      // A fill from the database may have applied it already.
      if (seq !== followed.seq + 1) return
      // Damaged on its way: the database's copy, and what follows it, instead.
      if (!own && !this.apply(docName, seq, data)) return this.fill(docName, 'damaged')
      followed.seq = seq
    })
  }

  /** Takes the updates held back that now follow in order; drops those already held. */
  private takeEarly(docName: string, followed: Followed): void {
    for (const seq of followed.early.keys()) if (seq <= followed.taken) followed.early.delete(seq)
    for (let next = followed.early.get(followed.taken + 1); next; next = followed.early.get(followed.taken + 1)) {
      followed.early.delete(followed.taken + 1)
      this.queue(docName, followed, followed.taken + 1, next.own, next.data)
    }
    if (followed.early.size === 0 && followed.gapTimer) {
      clearTimeout(followed.gapTimer)
      followed.gapTimer = null
    }
  }

  /**
   * Applies another process's update to the document held here; answers false, logged, if it does
   * not apply (damaged bytes). Never throws: a rejected step of the document's queue would stop
   * every update after it.
   */
  private apply(docName: string, seq: number, data: Uint8Array): boolean {
    try {
      this.options.loaded(docName)?.applyFromCluster(data)
      return true
    } catch (error) {
      this.options.log.error('fanout.apply_failed', { doc: docName, seq, error })
      return false
    }
  }

  /** Applies, in order, what the database holds of `docName` after what this process holds. */
  private fill(docName: string, reason: FillReason): void {
    const followed = this.followed.get(docName)
    if (!followed) return
    followed.applying = followed.applying.then(async () => {
      const after = followed.seq
      try {
        const missing = await updatesAfter(this.options.db, docName, followed.seq)
        const live = this.options.loaded(docName)
        // Yjs skips what the document already has (this process's own updates among them).
        if (missing.length > 0 && missing[0]!.seq === followed.seq + 1) {
          // A row that does not apply is passed over (logged): nothing better holds it.
          for (const { seq, data } of missing) {
            this.apply(docName, seq, data)
            followed.seq = seq
          }
          return
        }
        if (missing.length === 0) {
          const state = await this.options.db.kysely.selectFrom('doc_states').select('last_seq').where('doc_name', '=', docName).executeTakeFirst()
          if (Number(state?.last_seq ?? 0) <= followed.seq) return
        }
        // A compaction folded what is missing into the state: take the state, then the log after it.
        const stored = await readDocumentPostgres(this.options.db, docName)
        if (stored.state) live?.applyFromCluster(stored.state)
        for (const update of stored.updates) live?.applyFromCluster(update)
        followed.seq = Math.max(followed.seq, stored.lastSeq)
      } catch (error) {
        this.options.log.warn('fanout.fill_failed', { doc: docName, error })
      } finally {
        if (followed.seq > after) this.options.log.info('fanout.filled', { doc: docName, reason, after, to: followed.seq })
        // What was held back behind the gap follows now; what the database brought is dropped.
        followed.taken = Math.max(followed.taken, followed.seq)
        this.takeEarly(docName, followed)
      }
    })
  }

  /**
   * Compares each followed document with its head in the database, and fills what a lost message
   * left out: what was stored by the last check and has not arrived since. (What was stored just
   * now is usually on its way.)
   */
  private async reconcile(): Promise<void> {
    if (this.followed.size === 0 || this.stopped) return
    try {
      const rows = await this.options.db.kysely.selectFrom('doc_heads').select(['doc_name', 'head']).where('doc_name', 'in', [...this.followed.keys()]).execute()
      for (const row of rows) {
        const followed = this.followed.get(row.doc_name)
        if (!followed) continue
        if (followed.headSeen !== null && followed.seq < followed.headSeen) this.fill(row.doc_name, 'behind the database')
        const head = Number(row.head)
        followed.headSeen = head > followed.seq ? head : null
      }
    } catch (error) {
      this.options.log.warn('fanout.reconcile_failed', { error })
    }
  }
}
