import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { sql } from 'kysely'
import type { Db } from '../db/connection.js'
import type { WatchedStream } from './auth/access-guard.js'
import type { LoginThrottle } from './auth/login-throttle.js'
import type { RequestSite } from './auth/request-site.js'
import { authenticate, requireAdmin, securityHeaders, type AuthEnv } from './auth/middleware.js'
import type { ConnectionLimits } from './collab/connection.js'
import type { DocumentRegistry } from './collab/registry.js'
import { syncRoute } from './collab/sync-route.js'
import type { Authorizer } from './collab/types.js'
import { ApiError, notFound } from './errors.js'
import type { Logger } from './log.js'
import type { Metrics } from './metrics.js'
import type { ProgrammeEvents } from './programme-events.js'
import { auditRoutes } from './routes/audit.js'
import { evaluationRoutes } from './routes/evaluations.js'
import { eventRoutes } from './routes/events.js'
import { meRoutes } from './routes/me.js'
import { threadRoutes } from './routes/threads.js'
import { snapshotRoutes } from './routes/snapshots.js'
import type { PeriodLocks } from './collab/period-locks.js'
import { authRoutes } from './routes/auth.js'
import { clientRoutes } from './routes/client.js'
import { importRoutes } from './routes/import.js'
import { memberRoutes } from './routes/members.js'
import { programmeRoutes } from './routes/programmes.js'
import { tokenRoutes } from './routes/tokens.js'
import { userRoutes } from './routes/users.js'

/** Largest JSON body of the API (imports have their own, larger limit). */
const MAX_JSON_BYTES = 1024 * 1024

export interface AppDeps {
  db: Db
  registry: DocumentRegistry
  metrics: Metrics
  log: Logger
  authorize: Authorizer
  limits: ConnectionLimits
  throttle: LoginThrottle
  /** Proxy trust and origin comparison, for sign-in, CSRF and the socket. */
  site: RequestSite
  /** Closes the sockets and event streams opened with revoked sessions or tokens. */
  revoke: (credentialIds: string[]) => void
  /** Re-checks a person's sockets and event streams on a programme after their membership changed; done when they are in line. */
  membershipChanged: (programmeId: string, userId: string) => Promise<void>
  /** Re-checks every socket and event stream of a person after their account changed (role, disabled, password reset). */
  userChanged: (userId: string) => Promise<void>
  /** Registers an open event stream with the access guard, which ends it when its access goes; answers its unregistration. */
  watchStream: (stream: WatchedStream) => () => void
  /** Findings, responses, actions, threads and comments as they change (server-sent to clients). */
  events: ProgrammeEvents
  locks: PeriodLocks
  startedAt: number
}

/**
 * The Hono app: `/api/*` (JSON; every route checks who is asking), `/sync/:docName`
 * (y-websocket; the authoriser decides at the upgrade), and the web client. Errors are answered
 * in one place as `{error: {code, message}}`.
 */
export function createApp(deps: AppDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>()
  app.use('*', securityHeaders())
  app.use('/api/*', async (c, next) =>
    c.req.path === '/api/import'
      ? next()
      : bodyLimit({
          maxSize: MAX_JSON_BYTES,
          onError: () => {
            throw new ApiError(413, 'too_large', 'request.tooLarge', { bytes: MAX_JSON_BYTES })
          },
        })(c, next),
  )
  app.use('/api/*', authenticate(deps.db, deps.site))

  app.get('/api/health', async (c) => {
    await sql`select 1`.execute(deps.db.kysely)
    return c.json({ status: 'ok', uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000) })
  })

  app.get('/api/metrics', (c) => {
    requireAdmin(c)
    return c.text(deps.metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' })
  })

  app.route('/api/auth', authRoutes(deps))
  app.route('/api/tokens', tokenRoutes(deps))
  app.route('/api/users', userRoutes(deps))
  app.route('/api/programmes', programmeRoutes(deps))
  app.route('/api/programmes', memberRoutes(deps))
  app.route('/api/programmes', auditRoutes(deps))
  app.route('/api/programmes', evaluationRoutes(deps))
  app.route('/api/programmes', threadRoutes(deps))
  app.route('/api/programmes', eventRoutes(deps))
  app.route('/api/me', meRoutes(deps))
  const versions = snapshotRoutes(deps)
  app.route('/api/programmes', versions.programmes)
  app.route('/api/snapshots', versions.snapshots)
  app.route('/api/import', importRoutes(deps))
  app.route('/sync', syncRoute(deps))

  // Unknown API paths answer JSON; everything else that is a GET belongs to the web client.
  const noRoute = (c: Context) => c.json({ error: notFound('route.notFound', { method: c.req.method, path: c.req.path }) }, 404)
  app.all('/api/*', noRoute)
  app.route('/', clientRoutes())
  app.notFound(noRoute)

  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json({ error }, error.status)
    deps.log.error('request.failed', { method: c.req.method, path: c.req.path, error })
    return c.json({ error: new ApiError(500, 'internal', 'internal') }, 500)
  })

  return app
}
