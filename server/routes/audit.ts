import { Hono } from 'hono'
import type { Db } from '../../db/connection.js'
import { listAuditEntries } from '../../db/repositories/audit.js'
import { requireProgramme, type AuthEnv } from '../auth/middleware.js'
import { badRequest } from '../errors.js'
import { parseAuditDetail } from '../../shared/audit-detail.js'

/**
 * `GET /api/programmes/:id/audit?limit=&before=`: who changed which field of the sheet, from what
 * to what (`detail`, shared/audit-detail.ts), when — newest first, one entry per person and field
 * per burst of edits. `before` (ms) pages back.
 */
export function auditRoutes({ db }: { db: Db }): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>()
  app.get('/:id/audit', async (c) => {
    const { programme } = await requireProgramme(c, db, c.req.param('id'))
    const limit = Number(c.req.query('limit') ?? 100)
    const before = c.req.query('before')
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw badRequest('input.limit')
    if (before !== undefined && !/^\d+$/.test(before)) throw badRequest('input.before')
    const rows = await listAuditEntries(db, programme.id, { limit, ...(before ? { before: Number(before) } : {}) })
    return c.json({
      entries: rows.map((r) => ({
        field: r.field,
        user: r.user_id ? { id: r.user_id, name: r.user_name, email: r.user_email } : null,
        firstAt: new Date(Number(r.first_at)).toISOString(),
        lastAt: new Date(Number(r.last_at)).toISOString(),
        changes: r.changes,
        note: r.note,
        detail: parseAuditDetail(r.detail),
      })),
    })
  })
  return app
}
