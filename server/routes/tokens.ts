import { Hono } from 'hono'
import type { Db } from '../../db/connection.js'
import { insertApiToken, listUserTokens, revokeApiToken } from '../../db/repositories/api-tokens.js'
import { requireUser, type AuthEnv } from '../auth/middleware.js'
import { TOKEN_PREFIX, newId, newSecret, secretHash } from '../auth/secrets.js'
import { notFound, validationFailed } from '../errors.js'
import { readJson } from './read-json.js'

/**
 * `/api/tokens`: personal API tokens for scripts and the benchmark. The secret is shown once, at
 * creation; only its hash is stored. A token acts as its owner, with the owner's roles.
 */
export function tokenRoutes({ db, revoke }: { db: Db; revoke: (credentialIds: string[]) => void }): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>()

  app.get('/', async (c) => {
    const identity = requireUser(c)
    const tokens = await listUserTokens(db, identity.user.id)
    return c.json({
      tokens: tokens.map((t) => ({
        id: t.id,
        name: t.name,
        createdAt: new Date(Number(t.created_at)).toISOString(),
        lastUsedAt: t.last_used_at === null ? null : new Date(Number(t.last_used_at)).toISOString(),
        revoked: t.revoked_at !== null,
      })),
    })
  })

  app.post('/', async (c) => {
    const identity = requireUser(c)
    const body = (await readJson(c)) as { name?: unknown } | null
    const name = typeof body?.name === 'string' ? body.name.trim() : ''
    if (name === '' || name.length > 100) throw validationFailed('token.name')
    const token = await createApiToken(db, identity.user.id, name)
    return c.json(token, 201)
  })

  app.delete('/:id', async (c) => {
    const identity = requireUser(c)
    const id = c.req.param('id')
    if (!(await revokeApiToken(db, id, identity.user.id, Date.now()))) throw notFound('notFound.token', { id })
    revoke([id])
    return c.json({ ok: true })
  })

  return app
}

/** Creates a token for a user; the answer holds the only copy of its secret. */
export async function createApiToken(db: Db, userId: string, name: string): Promise<{ id: string; name: string; token: string }> {
  const token = TOKEN_PREFIX + newSecret()
  const id = newId()
  await insertApiToken(db, { id, user_id: userId, name, token_hash: secretHash(token), created_at: Date.now() })
  return { id, name, token }
}
