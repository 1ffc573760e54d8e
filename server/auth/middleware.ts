import type { Context, MiddlewareHandler } from 'hono'
import { timingSafeEqual } from 'node:crypto'
import type { Db } from '../../db/connection.js'
import { findProgramme } from '../../db/repositories/programmes.js'
import type { ProgrammeRow } from '../../db/schema.js'
import type { Capabilities, ProgrammeRole } from '../../shared/roles.js'
import { crossSite, csrfFailed, forbidden, notFound, unauthenticated } from '../errors.js'
import { programmeAccess } from './access.js'
import { fromContext, identify, type Identity } from './identify.js'
import type { RequestSite } from './request-site.js'

/** Hono environment of every /api route: the identity found for the request, if any. */
export type AuthEnv = { Variables: { identity: Identity | null } }

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Finds who is asking (session cookie or bearer token) and, for cookie-authenticated writes,
 * checks the CSRF token: a form on another site can make the browser send our cookie, but it
 * cannot read the token to echo it. Bearer tokens are not sent by browsers on their own. A
 * browser names the page's site in `Origin`: a foreign one is refused even with the token, in case
 * it leaked (our own pages always send ours; clients that send none are not browsers).
 */
export function authenticate(db: Db, site: RequestSite): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const identity = await identify(db, fromContext(c))
    if (identity?.via === 'session' && !SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin')
      if (origin !== undefined && !site.isOwnOrigin(origin, c.req.url, (name) => c.req.header(name))) throw crossSite()
      const sent = c.req.header('x-csrf-token') ?? ''
      if (!sameSecret(sent, identity.csrfToken ?? '')) throw csrfFailed()
    }
    c.set('identity', identity)
    await next()
  }
}

/** The signed-in identity, or 401. */
export function requireUser(c: Context<AuthEnv>): Identity {
  const identity = c.get('identity')
  if (!identity) throw unauthenticated()
  return identity
}

/** An admin (manages accounts), or 403. */
export function requireAdmin(c: Context<AuthEnv>): Identity {
  const identity = requireUser(c)
  if (identity.user.role !== 'admin') throw forbidden('forbidden.adminOnly')
  return identity
}

/**
 * The programme and what the signed-in user may do on it. A programme the user may not read
 * answers 404, the same as one that does not exist: its existence is not disclosed.
 */
export async function requireProgramme(
  c: Context<AuthEnv>,
  db: Db,
  id: string,
  need: keyof Capabilities = 'read',
): Promise<{ identity: Identity; programme: ProgrammeRow; access: Capabilities & { role: ProgrammeRole | null } }> {
  const identity = requireUser(c)
  const programme = await findProgramme(db, id)
  const access = programme ? await programmeAccess(db, identity.user, programme.id) : null
  if (!programme || !access?.read) throw notFound('notFound.programme', { code: id })
  if (!access[need]) throw forbidden('forbidden.role', { code: programme.code })
  return { identity, programme, access }
}

/** Headers for every response: the client runs under this policy. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next()
    c.header(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        "script-src 'self'",
        // Inline styles: remote-cursor colours and the HTML export's stylesheet.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    )
    c.header('X-Content-Type-Options', 'nosniff')
    c.header('Referrer-Policy', 'same-origin')
    c.header('X-Frame-Options', 'DENY')
    c.header('Cross-Origin-Opener-Policy', 'same-origin')
  }
}

/** Constant-time comparison of two secrets of any length. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right)
}
