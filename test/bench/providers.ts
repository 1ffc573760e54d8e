/** Real, unmodified y-websocket providers in Node, as the benchmark's editors and readers use them. */
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'

/** A provider for `sheet` on `syncBase`; `disableBc`, or providers of one process would sync without the server. */
export function openProvider(syncBase: string, token: string | null, sheet: string, doc: Y.Doc): WebsocketProvider {
  return new WebsocketProvider(syncBase, encodeURIComponent(sheet), doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: token ? { token } : {},
  })
}

/** Resolves once the provider has synced with the server; rejects after `timeoutMs`. */
export function synced(provider: WebsocketProvider, timeoutMs = 60_000): Promise<void> {
  if (provider.synced) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`provider for ${provider.roomname} did not sync in ${timeoutMs / 1000} s`)), timeoutMs)
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return
      clearTimeout(timer)
      provider.off('sync', onSync)
      resolve()
    }
    provider.on('sync', onSync)
  })
}
