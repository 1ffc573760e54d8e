import { Hono } from 'hono'
import type { Db } from '../../db/connection.js'
import { deleteMembership, listMembers, upsertMembership } from '../../db/repositories/memberships.js'
import { findUserByEmail } from '../../db/repositories/users.js'
import { PROGRAMME_ROLES, type ProgrammeRole } from '../../shared/roles.js'
import { requireProgramme, type AuthEnv } from '../auth/middleware.js'
import { notFound, validationFailed } from '../errors.js'
import { readJson } from './read-json.js'

/**
 * `/api/programmes/:id/members`: who belongs to a programme and in which role. Members read the
 * list; secretariat and admin change it. Removing someone closes their open sockets and event
 * streams on the programme.
 */
export function memberRoutes({ db, membershipChanged }: { db: Db; membershipChanged: (programmeId: string, userId: string) => Promise<void> }): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>()

  app.get('/:id/members', async (c) => {
    const { programme } = await requireProgramme(c, db, c.req.param('id'))
    const members = await listMembers(db, programme.id)
    return c.json({ members: members.map((m) => ({ userId: m.user_id, email: m.email, name: m.name, role: m.role })) })
  })

  app.put('/:id/members', async (c) => {
    const { programme } = await requireProgramme(c, db, c.req.param('id'), 'manageMembers')
    const body = (await readJson(c)) as { email?: unknown; role?: unknown } | null
    const role = body?.role
    if (typeof role !== 'string' || !(PROGRAMME_ROLES as readonly string[]).includes(role)) {
      throw validationFailed('input.oneOf', { field: 'role', options: PROGRAMME_ROLES.join(', ') })
    }
    const user = typeof body?.email === 'string' ? await findUserByEmail(db, body.email) : undefined
    if (!user) throw notFound('notFound.accountEmail')
    await upsertMembership(db, programme.id, user.id, role as ProgrammeRole, Date.now())
    // A changed role (e.g. coordinator → viewer) applies to open sockets before the answer.
    await membershipChanged(programme.id, user.id)
    return c.json({ member: { userId: user.id, email: user.email, name: user.name, role } })
  })

  app.delete('/:id/members/:userId', async (c) => {
    const { programme } = await requireProgramme(c, db, c.req.param('id'), 'manageMembers')
    const userId = c.req.param('userId')
    if (!(await deleteMembership(db, programme.id, userId))) throw notFound('notFound.member')
    await membershipChanged(programme.id, userId)
    return c.json({ ok: true })
  })

  return app
}
