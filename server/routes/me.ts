import { Hono } from 'hono'
import type { Db } from '../../db/connection.js'
import { listActionsOf } from '../../db/repositories/evaluations.js'
import { findProgramme } from '../../db/repositories/programmes.js'
import { listOpenThreadsOf } from '../../db/repositories/threads.js'
import type { UserRow } from '../../db/schema.js'
import { todayIso } from '../../shared/evaluation.js'
import { programmeAccess } from '../auth/access.js'
import { requireUser, type AuthEnv } from '../auth/middleware.js'
import type { DocumentRegistry } from '../collab/registry.js'
import { presentAction } from '../presenters/evaluation.js'
import { presentThreads } from '../presenters/thread.js'

/**
 * `/api/me/threads` and `/api/me/actions`: across programmes, the open threads a person took part
 * in or was mentioned in, and the open actions they are responsible for — only on programmes they
 * may still read.
 */
export function meRoutes({ db, registry }: { db: Db; registry: DocumentRegistry }): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>()

  const readable = async (user: UserRow, programmeIds: string[]) => {
    const allowed = new Map<string, { code: string; title: string }>()
    for (const id of new Set(programmeIds)) {
      const programme = await findProgramme(db, id)
      if (programme && (await programmeAccess(db, user, id)).read) allowed.set(id, { code: programme.code, title: programme.title })
    }
    return allowed
  }

  app.get('/threads', async (c) => {
    const { user } = requireUser(c)
    const threads = await listOpenThreadsOf(db, user.id)
    const programmes = await readable(user, threads.map((t) => t.programme_id))
    const result = []
    for (const [id, programme] of programmes) {
      const own = threads.filter((t) => t.programme_id === id)
      for (const thread of await presentThreads(db, registry, id, own)) result.push({ programme: { id, ...programme }, ...thread })
    }
    return c.json({ threads: result })
  })

  app.get('/actions', async (c) => {
    const { user } = requireUser(c)
    const actions = await listActionsOf(db, user.id)
    const programmes = await readable(user, actions.map((a) => a.programme_id))
    const today = todayIso()
    return c.json({
      actions: actions.filter((a) => programmes.has(a.programme_id)).map((a) => ({ programme: { id: a.programme_id, ...programmes.get(a.programme_id)! }, ...presentAction(a, today) })),
    })
  })

  return app
}
