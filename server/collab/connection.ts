import { performance } from 'node:perf_hooks'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { WebSocket } from 'ws'
import { CloseCode } from '../../shared/protocol.js'
import type { Logger } from '../log.js'
import type { Metrics } from '../metrics.js'
import type { LiveDocument, Peer } from './live-document.js'
import type { EarlyReader } from './registry.js'
import { AwarenessGuard } from './awareness-guard.js'
import { awarenessMessage, decodeClientMessage, syncStep1Message, syncStep2FromUpdate, syncStep2Message, type ClientMessage } from './messages.js'
import { transportOf, type Outgoing, type Transport } from './outgoing.js'
import { CollabRefusal, type Access, type UpdateGuard } from './types.js'
import { UpdateAhead, checkUpdate } from './update-check.js'

export interface ConnectionLimits {
  /** Refuses updates that may not be applied (locked periods); absent: none refused. */
  guard?: UpdateGuard
  /** Bytes of incoming frames accepted before the document is loaded. */
  maxPendingBytes: number
  /** Bytes queued on the socket beyond which the client counts as stalled. */
  maxBufferedBytes: number
}

let nextConnectionId = 1

/**
 * One client socket on one document. Owns only the socket: it decodes frames, applies them to
 * its document, and sends what the document broadcasts. Frames that arrive while the document
 * loads are kept (up to a bound) and handled in order once it is ready.
 */
export class Connection implements Peer, EarlyReader {
  readonly id = nextConnectionId++
  readonly awarenessClients = new Set<number>()
  private readonly presence = new AwarenessGuard()
  private document: LiveDocument | null = null
  private pending: Uint8Array[] = []
  private pendingBytes = 0
  /** Frames that came while a sync answer waited for the database (PostgreSQL), handled after it. */
  private held: Uint8Array[] | null = null
  private heldBytes = 0
  private closed = false
  private refusedUpdates = 0
  /** Updates that came ahead of what the document holds, each answered with a sync request (logged once). */
  private askedForMissing = 0
  /** The state vector of the client's first sync request, read while the document loads. */
  firstRequest: Uint8Array | undefined
  /** That request was answered with the stored state: its answer after the load needs only what came since. */
  private answeredFromStore = false
  private readonly openedAt = Date.now()
  /** Where prepared frames are written (see {@link Outgoing}). */
  private readonly transport: Transport
  /** See {@link Peer.handlingSince}: set for every frame, before it is decoded. */
  handlingSince = 0

  constructor(
    private readonly socket: WebSocket,
    readonly docName: string,
    readonly access: Access,
    private readonly limits: ConnectionLimits,
    private readonly log: Logger,
    private readonly metrics: Metrics,
  ) {
    this.transport = transportOf(socket)
    metrics.connectionOpened()
    log.info('connection.opened', { conn: this.id, doc: docName, user: access.userId, readOnly: access.readOnly })
  }

  /** Joins the loaded document: sends our state vector and the current presence, then replays queued frames. */
  attach(document: LiveDocument): void {
    if (this.closed) return
    this.document = document
    // Joins after this turn's updates went out, so it receives none of them twice or uncommitted.
    document.flush()
    document.addPeer(this)
    this.send(syncStep1Message(document.doc))
    const present = [...document.awareness.getStates().keys()]
    if (present.length > 0) this.send(awarenessMessage(document.awareness, present))
    const queued = this.pending
    this.pending = []
    for (const frame of queued) if (!this.closed) this.handle(frame)
  }

  /** A frame from the socket (`isBinary` false: a text frame). */
  receive(data: Buffer, isBinary: boolean): void {
    if (this.closed) return
    if (!isBinary) {
      this.close(CloseCode.malformedMessage, 'text frames are not part of the protocol')
      return
    }
    // A copy of the frame alone: `data` may be a view of the socket's whole read, and Yjs keeps
    // views of an update's binary content in the document, which would keep that read alive.
    const frame = new Uint8Array(data)
    if (this.document && !this.held) {
      this.handle(frame)
      return
    }
    if (this.held) {
      // Behind a sync answer waiting for the database: kept in order, within the same bound.
      this.heldBytes += frame.byteLength
      if (this.heldBytes > this.limits.maxPendingBytes) return this.close(CloseCode.messageTooBig, 'too much data while a sync answer waited')
      this.held.push(frame)
      return
    }
    this.pendingBytes += frame.byteLength
    if (this.pendingBytes > this.limits.maxPendingBytes) {
      this.close(CloseCode.messageTooBig, 'too much data before the document was ready')
      return
    }
    this.pending.push(frame)
    if (this.firstRequest === undefined) this.firstRequest = firstSyncRequest(frame)
  }

  /** While the document loads: answers the first sync request with the stored state (see EarlyReader). */
  answerFromStore(state: Uint8Array): Promise<void> {
    const message = syncStep2FromUpdate(state)
    if (this.closed || this.document || !this.writable || this.transport.writableLength + message.byteLength > this.limits.maxBufferedBytes) return Promise.resolve()
    this.answeredFromStore = true
    return new Promise((resolve) => message.writeTo(this.transport, resolve))
  }

  send(message: Outgoing): void {
    if (this.closed || !this.writable) return
    // A client that stops reading must not make the server buffer without bound for it.
    if (this.transport.writableLength + message.byteLength > this.limits.maxBufferedBytes) {
      // The close frame queues behind the backlog; ws destroys the socket if the handshake never completes.
      this.close(CloseCode.slowConsumer, 'send buffer full')
      return
    }
    // No per-send callback: a failed write also fails the socket, which closes this connection;
    // and one closure per send and receiver defeated Node's batching of write completions.
    message.writeTo(this.transport)
  }

