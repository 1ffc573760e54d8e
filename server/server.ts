import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'
import type { Hono } from 'hono'
import { WebSocketServer } from 'ws'
import type { Db } from '../db/connection.js'
import { createApp } from './app.js'
import { LoginThrottle } from './auth/login-throttle.js'
import type { AuthEnv } from './auth/middleware.js'
import { accessGuard } from './auth/access-guard.js'
import { requestSite } from './auth/request-site.js'
import { sessionAuthorizer } from './auth/socket-guard.js'
import { capConnectionsPerAddress } from './connection-cap.js'
import { firstAdmin } from './commands/first-admin.js'
import { ProgrammeEvents } from './programme-events.js'
import type { DocumentRegistry } from './collab/registry.js'
import type { Authorizer } from './collab/types.js'
import type { Config } from './config.js'
import { createLogger, type Logger } from './log.js'
import { exampleSeed } from './commands/example-seed.js'
import { openWorkspace } from './workspace.js'
import { openPostgresWorkspace } from './cluster/workspace.js'
import { clusterNotices } from './cluster/notices.js'
import { lockedRowsKeeper, touchesLockedRows } from './collab/locked-rows.js'

/** A started server; `close()` is the clean shutdown (stop accepting, flush, close the database). */
export interface RunningServer {
  readonly url: string
  readonly port: number
  readonly app: Hono<AuthEnv>
  readonly db: Db
  readonly registry: DocumentRegistry
  readonly log: Logger
  close(): Promise<void>
}

/**
 * Opens the database, migrates it, and listens. Used by `server/main.ts` and by the tests (with
 * `port: 0` and a temporary `dataDir`).
 */
export async function startServer(config: Config, options: { log?: Logger; authorize?: Authorizer } = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger(config.logLevel)
  const workspace = config.databaseUrl ? await openPostgresWorkspace({ ...config, databaseUrl: config.databaseUrl }, log) : { ...(await openWorkspace(config, log)), fanout: null }
  const { db, registry, metrics } = workspace
  await firstAdmin(db, log, { email: config.adminEmail, password: config.adminPassword })
  const guard = accessGuard(db, registry, log, config.accessRecheckMs)
  if (config.seedExample) {
    // A convenience for a first start: a failure is reported, not fatal.
    await exampleSeed(workspace).catch((error: unknown) => log.error('example.failed', { error }))
  }
  const events = new ProgrammeEvents()
  // Several processes: each one's access changes, events and locks reach the others.
  const access = workspace.fanout ? clusterNotices(workspace.fanout, { access: guard, events, locks: workspace.locks }) : guard
  const site = requestSite(config.trustProxy)
  const app = createApp({
    db,
    registry,
    metrics,
    log,
    authorize: options.authorize ?? sessionAuthorizer(db, site),
    limits: {
      maxPendingBytes: config.maxMessageBytes,
      maxBufferedBytes: config.maxBufferedBytes,
      guard: (name, doc, update) => {
        const periods = workspace.locks.of(name)
        return touchesLockedRows(doc, update, periods) ? { reason: 'a locked financial period', amend: lockedRowsKeeper(doc, periods) } : null
      },
    },
    locks: workspace.locks,
    throttle: new LoginThrottle(),
    site,
    revoke: access.revoke,
    membershipChanged: access.membershipChanged,
    userChanged: access.userChanged,
    watchStream: guard.watchStream,
    events,
    startedAt: Date.now(),
  })
  // No compression: it would cost more CPU than it saves on small updates, and connections write
  // prepared frames under ws (see collab/outgoing.ts), which compression would have to frame itself.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes, perMessageDeflate: false })
  const server = createAdaptorServer({
    fetch: app.fetch,
    hostname: config.host,
    websocket: { server: wss },
    // Node checks these timeouts every `connectionsCheckingInterval` (30 s by default), so a socket
    // that sends headers a byte at a time was held ~80 s; check every second instead.
    serverOptions: { headersTimeout: config.headersTimeoutMs, requestTimeout: config.requestTimeoutMs, connectionsCheckingInterval: 1000 },
  })
  capConnectionsPerAddress(server as Server, config.maxConnectionsPerAddress, log)
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(config.port, config.host, () => resolve())
    })
  } catch (error) {
    await workspace.close()
    throw error
  }
  const port = (server.address() as AddressInfo).port
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
  workspace.serving(url)
  log.info('server.listening', { url, database: config.databaseUrl ? 'postgres' : config.databaseFile, fanout: workspace.fanout ? 'redis' : 'none' })

  let closing: Promise<void> | null = null
  const close = () =>
    (closing ??= (async () => {
      log.info('server.stopping')
      guard.stop()
      server.close()
      // Closes every socket with 1001, compacts and unloads every document, closes the database.
      await workspace.close()
      // Do not wait on clients that never answer the close handshake.
      await waitFor(() => wss.clients.size === 0, 1000)
      for (const socket of wss.clients) socket.terminate()
      wss.close()
      if ('closeAllConnections' in server) server.closeAllConnections()
      log.info('server.stopped')
    })())

  return { url, port, app, db, registry, log, close }
}

async function waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!done() && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
}
