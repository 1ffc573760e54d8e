import { Hono } from 'hono'
import { sql } from 'kysely'
import type { Db } from '../db/connection.js'
import type { ConnectionLimits } from './collab/connection.js'
import type { DocumentRegistry } from './collab/registry.js'
import { syncRoute } from './collab/sync-route.js'
import type { Authorizer } from './collab/types.js'
import { ApiError } from './errors.js'
import type { Logger } from './log.js'
import type { Metrics } from './metrics.js'
import { clientRoutes } from './routes/client.js'
import { importRoutes } from './routes/import.js'
import { programmeRoutes } from './routes/programmes.js'

export interface AppDeps {
  db: Db
  registry: DocumentRegistry
  metrics: Metrics
  log: Logger
  authorize: Authorizer
  limits: ConnectionLimits
  startedAt: number
}

/**
 * The Hono app: `/api/*` (JSON) and `/sync/:docName` (y-websocket). Errors are answered in one
 * place as `{error: {code, message}}`.
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono()

  app.get('/api/health', async (c) => {
    await sql`select 1`.execute(deps.db.kysely)
    return c.json({
      status: 'ok',
      uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
      documentsLoaded: deps.registry.size,
      connections: deps.metrics.connections,
    })
  })

  app.get('/api/metrics', (c) =>
    c.text(deps.metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }),
  )

  app.route('/api/programmes', programmeRoutes(deps))
  app.route('/api/import', importRoutes(deps))
  app.route('/sync', syncRoute(deps))

  // Unknown API paths answer JSON; everything else that is a GET belongs to the web client.
  app.all('/api/*', (c) => c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404))
  app.route('/', clientRoutes())
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404))

  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json({ error: { code: error.code, message: error.message } }, error.status)
    deps.log.error('request.failed', { method: c.req.method, path: c.req.path, error })
    return c.json({ error: { code: 'internal', message: 'internal server error' } }, 500)
  })

  return app
}