  /** Messages may be written: not once the closing handshake has begun (ws's own `send` refuses then too). */
  private get writable(): boolean {
    return this.socket.readyState === this.socket.OPEN
  }

  /** Closes the socket with a documented code; the document forgets this peer at once. */
  close(code: number, reason: string): void {
    if (this.closed) return
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, reason)
    }
    this.closedBySocket(code, reason)
  }

  /** The socket closed (by either side). */
  closedBySocket(code: number, reason = ''): void {
    if (this.closed) return
    this.closed = true
    this.pending = []
    this.document?.removePeer(this)
    this.metrics.connectionClosed(code)
    this.log.info('connection.closed', { conn: this.id, doc: this.docName, code, reason, ms: Date.now() - this.openedAt })
  }

  private handle(frame: Uint8Array): void {
    this.handlingSince = performance.now()
    let message: ClientMessage
    try {
      message = decodeClientMessage(frame)
    } catch (error) {
      this.refuse(error)
      return
    }
    try {
      this.apply(message)
    } catch (error) {
      this.refuse(error)
    }
  }

  private apply(message: ClientMessage): void {
    const document = this.document!
    switch (message.kind) {
      case 'sync-step-1': {
        // The answer is read from the document: commit (and broadcast) this turn's updates first;
        // where that takes the database a while (PostgreSQL), this connection's frames wait.
        const stored = document.whenStored()
        if (!stored) return this.answerSync(document, message.stateVector)
        this.held = []
        void stored.then(() => {
          if (this.closed) return
          this.answerSync(document, message.stateVector)
          const frames = this.held ?? []
          this.held = null
          this.heldBytes = 0
          this.replay(frames)
        })
        return
      }
      case 'update':
        if (this.access.readOnly) {
          // Logged once per connection: a read-only client retries its edits on every sync.
          if (this.refusedUpdates++ === 0) {
            this.log.warn('connection.update_refused', { conn: this.id, doc: this.docName, user: this.access.userId })
          }
          return
        }
        // Read once: reading the document counts as use (and wakes it if it sleeps).
        const doc = document.doc
        try {
          checkUpdate(doc, message.update)
        } catch (error) {
          if (!(error instanceof UpdateAhead)) throw error
          // Not applied, nothing lost: the client's answer to this sync request carries it with
          // what it builds on (y-websocket answers a sync request with everything we lack).
          if (this.askedForMissing++ === 0) this.log.info('connection.update_ahead', { conn: this.id, doc: this.docName })
          this.send(syncStep1Message(doc))
          return
        }
        const guarded = this.access.bypassLocks ? null : this.limits.guard?.(this.docName, doc, message.update)
        if (guarded) {
          this.log.warn('connection.update_amended', { conn: this.id, doc: this.docName, user: this.access.userId, reason: guarded.reason })
          // Not this peer as origin: the amended result must reach its author too.
          doc.transact(() => {
            Y.applyUpdate(doc, message.update)
            guarded.amend()
          }, { userId: this.access.userId })
          return
        }
        document.applyFrom(this, message.update)
        return
      case 'awareness': {
        // Entries of another person's clientIDs are dropped: nobody sets someone else's presence.
        const own = this.presence.ownEntries<Peer>(message.update, this, document)
        if (own) awarenessProtocol.applyAwarenessUpdate(document.awareness, own, this)
        return
      }
      case 'query-awareness':
        this.presence.query()
        this.send(awarenessMessage(document.awareness, [...document.awareness.getStates().keys()]))
        return
    }
  }

  private answerSync(document: LiveDocument, stateVector: Uint8Array): void {
    if (this.answeredFromStore) {
      // The client already has the stored state (it asked with an empty state vector).
      this.answeredFromStore = false
      this.send(syncStep2Message(document.doc, document.loadedStateVector))
    } else {
      this.send(syncStep2Message(document.doc, stateVector))
    }
  }

  /** Handles frames that waited, in order; a frame that waits again takes the rest with it. */
  private replay(frames: Uint8Array[]): void {
    for (let i = 0; i < frames.length; i++) {
      if (this.closed) return
      if (this.held) {
        this.held.push(...frames.slice(i))
        return
      }
      this.handle(frames[i]!)
    }
  }

  private refuse(error: unknown): void {
    // Already closed by its document (one that failed to wake while handling this frame).
    if (this.closed) return
    // A well-formed message over a limit (presence too large or too frequent) closes with its own code.
    if (error instanceof CollabRefusal) {
      this.log.warn('connection.over_limit', { conn: this.id, doc: this.docName, user: this.access.userId, code: error.code, reason: error.message })
      this.close(error.code, error.message)
      return
    }
    this.log.warn('connection.malformed', { conn: this.id, doc: this.docName, error })
    this.close(CloseCode.malformedMessage, 'malformed message')
  }
}

/** The state vector of a frame that is a sync request; undefined for any other frame (malformed ones are refused later, in order). */
function firstSyncRequest(frame: Uint8Array): Uint8Array | undefined {
  try {
    const message = decodeClientMessage(frame)
    return message.kind === 'sync-step-1' ? message.stateVector : undefined
  } catch {
    return undefined
  }
}
