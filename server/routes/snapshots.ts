import { Hono } from 'hono'
import type { Db } from '../../db/connection.js'
import { insertAuditNote } from '../../db/repositories/audit.js'
import { listSnapshots, lockedPeriods, setPeriodLock } from '../../db/repositories/snapshots.js'
import { isPeriod } from '../../shared/period.js'
import { diffSheets } from '../../shared/sheet/diff.js'
import { renderSheet, type SheetJson } from '../../shared/sheet/render.js'
import { SHEET_SECTIONS } from '../../shared/sheet/schema.js'
import { requireProgramme, requireUser, type AuthEnv } from '../auth/middleware.js'
import type { PeriodLocks } from '../collab/period-locks.js'
import type { ProgrammeEvents } from '../programme-events.js'
import type { DocumentRegistry } from '../collab/registry.js'
import { snapshotRead, snapshotRestore, snapshotTake } from '../commands/snapshots.js'
import { badRequest, forbidden, notFound, validationFailed } from '../errors.js'
import { exportLanguage } from '../export/format.js'
import { exportRequest, sheetExport } from '../export/sheet-export.js'
import { bodyReader } from './input.js'
import { readJson } from './read-json.js'

type Deps = { db: Db; registry: DocumentRegistry; locks: PeriodLocks; events: ProgrammeEvents }

const iso = (ms: number) => new Date(Number(ms)).toISOString()

/**
 * Semester snapshots and automatic checkpoints: take (secretariat), list, read (checksum
 * verified), compare, restore (secretariat), export; and the lock of each snapshotted period's
 * financial row, which only the secretariat lifts, with a reason the audit log keeps.
 */
export function snapshotRoutes(deps: Deps): { programmes: Hono<AuthEnv>; snapshots: Hono<AuthEnv> } {
  const { db, registry, locks, events } = deps
  const programmes = new Hono<AuthEnv>()
  const snapshots = new Hono<AuthEnv>()

  programmes.post('/:id/snapshots', async (c) => {
    const { programme, identity } = await requireProgramme(c, db, c.req.param('id'))
    if (!identity.user.role) throw forbidden('forbidden.snapshot')
    const body = bodyReader(await readJson(c))
    const period = body.required('period', 6)
    if (!isPeriod(period)) throw validationFailed('input.period')
    const row = await snapshotTake(
      deps,
      programme.id,
      { period, label: body.text('label', { max: 200, optional: true }) || period, note: body.text('note', { optional: true }) ?? '', supersede: body.raw('supersede') === true },
      identity.user.id,
    )
    events.publish(programme.id, { kind: 'snapshot', id: row.id, op: 'created' })
    events.publish(programme.id, { kind: 'lock', id: period, op: 'updated' })
    return c.json({ snapshot: summary(row) }, 201)
  })

  programmes.get('/:id/snapshots', async (c) => {
    const { programme } = await requireProgramme(c, db, c.req.param('id'))
    const rows = await listSnapshots(db, programme.id)
    return c.json({
      semesters: rows.filter((r) => r.kind === 'semester').map(summary),
      checkpoints: rows.filter((r) => r.kind === 'checkpoint').map(summary),
      lockedPeriods: await lockedPeriods(db, programme.id),
    })
  })

  // from / to: snapshot ids or `now` (the live sheet); to defaults to now.
  programmes.get('/:id/diff', async (c) => {
    const { programme } = await requireProgramme(c, db, c.req.param('id'))
    const version = async (ref: string | undefined): Promise<SheetJson> => {
      if (!ref || ref === 'now') return registry.use(programme.id, (live) => renderSheet(live.doc))
      const snapshot = await snapshotRead(db, ref)
      if (!snapshot || snapshot.programme_id !== programme.id) throw notFound('notFound.version', { ref })
      return snapshot.sheet
    }
    const from = c.req.query('from')
    if (!from) throw badRequest('compare.from')
    return c.json({ from, to: c.req.query('to') ?? 'now', ...diffSheets(await version(from), await version(c.req.query('to'))) })
  })

  for (const [path, locked] of [['lock', true], ['unlock', false]] as const) {
    programmes.post(`/:id/periods/:period/${path}`, async (c) => {
      const { programme, identity } = await requireProgramme(c, db, c.req.param('id'))
      if (!identity.user.role) throw forbidden('forbidden.lock')
      const period = c.req.param('period')
      if (!isPeriod(period)) throw validationFailed('input.period')
      const reason = bodyReader(await readJson(c)).text('reason', { max: 1000, optional: !locked ? false : true }) ?? ''
      await setPeriodLock(db, programme.id, period, locked, identity.user.id, reason, Date.now())
      locks.set(programme.id, period, locked)
      events.publish(programme.id, { kind: 'lock', id: period, op: 'updated' })
      await insertAuditNote(db, { doc_name: programme.id, user_id: identity.user.id, field: `period:${period}`, note: reason || null, detail: { kind: 'lock', period, locked } }, Date.now())
      return c.json({ period, locked })
    })
  }

  snapshots.get('/:snapshotId', async (c) => {
    const snapshot = await readable(c)
    return c.json({ snapshot: { ...summary(snapshot), sheet: snapshot.sheet, followUp: JSON.parse(snapshot.follow_up_json), state: Buffer.from(snapshot.state).toString('base64') } })
  })

  snapshots.get('/:snapshotId/export', async (c) => {
    const snapshot = await readable(c)
    // A snapshot freezes the sheet, not its follow-up (which lives on): its exports hold the sheet alone.
    const { format, lang, table } = exportRequest((key) => c.req.query(key))
    const file = await sheetExport(snapshot.sheet, format, { lang: exportLanguage(lang, snapshot.sheet), table })
    const name = `${snapshot.programme_id}-${snapshot.period ?? 'checkpoint'}-${snapshot.id.slice(0, 8)}.${file.extension}`
    return c.body(file.body, 200, { 'Content-Type': file.contentType, 'Content-Disposition': `${format === 'html' ? 'inline' : 'attachment'}; filename="${name}"` })
  })

  snapshots.post('/:snapshotId/restore', async (c) => {
    const snapshot = await readable(c)
    const { user } = requireUser(c)
    if (!user.role) throw forbidden('forbidden.restore')
    const body = bodyReader(await readJson(c))
    const sections = body.raw('sections') === undefined ? null : body.stringList('sections', 40)
    const known = new Set<string>(SHEET_SECTIONS.map((s) => s.id))
    if (sections?.some((s) => !known.has(s))) throw validationFailed('restore.sections', { options: [...known].join(', ') })
    await snapshotRestore(deps, snapshot, sections, user.id)
    return c.json({ ok: true })
  })

  /** A snapshot the caller may read (its programme's members only; others get 404). */
  async function readable(c: Parameters<typeof requireUser>[0]) {
    const snapshot = await snapshotRead(db, c.req.param('snapshotId') ?? '')
    if (!snapshot) throw notFound('notFound.snapshot')
    await requireProgramme(c, db, snapshot.programme_id)
    return snapshot
  }

  return { programmes, snapshots }
}

function summary(row: { id: string; kind: string; period: string | null; label: string; note: string; created_by: string | null; created_at: number; superseded_by: string | null; checksum: string }) {
  return { id: row.id, kind: row.kind, period: row.period, label: row.label, note: row.note, createdBy: row.created_by, createdAt: iso(row.created_at), supersededBy: row.superseded_by, checksum: row.checksum }
}
