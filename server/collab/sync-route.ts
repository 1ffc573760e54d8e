import { upgradeWebSocket } from '@hono/node-server'
import { Hono } from 'hono'
import type { WebSocket } from 'ws'
import { CloseCode, isValidDocName } from '../../shared/protocol.js'
import type { Logger } from '../log.js'
import type { Metrics } from '../metrics.js'
import { Connection, type ConnectionLimits } from './connection.js'
import type { DocumentRegistry } from './registry.js'
import { CollabRefusal, type Access, type Authorizer } from './types.js'

export interface SyncRouteOptions {
  registry: DocumentRegistry
  authorize: Authorizer
  limits: ConnectionLimits
  log: Logger
  metrics: Metrics
}

/**
 * The y-websocket endpoint, mounted at `/sync`: `GET /sync/:docName` upgrades to a socket that
 * an unmodified `WebsocketProvider(origin + '/sync', docName, doc)` speaks to.
 *
 * Every upgrade is accepted; a refusal (unknown document, authorisation, failed load) is sent as a
 * close code, because the provider retries a refused upgrade forever but stops on 4400–4499.
 */
export function syncRoute(options: SyncRouteOptions): Hono {
  const app = new Hono()
  app.get(
    '/:docName',
    upgradeWebSocket(
      async (c) => {
        const docName = c.req.param('docName') ?? ''
        const verdict = await decide(options.authorize, docName, c.req.raw)
        let connection: Connection | null = null
        return {
          onOpen: (_event, ws) => {
            const socket = ws.raw as unknown as WebSocket
            if (verdict instanceof CollabRefusal) {
              options.log.info('connection.refused', { doc: docName, code: verdict.code, reason: verdict.message })
              socket.close(verdict.code, verdict.message)
              return
            }
            const conn = new Connection(socket, docName, verdict, options.limits, options.log, options.metrics)
            connection = conn
            // Frames are read from the socket itself, not through `onMessage`: the helper wraps each in
            // a MessageEvent around a fresh ArrayBuffer, an allocation and a copy per frame that made
            // a measurable share of the server's CPU per edit. Nothing is missed: frames are
            // delivered in later turns than this synchronous `onOpen`.
            socket.on('message', (data, isBinary) => conn.receive(data as Buffer, isBinary))
            // Attaching reads the document, which may have to be woken (and fail to be) first.
            options.registry
              .open(docName, conn)
              .then((live) => conn.attach(live))
              .catch((error: unknown) =>
                error instanceof CollabRefusal
                  ? conn.close(error.code, error.message)
                  : conn.close(CloseCode.loadFailed, 'document could not be loaded'),
              )
          },
          onClose: (event) => connection?.closedBySocket(event.code, event.reason),
          onError: (event) => options.log.warn('connection.error', { doc: docName, error: (event as ErrorEvent).error }),
        }
      },
      { onError: (error) => options.log.error('connection.handler_failed', { error }) },
    ),
  )
  return app
}

async function decide(authorize: Authorizer, docName: string, request: Request): Promise<Access | CollabRefusal> {
  if (!isValidDocName(docName)) return new CollabRefusal(CloseCode.unknownDocument, 'invalid document name')
  try {
    return await authorize({ docName, request })
  } catch (error) {
    if (error instanceof CollabRefusal) return error
    throw error
  }
}
