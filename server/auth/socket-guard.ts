import type { Db } from '../../db/connection.js'
import type { UserRow } from '../../db/schema.js'
import type { Capabilities } from '../../shared/roles.js'
import { CloseCode } from '../../shared/protocol.js'
import { CollabRefusal, type Access, type Authorizer } from '../collab/types.js'
import { programmeAccess } from './access.js'
import { identify } from './identify.js'
import type { RequestSite } from './request-site.js'

/**
 * The socket's authorisation at the upgrade: who (cookie or `?token=`), and what they may do on
 * this programme. No identity → 4401; not a member (or an unknown programme, undisclosed) → 4403;
 * a member who may not edit → a read-only connection.
 */
export function sessionAuthorizer(db: Db, site: RequestSite): Authorizer {
  return async ({ docName, request }) => {
    const url = new URL(request.url)
    const cookies = parseCookies(request.headers.get('cookie') ?? '')
    const identity = await identify(db, {
      header: (name) => request.headers.get(name) ?? undefined,
      cookie: (name) => cookies.get(name),
      query: (name) => url.searchParams.get(name) ?? undefined,
    }, { allowQueryToken: true })
    if (!identity) throw new CollabRefusal(CloseCode.unauthenticated, 'sign in first')
    // A page on another site can open a socket here and the browser would send our cookie with it
    // (browsers always send Origin on a WebSocket; `null` and garbage are not ours either).
    const origin = request.headers.get('origin')
    if (identity.via === 'session' && origin !== null && !site.isOwnOrigin(origin, request.url, (name) => request.headers.get(name))) {
      throw new CollabRefusal(CloseCode.forbidden, 'cross-site socket refused')
    }
    const access = await programmeAccess(db, identity.user, docName)
    if (!access.read) throw new CollabRefusal(CloseCode.forbidden, 'not a member of this programme')
    return socketAccess(identity.user, access, identity.credentialId)
  }
}

/** What a person's socket may do on a programme: one rule for the upgrade and for the access guard's recheck. */
export function socketAccess(user: UserRow, access: Capabilities, credentialId: string | null): Access {
  // Global roles may change locked financial periods (the secretariat closes and corrects them).
  return { userId: user.id, credentialId, readOnly: !access.edit, bypassLocks: user.role !== null }
}

function parseCookies(header: string): Map<string, string> {
  const cookies = new Map<string, string>()
  for (const part of header.split(';')) {
    const index = part.indexOf('=')
    if (index > 0) cookies.set(part.slice(0, index).trim(), decodeURIComponent(part.slice(index + 1).trim()))
  }
  return cookies
}
