import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { Db } from '../../db/connection.js'
import type { WatchedStream } from '../auth/access-guard.js'
import { requireProgramme, type AuthEnv } from '../auth/middleware.js'
import type { ProgrammeEvents } from '../programme-events.js'

const HEARTBEAT_MS = 25_000

/**
 * `GET /api/programmes/:id/events`: server-sent events of a programme's findings, responses,
 * actions, threads and comments, for every member on the sheet to see them within a second.
 * The first event, `ready`, tells a (re)connecting client to re-read everything: nothing is
 * missed across reconnects. Events carry ids only; content goes through the checked routes.
 * A revoked session or token, or access to the programme lost, ends the stream at once; the
 * browser's reconnection is then refused (401 or 404).
 */
export function eventRoutes({ db, events, watchStream }: { db: Db; events: ProgrammeEvents; watchStream: (stream: WatchedStream) => () => void }): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>()
  app.get('/:id/events', async (c) => {
    const { identity, programme } = await requireProgramme(c, db, c.req.param('id'))
    return streamSSE(c, async (stream) => {
      let sequence = 0
      const queue: Promise<void>[] = []
      const unsubscribe = events.subscribe(programme.id, (event) => {
        queue.push(stream.writeSSE({ event: 'change', id: String(++sequence), data: JSON.stringify(event) }))
      })
      let open = true
      let wake = () => {}
      // The reader went away, or the access guard ended the stream (session, token, membership or
      // role revoked): nothing more is sent, and the response ends now rather than at the next heartbeat.
      const end = () => {
        if (!open) return
        open = false
        unsubscribe()
        unwatch()
        wake()
      }
      const unwatch = watchStream({ programmeId: programme.id, userId: identity.user.id, credentialId: identity.credentialId, end })
      stream.onAbort(end)
      await stream.writeSSE({ event: 'ready', id: String(sequence), data: '{}' })
      while (open) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, HEARTBEAT_MS)
          wake = () => {
            clearTimeout(timer)
            resolve()
          }
        })
        // A comment line keeps proxies from closing an idle stream.
        if (open) await stream.write(': heartbeat\n\n')
      }
      await Promise.allSettled(queue)
    })
  })
  return app
}
