import { Hono } from 'hono'
import type { Db } from '../../db/connection.js'
import { findProgramme, listProgrammes } from '../../db/repositories/programmes.js'
import { renderSheet } from '../../shared/sheet/render.js'
import type { DocumentRegistry } from '../collab/registry.js'
import { programmeCreate, parseProgrammeInput } from '../commands/programme-create.js'
import { notFound } from '../errors.js'
import { presentProgramme } from '../presenters/programme.js'
import { readJson } from './read-json.js'

export interface ProgrammeRoutesOptions {
  db: Db
  registry: DocumentRegistry
}

/** `/api/programmes`: the list, creation, and a sheet rendered from its live document. */
export function programmeRoutes({ db, registry }: ProgrammeRoutesOptions): Hono {
  const app = new Hono()

  app.get('/', async (c) => {
    const rows = await listProgrammes(db)
    return c.json({ programmes: rows.map(presentProgramme) })
  })

  app.post('/', async (c) => {
    const input = parseProgrammeInput(await readJson(c))
    const row = await programmeCreate({ db, registry }, input)
    return c.json({ programme: presentProgramme(row) }, 201, { Location: `/api/programmes/${encodeURIComponent(row.id)}` })
  })

  app.get('/:id', async (c) => {
    const id = c.req.param('id')
    const row = await findProgramme(db, id)
    if (!row) throw notFound(`programme ${id}`)
    const sheet = await registry.use(row.id, (live) => renderSheet(live.doc))
    return c.json({ programme: presentProgramme(row), sheet })
  })

  return app
}
