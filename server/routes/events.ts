import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { Db } from '../../db/connection.js'
import { requireProgramme, type AuthEnv } from '../auth/middleware.js'
import type { ProgrammeEvents } from '../programme-events.js'

const HEARTBEAT_MS = 25_000

/**
 * `GET /api/programmes/:id/events`: server-sent events of a programme's findings, responses,
 * actions, threads and comments, for every member on the sheet to see them within a second.
 * The first event, `ready`, tells a (re)connecting client to re-read everything: nothing is
 * missed across reconnects. Events carry ids only; content goes through the checked routes.
 */
export function eventRoutes({ db, events }: { db: Db; events: ProgrammeEvents }): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>()
  app.get('/:id/events', async (c) => {
    const { programme } = await requireProgramme(c, db, c.req.param('id'))
    return streamSSE(c, async (stream) => {
      let sequence = 0
      const queue: Promise<void>[] = []
      const unsubscribe = events.subscribe(programme.id, (event) => {
        queue.push(stream.writeSSE({ event: 'change', id: String(++sequence), data: JSON.stringify(event) }))
      })
      stream.onAbort(unsubscribe)
      await stream.writeSSE({ event: 'ready', id: String(sequence), data: '{}' })
      while (!stream.aborted) {
        await stream.sleep(HEARTBEAT_MS)
        // A comment line keeps proxies from closing an idle stream.
        if (!stream.aborted) await stream.write(': heartbeat\n\n')
      }
      unsubscribe()
      await Promise.allSettled(queue)
    })
  })
  return app
}
