import { Hono } from 'hono'
import type { Db } from '../../db/connection.js'
import { membershipsOf } from '../../db/repositories/memberships.js'
import { listProgrammes } from '../../db/repositories/programmes.js'
import { requireProgramme, requireUser, type AuthEnv } from '../auth/middleware.js'
import { capabilities } from '../../shared/roles.js'
import { renderSheet } from '../../shared/sheet/render.js'
import type { DocumentRegistry } from '../collab/registry.js'
import { followUpOf } from '../commands/follow-up.js'
import { programmeCreate, parseProgrammeInput } from '../commands/programme-create.js'
import { programmeListing, programmeListingRefresh } from '../commands/programme-listing.js'
import { forbidden } from '../errors.js'
import { exportRequest, sheetExport } from '../export/sheet-export.js'
import { exportLanguage } from '../export/format.js'
import { presentProgramme } from '../presenters/programme.js'
import { readJson } from './read-json.js'

export interface ProgrammeRoutesOptions {
  db: Db
  registry: DocumentRegistry
}

/** `/api/programmes`: the list, creation, a sheet rendered from its live document, and its exports. */
export function programmeRoutes({ db, registry }: ProgrammeRoutesOptions): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>()

  app.get('/', async (c) => {
    const { user } = requireUser(c)
    // The secretariat and admins see every programme; everyone else only their own. Each item
    // says what the person may do there, so the client offers only that (import, edit).
    const mine = user.role ? null : new Map((await membershipsOf(db, [user.id])).map((m) => [m.programme_id, m.role]))
    const programmes = []
    for (const row of await listProgrammes(db)) {
      if (mine && !mine.has(row.id)) continue
      const access = capabilities(user.role, mine?.get(row.id) ?? null)
      // An awake sheet is listed live; a stored one from its summary, computed once if missing. A
      // sleeping sheet is its stored state, whose summary was refreshed when it was compacted: the
      // list does not wake every sheet open in an idle tab.
      const live = registry.get(row.id)
      const awake = live && !live.isAsleep ? live : null
      let listing = awake ? programmeListing(awake.doc, row) : null
      if (!awake && row.summary === null) {
        listing = await registry.use(row.id, (doc) => programmeListing(doc.doc, row))
        await programmeListingRefresh(db, row.id, listing)
      }
      const item = listing ? { ...presentProgramme(row, listing.summary), title: listing.title, country: listing.country } : presentProgramme(row)
      programmes.push({ ...item, access })
    }
    return c.json({ programmes })
  })

  app.post('/', async (c) => {
    const { user } = requireUser(c)
    if (!user.role) throw forbidden('forbidden.create')
    const input = parseProgrammeInput(await readJson(c))
    const row = await programmeCreate({ db, registry }, input, { userId: user.id })
    return c.json({ programme: presentProgramme(row) }, 201, { Location: `/api/programmes/${encodeURIComponent(row.id)}` })
  })

  app.get('/:id', async (c) => {
    const { programme: row, access } = await requireProgramme(c, db, c.req.param('id'))
    const sheet = await registry.use(row.id, (live) => renderSheet(live.doc))
    return c.json({ programme: presentProgramme(row), sheet, access })
  })

  app.get('/:id/export', async (c) => {
    const id = c.req.param('id')
    const { format, lang, table, followUp } = exportRequest((key) => c.req.query(key))
    // Whoever may read the sheet reads its follow-up too (GET /evaluations asks no more).
    const { programme: row } = await requireProgramme(c, db, id)
    const sheet = await registry.use(row.id, (live) => renderSheet(live.doc))
    const file = await sheetExport(sheet, format, { lang: exportLanguage(lang, sheet), table, followUp: followUp ? await followUpOf(db, row.id) : null })
    const name = `${row.code}${format === 'csv' ? `-${table}` : ''}.${file.extension}`
    return c.body(file.body, 200, {
      'Content-Type': file.contentType,
      // HTML opens in the browser to read and print; the others download.
      'Content-Disposition': `${format === 'html' ? 'inline' : 'attachment'}; filename="${name}"`,
    })
  })

  return app
}
