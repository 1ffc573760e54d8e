import { Hono } from 'hono'
import type { Db } from '../../db/connection.js'
import { revokeUserCredentials } from '../../db/repositories/sessions.js'
import { findUser, findUserByEmail, insertUser, listUsers, setUserDisabled, updateUserPassword, updateUserRole } from '../../db/repositories/users.js'
import { GLOBAL_ROLES, type GlobalRole } from '../../shared/roles.js'
import { requireAdmin, requireUser, type AuthEnv } from '../auth/middleware.js'
import { generatePassword, hashPassword, passwordProblem } from '../auth/password.js'
import { newId } from '../auth/secrets.js'
import { conflict, forbidden, notFound, validationFailed } from '../errors.js'
import { presentUser } from '../presenters/user.js'
import { readJson } from './read-json.js'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/**
 * `/api/users`: accounts. The admin creates, disables and resets them; secretariat may list them
 * (to add members by email). A generated password is answered once and never stored in clear.
 * A change applies to the person's open sockets and event streams before the answer.
 */
export function userRoutes({ db, userChanged }: { db: Db; userChanged: (userId: string) => Promise<void> }): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>()

  app.get('/', async (c) => {
    const identity = requireUser(c)
    if (!identity.user.role) throw forbidden('forbidden.accounts')
    return c.json({ users: (await listUsers(db)).map(presentUser) })
  })

  app.post('/', async (c) => {
    requireAdmin(c)
    const body = (await readJson(c)) as { email?: unknown; name?: unknown; role?: unknown; password?: unknown } | null
    const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : ''
    if (!EMAIL.test(email)) throw validationFailed('input.email')
    const name = typeof body?.name === 'string' && body.name.trim() ? body.name.trim() : email
    const role = parseRole(body?.role)
    const generated = body?.password === undefined
    const password = generated ? generatePassword() : body!.password
    const problem = passwordProblem(password)
    if (problem) throw validationFailed(problem)
    if (await findUserByEmail(db, email)) throw conflict('account.exists', { email })
    const user = await insertUser(db, { id: newId(), email, name, role, password_hash: await hashPassword(password as string) }, Date.now())
    return c.json({ user: presentUser(user), ...(generated ? { password } : {}) }, 201)
  })

  app.patch('/:id', async (c) => {
    requireAdmin(c)
    const user = await findUser(db, c.req.param('id'))
    if (!user) throw notFound('notFound.account')
    const body = (await readJson(c)) as { disabled?: unknown; role?: unknown } | null
    if (body?.role !== undefined) await updateUserRole(db, user.id, parseRole(body.role))
    if (typeof body?.disabled === 'boolean') {
      await setUserDisabled(db, user.id, body.disabled ? Date.now() : null)
      if (body.disabled) await revokeUserCredentials(db, user.id, Date.now())
    }
    // A role lowered or removed must not leave sockets writing (or bypassing period locks), nor
    // streams reading; a role raised reconnects the sockets (4509) so that they may edit.
    await userChanged(user.id)
    return c.json({ user: presentUser((await findUser(db, user.id))!) })
  })

  app.post('/:id/reset-password', async (c) => {
    requireAdmin(c)
    const user = await findUser(db, c.req.param('id'))
    if (!user) throw notFound('notFound.account')
    const password = generatePassword()
    await updateUserPassword(db, user.id, await hashPassword(password), Date.now())
    // A reset means the password may have leaked: whoever had it could have made tokens too.
    await revokeUserCredentials(db, user.id, Date.now())
    await userChanged(user.id)
    return c.json({ password })
  })

  return app
}

function parseRole(value: unknown): GlobalRole | null {
  if (value === undefined || value === null || value === 'none' || value === '') return null
  if (typeof value === 'string' && (GLOBAL_ROLES as readonly string[]).includes(value)) return value as GlobalRole
  throw validationFailed('input.globalRole', { options: GLOBAL_ROLES.join(', ') })
}
