import type { PeriodLocks } from '../collab/period-locks.js'
import type { ProgrammeEvent, ProgrammeEvents } from '../programme-events.js'
import type { Fanout } from './fanout.js'

/** What the API tells the access guard when someone's access changes (see auth/access-guard.ts). */
export interface AccessChanges {
  revoke: (credentialIds: string[]) => void
  membershipChanged: (programmeId: string, userId: string) => Promise<void>
  userChanged: (userId: string) => Promise<void>
}

/**
 * Makes what one process decides reach every process: a sign-out or a role change closes or
 * reconnects that person's sockets and event streams wherever they are, a follow-up event reaches
 * every browser watching the programme, a locked period holds on every socket. Each process acts
 * at once on its own decisions and on the others' as their notices arrive; the access guard's
 * periodic check against the database covers a notice Redis lost.
 */
export function clusterNotices(fanout: Fanout, local: { access: AccessChanges; events: ProgrammeEvents; locks: PeriodLocks }): AccessChanges {
  const from = fanout.processId
  fanout.onNotices((notice) => {
    if (notice['from'] === from) return
    switch (notice.kind) {
      case 'revoke':
        if (Array.isArray(notice['credentialIds'])) local.access.revoke(notice['credentialIds'].filter((id): id is string => typeof id === 'string'))
        break
      case 'membership':
        if (typeof notice['programmeId'] === 'string' && typeof notice['userId'] === 'string') void local.access.membershipChanged(notice['programmeId'], notice['userId'])
        break
      case 'user':
        if (typeof notice['userId'] === 'string') void local.access.userChanged(notice['userId'])
        break
      case 'event':
        if (typeof notice['programmeId'] === 'string' && notice['event'] && typeof notice['event'] === 'object') local.events.deliver(notice['programmeId'], notice['event'] as ProgrammeEvent)
        break
      case 'lock':
        if (typeof notice['programmeId'] === 'string' && typeof notice['period'] === 'string' && typeof notice['locked'] === 'boolean') {
          local.locks.set(notice['programmeId'], notice['period'], notice['locked'], true)
        }
        break
    }
  })
  local.events.relay = (programmeId, event) => fanout.notify({ kind: 'event', from, programmeId, event })
  local.locks.relay = (programmeId, period, locked) => fanout.notify({ kind: 'lock', from, programmeId, period, locked })
  return {
    revoke: (credentialIds) => {
      local.access.revoke(credentialIds)
      fanout.notify({ kind: 'revoke', from, credentialIds })
    },
    membershipChanged: async (programmeId, userId) => {
      fanout.notify({ kind: 'membership', from, programmeId, userId })
      await local.access.membershipChanged(programmeId, userId)
    },
    userChanged: async (userId) => {
      fanout.notify({ kind: 'user', from, userId })
      await local.access.userChanged(userId)
    },
  }
}
