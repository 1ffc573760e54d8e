import type { Db } from '../../db/connection.js'
import { membershipsOf } from '../../db/repositories/memberships.js'
import { liveCredentialIds } from '../../db/repositories/sessions.js'
import { findUsers } from '../../db/repositories/users.js'
import { CloseCode } from '../../shared/protocol.js'
import { capabilities } from '../../shared/roles.js'
import type { DocumentRegistry } from '../collab/registry.js'
import type { Access } from '../collab/types.js'
import type { Logger } from '../log.js'
import { socketAccess } from './socket-guard.js'

/** An open event stream of a programme, as the guard knows it; `end` closes it. */
export interface WatchedStream {
  programmeId: string
  userId: string
  credentialId: string
  end(): void
}

/** One live use of a credential, socket or event stream: what every revocation path acts on. */
interface Subscriber {
  programmeId: string
  userId: string | null
  credentialId: string | null
  /** A socket's access, decided at its upgrade: a different one now makes it reconnect. Null for a stream, which only reads. */
  granted: Access | null
  close(code: CloseCode, reason: string): void
}

/** Which subscribers a change concerns: one person's, on one programme or on all. */
interface Scope {
  userId: string
  programmeId?: string
}

/**
 * The one place that knows every live subscriber (sync sockets through the registry, event
 * streams as they register) and keeps them in line with what the database says: a revoked
 * session or token closes them (4401), an ended membership or global role closes them (4403), a
 * changed access reconnects a socket (4509) so that its upgrade decides afresh. The API awaits
 * this before answering the request that made the change; every `intervalMs` it catches what
 * changed elsewhere (the admin command, expiry).
 */
export function accessGuard(db: Db, registry: DocumentRegistry, log: Logger, intervalMs: number) {
  const streams = new Set<WatchedStream>()

  function* subscribers(): Generator<Subscriber> {
    for (const { docName, peer } of registry.peers()) {
      const { userId, credentialId } = peer.access
      yield { programmeId: docName, userId, credentialId, granted: peer.access, close: (code, reason) => peer.close(code, reason) }
    }
    for (const stream of streams) yield { ...stream, granted: null, close: () => stream.end() }
  }

  const matching = (scope?: Scope) =>
    [...subscribers()].filter(
      (s) => s.userId !== null && (!scope || (s.userId === scope.userId && (scope.programmeId === undefined || s.programmeId === scope.programmeId))),
    )

  const revoke = (credentialIds: string[]) => {
    if (credentialIds.length === 0) return
    const ids = new Set(credentialIds)
    const doomed = [...subscribers()].filter((s) => s.credentialId !== null && ids.has(s.credentialId))
    for (const s of doomed) s.close(CloseCode.unauthenticated, 'signed out')
    if (doomed.length > 0) log.info('access.revoked', { closed: doomed.length })
  }

  // Four queries for all the subscribers, whatever their number: one query each would hold the
  // event loop (the SQLite driver is synchronous) for half a second with a few hundred sockets.
  const recheck = async (targets: Subscriber[]) => {
    if (targets.length === 0) return
    const unique = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))]
    const live = await liveCredentialIds(db, unique(targets.map((t) => t.credentialId)), Date.now())
    const users = new Map((await findUsers(db, unique(targets.map((t) => t.userId)))).map((u) => [u.id, u]))
    const roles = new Map((await membershipsOf(db, [...users.keys()])).map((m) => [`${m.programme_id}\u0000${m.user_id}`, m.role]))
    for (const target of targets) {
      const user = users.get(target.userId!)
      if (target.credentialId === null || !live.has(target.credentialId) || !user || user.disabled_at !== null) {
        target.close(CloseCode.unauthenticated, 'session ended')
        continue
      }
      const access = capabilities(user.role, roles.get(`${target.programmeId}\u0000${user.id}`) ?? null)
      if (!access.read) {
        target.close(CloseCode.forbidden, 'no longer allowed on this programme')
        continue
      }
      if (target.granted && !sameAccess(target.granted, socketAccess(user, access, target.credentialId))) {
        target.close(CloseCode.accessChanged, 'your role changed')
      }
    }
  }

  /** After the API changed someone's access: done when their subscribers are in line. */
  const changed = async (scope: Scope) => {
    const targets = matching(scope)
    try {
      await recheck(targets)
    } catch (error) {
      // Fail closed: reconnecting, they are authorised afresh; leaving them open could leave access the change removed.
      log.error('access.recheck_failed', { error, ...scope })
      for (const target of targets) target.close(CloseCode.accessChanged, 'your access changed')
    }
  }

  const timer = setInterval(() => recheck(matching()).catch((error: unknown) => log.error('access.recheck_failed', { error })), intervalMs)
  timer.unref()
  return {
    /** Closes the subscribers opened with these sessions or tokens (revoked). */
    revoke,
    /** Re-checks one person's subscribers on one programme after their membership changed. */
    membershipChanged: (programmeId: string, userId: string) => changed({ userId, programmeId }),
    /** Re-checks every subscriber of one person after their account changed (role, disabled, password reset). */
    userChanged: (userId: string) => changed({ userId }),
    /** Registers an open event stream; answers its unregistration. */
    watchStream: (stream: WatchedStream) => {
      streams.add(stream)
      return () => void streams.delete(stream)
    },
    stop: () => clearInterval(timer),
  }
}

/** Whether a socket opened with `granted` may do what `now` allows: edit or not, and bypass period locks or not. */
function sameAccess(granted: Access, now: Access): boolean {
  return granted.readOnly === now.readOnly && (granted.bypassLocks ?? false) === (now.bypassLocks ?? false)
}
