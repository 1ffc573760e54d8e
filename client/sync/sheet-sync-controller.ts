import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { IndexeddbPersistence } from 'y-indexeddb'
import type { Awareness } from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { CloseCode, SYNC_PATH } from '../../shared/protocol.js'
import { localCopyName } from './local-copies.js'
import { changedFieldNames } from '../../shared/sheet/changes.js'
import { PendingChanges, UNNAMED_CHANGES } from './pending-changes.js'

/**
 * - `connecting`: first attempt, nothing known yet;
 * - `syncing`: the socket is open and the two sides are exchanging what the other lacks;
 * - `online`: in sync, edits travel as they are made;
 * - `offline`: no connection (the provider keeps retrying); edits stay in this browser.
 */
export type SyncStatus = 'connecting' | 'syncing' | 'online' | 'offline'

/** Why the server refused the sheet for good (a 44xx close: the provider stops reconnecting). */
export type SyncFailure = 'unknown-programme' | 'unauthenticated' | 'forbidden' | 'refused'

function failureOf(code: number): SyncFailure {
  switch (code) {
    case CloseCode.unknownDocument: return 'unknown-programme'
    case CloseCode.unauthenticated: return 'unauthenticated'
    case CloseCode.forbidden: return 'forbidden'
    default: return 'refused'
  }
}

/** The live parts of one open sheet; replaced as a whole when the host reconnects. */
export interface SheetSession {
  doc: Y.Doc
  awareness: Awareness
  provider: WebsocketProvider
  persistence: IndexeddbPersistence
}

/**
 * Owns one sheet's `Y.Doc` with its WebSocket provider and its IndexedDB copy for as long as the
 * host element is connected. Edits made offline are kept in IndexedDB across reloads and merge when
 * the socket syncs again; the host re-renders on every status or pending-count change.
 *
 * @example
 * class Page extends LitElement { sync = new SheetSyncController(this, 'MDGF-2081') }
 */
export class SheetSyncController implements ReactiveController {
  status: SyncStatus = 'connecting'
  /** Fields changed here while not in sync (ids as `changedFields` names them); empty once the server confirmed a full sync. */
  pending: string[] = []
  /** Set when the server closed with a permanent 44xx code; the sheet is then not editable. */
  failure: { reason: SyncFailure; code: number } | null = null
  /** True once IndexedDB has given back what this browser stored (or had nothing). */
  localLoaded = false
  session: SheetSession | null = null

  readonly #pending: PendingChanges
  #cleanups: (() => void)[] = []

  /**
   * @param options.onAccessChanged called when the server closed with 4509 (the person's role on
   *   the sheet changed); the provider reconnects by itself with the new access, the host re-reads it.
   */
  constructor(
    private readonly host: ReactiveControllerHost,
    readonly sheetId: string,
    private readonly options: { onAccessChanged?: () => void } = {},
  ) {
    this.#pending = new PendingChanges(sheetId)
    this.pending = this.#pending.fields
    host.addController(this)
  }

  hostConnected(): void {
    const doc = new Y.Doc()
    const persistence = new IndexeddbPersistence(localCopyName(this.sheetId), doc)
    const url = `${location.origin.replace(/^http/, 'ws')}${SYNC_PATH}`
    const provider = new WebsocketProvider(url, encodeURIComponent(this.sheetId), doc, { disableBc: false })
    this.session = { doc, awareness: provider.awareness, provider, persistence }
    this.status = navigator.onLine ? 'connecting' : 'offline'
    this.failure = null
    this.localLoaded = false

    const set = (changes: Partial<Pick<SheetSyncController, 'status' | 'pending' | 'localLoaded' | 'failure'>>) => {
      Object.assign(this, changes)
      this.host.requestUpdate()
    }
    const onUpdate = (_update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
      // Only this person's edits count; what the server or IndexedDB hands back is not "waiting".
      if (!tr.local || origin === provider || origin === persistence) return
      // In sync, an edit leaves at once. The browser may know the line is down before the provider does.
      if (provider.synced && this.status === 'online') return
      // A change outside every field we can name still waits: counted, unnamed.
      const fields = changedFieldNames(doc, tr)
      this.#pending.add(fields.length > 0 ? fields : [UNNAMED_CHANGES])
      set({ pending: this.#pending.fields })
    }
    const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
      if (status === 'connected') set({ status: 'syncing' })
      else if (status === 'disconnected') set({ status: 'offline' })
      // A retry after a failure stays "offline" until the socket actually opens.
      else if (this.status !== 'offline') set({ status: 'connecting' })
    }
    // A socket that never opened closes without a `status` event; this catches that case too.
    const onConnectionClose = (event: CloseEvent | null) => {
      set({ status: 'offline' })
      if (event?.code === CloseCode.accessChanged) this.options.onAccessChanged?.()
    }
    const onSync = (synced: boolean) => {
      if (synced) {
        this.#pending.clear()
        set({ status: 'online', pending: [] })
      } else if (provider.wsconnected) {
        set({ status: 'syncing' })
      }
    }
    const onClosed = (event: { code: number; reason: string }) => set({ status: 'offline', failure: { reason: failureOf(event.code), code: event.code } })
    const onLocalSynced = () => set({ localLoaded: true })
    // The browser often knows before the socket does. Its socket may linger half-dead for a long
    // time, so drop it and let the provider retry (with backoff) on a fresh one; when the network
    // returns, retry at once. A fresh socket means a full resync, which confirms pending edits.
    const onBrowserOffline = () => {
      set({ status: 'offline' })
      if (this.failure === null && provider.ws !== null) {
        provider.disconnect()
        provider.connect()
      }
    }
    const onBrowserOnline = () => {
      if (this.failure === null && !provider.wsconnected) provider.connect()
    }

    doc.on('update', onUpdate)
    provider.on('status', onStatus)
    provider.on('connection-close', onConnectionClose)
    provider.on('sync', onSync)
    provider.on('closed', onClosed)
    persistence.on('synced', onLocalSynced)
    window.addEventListener('offline', onBrowserOffline)
    window.addEventListener('online', onBrowserOnline)
    this.#cleanups = [
      () => window.removeEventListener('offline', onBrowserOffline),
      () => window.removeEventListener('online', onBrowserOnline),
      () => doc.off('update', onUpdate),
    ]
  }

  hostDisconnected(): void {
    for (const cleanup of this.#cleanups) cleanup()
    this.#cleanups = []
    const session = this.session
    this.session = null
    if (!session) return
    // The provider tells the others we left (awareness null) before its socket closes.
    session.provider.destroy()
    void session.persistence.destroy()
    session.doc.destroy()
  }
}
