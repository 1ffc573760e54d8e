import type { Context } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { Db } from '../../db/connection.js'
import type { PeriodLocks } from '../collab/period-locks.js'
import type { DocumentRegistry } from '../collab/registry.js'
import { requireUser, type AuthEnv } from '../auth/middleware.js'
import { sheetImport, type ImportIdentity } from '../commands/sheet-import.js'
import { ApiError, badRequest } from '../errors.js'

/** The largest file accepted; a Word sheet saved as text is ~10–100 KB. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024

const IDENTITY_KEYS = ['code', 'title', 'country', 'window', 'language'] as const

/**
 * `POST /api/import`: one fact sheet as the request body (text, HTML or our JSON export) or as
 * the `file` field of a multipart form. Identity for sources that lack it comes from the query
 * or the form (`code`, `title`, `country`, `window`, `language`). Answers
 * `{programmeId, created, report}`: 201 when it created the sheet, 200 when it updated one.
 */
export function importRoutes(deps: { db: Db; registry: DocumentRegistry; locks: PeriodLocks }): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>()
  app.post(
    '/',
    bodyLimit({
      maxSize: MAX_IMPORT_BYTES,
      onError: () => {
        throw new ApiError(413, 'too_large', 'import.tooLarge', { bytes: MAX_IMPORT_BYTES })
      },
    }),
    async (c) => {
      const { user } = requireUser(c)
      const { source, identity } = await readSource(c)
      if (source.trim() === '') throw badRequest('import.noContent')
      const result = await sheetImport(deps, source, identity, user)
      return c.json(result, result.created ? 201 : 200)
    },
  )
  return app
}

async function readSource(c: Context): Promise<{ source: string; identity: ImportIdentity }> {
  const identity: ImportIdentity = {}
  const take = (get: (key: string) => unknown) => {
    for (const key of IDENTITY_KEYS) {
      const value = get(key)
      if (typeof value === 'string' && value.trim() !== '') identity[key] = value
    }
  }
  take((key) => c.req.query(key))
  if ((c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
    const form = await c.req.parseBody()
    const file = form['file']
    if (!(file instanceof File)) throw badRequest('import.noFileField')
    take((key) => form[key])
    return { source: await file.text(), identity }
  }
  return { source: await c.req.text(), identity }
}
