import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

// Many providers in one process each add listeners to `process`.
process.setMaxListeners(0)

export interface Client {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Resolves when the provider has synced with the server. */
  synced(): Promise<void>
  destroy(): void
}

/**
 * An unmodified y-websocket provider in Node. `disableBc` matters: Node has a global
 * BroadcastChannel, and providers in one process would otherwise sync without the server.
 */
export function connectClient(
  server: { syncUrl: string; token: string },
  docName: string,
  doc: Y.Doc = new Y.Doc(),
  options: { params?: Record<string, string> } = {},
): Client {
  // The token travels as `?token=`: a browser cannot set headers on a WebSocket.
  const provider = new WebsocketProvider(server.syncUrl, encodeURIComponent(docName), doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: options.params ?? { token: server.token },
  })
  return {
    doc,
    provider,
    synced: () =>
      provider.synced
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const onSync = (isSynced: boolean) => {
              if (!isSynced) return
              provider.off('sync', onSync)
              resolve()
            }
            provider.on('sync', onSync)
          }),
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

/**
 * The clients a test file opens on one server, destroyed together.
 *
 * @example
 * const { connect, destroyAll } = trackedClients(() => server)
 * afterEach(destroyAll)
 * const a = connect('MDGF-2081')
 */
export function trackedClients(server: () => { syncUrl: string; token: string }): {
  connect(docName: string, doc?: Y.Doc): Client
  destroyAll(): void
} {
  const open: Client[] = []
  return {
    connect(docName, doc) {
      const client = connectClient(server(), docName, doc)
      open.push(client)
      return client
    },
    destroyAll() {
      for (const client of open.splice(0)) client.destroy()
    },
  }
}

/** Polls `condition` until it holds or `timeoutMs` passes (then throws with `what`). */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** A raw WebSocket to the sync endpoint, for sending frames no provider would send. */
export async function openRawSocket(
  syncUrl: string,
  docName: string,
  token: string,
): Promise<{ socket: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
  const socket = new WebSocket(`${syncUrl}/${encodeURIComponent(docName)}?token=${encodeURIComponent(token)}`)
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  socket.on('error', () => {})
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  return { socket, closed }
}

/** Same state: identical encoded state vectors and identical content. */
export function sameState(a: Y.Doc, b: Y.Doc): boolean {
  return Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b)))
}

/** A real server-sent events reader over fetch streaming: what it received, and whether the server ended it. */
export interface EventStream {
  readonly received: string
  readonly ended: boolean
  close(): void
}

export async function openEvents(url: string, headers: Record<string, string>): Promise<EventStream> {
  const controller = new AbortController()
  const response = await fetch(url, { headers, signal: controller.signal })
  if (response.status !== 200) throw new Error(`the event stream answered ${response.status}`)
  if (!response.headers.get('content-type')?.includes('text/event-stream')) throw new Error(`not an event stream: ${response.headers.get('content-type')}`)
  const reader = response.body!.getReader()
  const stream = { received: '', ended: false, close: () => controller.abort() }
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      stream.received += new TextDecoder().decode(value)
    }
    stream.ended = true
  })().catch(() => undefined)
  await waitUntil(() => stream.received.includes('event: ready'), 'the stream to open')
  return stream
}
