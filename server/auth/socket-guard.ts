import type { Db } from '../../db/connection.js'
import { membershipsOf } from '../../db/repositories/memberships.js'
import { liveCredentialIds } from '../../db/repositories/sessions.js'
import { findUsers } from '../../db/repositories/users.js'
import { capabilities } from '../../shared/roles.js'
import { CloseCode } from '../../shared/protocol.js'
import type { DocumentRegistry } from '../collab/registry.js'
import { CollabRefusal, type Authorizer } from '../collab/types.js'
import type { Logger } from '../log.js'
import { programmeAccess } from './access.js'
import { identify } from './identify.js'

/**
 * The socket's authorisation at the upgrade: who (cookie or `?token=`), and what they may do on
 * this programme. No identity → 4401; not a member (or an unknown programme, undisclosed) → 4403;
 * a member who may not edit → a read-only connection.
 */
export function sessionAuthorizer(db: Db): Authorizer {
  return async ({ docName, request }) => {
    const url = new URL(request.url)
    const cookies = parseCookies(request.headers.get('cookie') ?? '')
    const identity = await identify(db, {
      header: (name) => request.headers.get(name) ?? undefined,
      cookie: (name) => cookies.get(name),
      query: (name) => url.searchParams.get(name) ?? undefined,
    }, { allowQueryToken: true })
    if (!identity) throw new CollabRefusal(CloseCode.unauthenticated, 'sign in first')
    // A page on another site can open a socket here and the browser would send our cookie with it.
    const origin = request.headers.get('origin')
    if (identity.via === 'session' && origin && new URL(origin).host !== (request.headers.get('host') ?? url.host)) {
      throw new CollabRefusal(CloseCode.forbidden, 'cross-site socket refused')
    }
    const access = await programmeAccess(db, identity.user, docName)
    if (!access.read) throw new CollabRefusal(CloseCode.forbidden, 'not a member of this programme')
    return { userId: identity.user.id, credentialId: identity.credentialId, readOnly: !access.edit, bypassLocks: identity.user.role !== null }
  }
}

/**
 * Keeps open sockets in line with what the database says: closes those whose session or token
 * was revoked (4401) or whose membership ended or changed (4403 / 4509), at once when the API
 * makes the change and every `intervalMs` for changes made elsewhere (the admin command, expiry).
 */
export function socketGuard(db: Db, registry: DocumentRegistry, log: Logger, intervalMs = 30_000) {
  const revoke = (credentialIds: string[]) => {
    if (credentialIds.length === 0) return
    const ids = new Set(credentialIds)
    const closed = registry.closePeers((_, peer) => peer.access.credentialId !== null && ids.has(peer.access.credentialId), CloseCode.unauthenticated, 'signed out')
    if (closed > 0) log.info('sockets.revoked', { closed })
  }

  // Four queries for all open sockets, whatever their number: one query per socket would hold
  // the event loop (the SQLite driver is synchronous) for half a second with a few hundred sockets.
  const recheck = async (only?: { programmeId: string; userId: string }) => {
    const targets = [...registry.peers()].filter(
      ({ docName, peer }) => peer.access.userId && (!only || (only.programmeId === docName && only.userId === peer.access.userId)),
    )
    if (targets.length === 0) return
    const unique = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))]
    const live = await liveCredentialIds(db, unique(targets.map((t) => t.peer.access.credentialId)), Date.now())
    const users = new Map((await findUsers(db, unique(targets.map((t) => t.peer.access.userId)))).map((u) => [u.id, u]))
    const roles = new Map((await membershipsOf(db, [...users.keys()])).map((m) => [`${m.programme_id}\u0000${m.user_id}`, m.role]))
    for (const { docName, peer } of targets) {
      const { userId, credentialId, readOnly } = peer.access
      const user = users.get(userId!)
      if (credentialId === null || !live.has(credentialId) || !user || user.disabled_at !== null) {
        peer.close(CloseCode.unauthenticated, 'session ended')
        continue
      }
      const access = capabilities(user.role, roles.get(`${docName}\u0000${user.id}`) ?? null)
      if (!access.read) peer.close(CloseCode.forbidden, 'no longer a member of this programme')
      else if (access.edit === readOnly) peer.close(CloseCode.accessChanged, 'your role changed')
    }
  }

  const userDisabled = (userId: string) => {
    registry.closePeers((_, peer) => peer.access.userId === userId, CloseCode.unauthenticated, 'account disabled or password reset')
  }

  const timer = setInterval(() => recheck().catch((error: unknown) => log.error('sockets.recheck_failed', { error })), intervalMs)
  timer.unref()
  return {
    revoke,
    userDisabled,
    /** Re-checks one person's sockets on one programme after their membership changed. */
    membershipChanged: (programmeId: string, userId: string) => {
      recheck({ programmeId, userId }).catch((error: unknown) => log.error('sockets.recheck_failed', { error }))
    },
    recheck,
    stop: () => clearInterval(timer),
  }
}

function parseCookies(header: string): Map<string, string> {
  const cookies = new Map<string, string>()
  for (const part of header.split(';')) {
    const index = part.indexOf('=')
    if (index > 0) cookies.set(part.slice(0, index).trim(), decodeURIComponent(part.slice(index + 1).trim()))
  }
  return cookies
}
