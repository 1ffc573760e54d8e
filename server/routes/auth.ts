import { getConnInfo } from '@hono/node-server/conninfo'
import { Hono } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import type { Db } from '../../db/connection.js'
import { insertSession, revokeSession, revokeUserSessions } from '../../db/repositories/sessions.js'
import { findUserByEmail, updateUserPassword } from '../../db/repositories/users.js'
import { SESSION_COOKIE, SESSION_IDLE_MS } from '../auth/identify.js'
import type { LoginThrottle } from '../auth/login-throttle.js'
import { requireUser, type AuthEnv } from '../auth/middleware.js'
import type { RequestSite } from '../auth/request-site.js'
import { DUMMY_HASH_PROMISE, hashPassword, passwordProblem, verifyPassword } from '../auth/password.js'
import { newSecret, secretHash } from '../auth/secrets.js'
import { ApiError, crossSite, tooManyRequests, unsupportedMediaType, validationFailed } from '../errors.js'
import { presentUser } from '../presenters/user.js'
import { readJson } from './read-json.js'

export interface AuthRoutesOptions {
  db: Db
  throttle: LoginThrottle
  site: RequestSite
  /** Closes the sockets opened with these credentials (sessions revoked). */
  revoke: (credentialIds: string[]) => void
}

/**
 * `/api/auth`: sign in (sets an HttpOnly SameSite=Lax cookie, Secure over https), sign out,
 * who am I, change password. A failed sign-in says the same for an unknown email and a wrong
 * password, and takes the same time.
 */
export function authRoutes({ db, throttle, site, revoke }: AuthRoutesOptions): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>()

  app.post('/login', async (c) => {
    const header = (name: string) => c.req.header(name)
    // A form on another site can post text/plain here without a preflight (login CSRF: signing the
    // victim into the attacker's account); JSON cannot be sent cross-site without our consent.
    if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
      throw unsupportedMediaType('request.mediaType')
    }
    const origin = c.req.header('origin')
    if (origin !== undefined && !site.isOwnOrigin(origin, c.req.url, header)) throw crossSite()
    const body = (await readJson(c)) as { email?: unknown; password?: unknown } | null
    const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : ''
    const password = typeof body?.password === 'string' ? body.password : ''
    if (!email || !password) throw validationFailed('auth.missing')
    // No address is longer (RFC 5321); the throttle keys on it, so a long one must not cost memory.
    if (email.length > 254) throw validationFailed('auth.emailLong')
    const started = throttle.begin(email, site.clientAddress(getConnInfo(c).remote.address, header))
    if ('wait' in started) {
      c.header('Retry-After', String(Math.ceil(started.wait / 1000)))
      throw tooManyRequests('auth.tooMany')
    }
    const user = await findUserByEmail(db, email)
    const valid = await verifyPassword(password, user?.password_hash ?? (await DUMMY_HASH_PROMISE))
    if (!user || !valid || user.disabled_at !== null) throw new ApiError(401, 'invalid_credentials', 'auth.invalid')
    throttle.succeeded(started.attempt)
    const secret = newSecret()
    const now = Date.now()
    const csrfToken = newSecret()
    await insertSession(db, { id: secretHash(secret), user_id: user.id, csrf_token: csrfToken, created_at: now, last_seen_at: now, expires_at: now + SESSION_IDLE_MS })
    setCookie(c, SESSION_COOKIE, secret, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: site.isHttps(c.req.url, header),
      path: '/',
      maxAge: SESSION_IDLE_MS / 1000,
    })
    return c.json({ user: presentUser(user), csrfToken })
  })

  app.post('/logout', async (c) => {
    const identity = c.get('identity')
    if (identity?.via === 'session') {
      await revokeSession(db, identity.credentialId, Date.now())
      revoke([identity.credentialId])
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' })
    return c.json({ ok: true })
  })

  app.get('/me', (c) => {
    const identity = requireUser(c)
    return c.json({ user: presentUser(identity.user), csrfToken: identity.csrfToken, via: identity.via })
  })

  app.post('/password', async (c) => {
    const identity = requireUser(c)
    const body = (await readJson(c)) as { currentPassword?: unknown; newPassword?: unknown } | null
    const current = typeof body?.currentPassword === 'string' ? body.currentPassword : ''
    if (!(await verifyPassword(current, identity.user.password_hash))) throw new ApiError(401, 'invalid_credentials', 'auth.currentWrong')
    const problem = passwordProblem(body?.newPassword)
    if (problem) throw validationFailed(problem)
    const now = Date.now()
    await updateUserPassword(db, identity.user.id, await hashPassword(body!.newPassword as string), now)
    // Every other session of this person ends: a changed password must lock out whoever had the old one.
    const others = await revokeUserSessions(db, identity.user.id, now, identity.via === 'session' ? identity.credentialId : undefined)
    revoke(others)
    return c.json({ ok: true })
  })

  return app
}
