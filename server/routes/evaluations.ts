import { Hono } from 'hono'
import type { Db } from '../../db/connection.js'
import {
  deleteFinding,
  findAction,
  findEvaluation,
  findFinding,
  insertAction,
  insertEvaluation,
  insertFinding,
  listActions,
  updateAction,
  updateEvaluation,
  updateFinding,
  upsertResponse,
} from '../../db/repositories/evaluations.js'
import { findUser } from '../../db/repositories/users.js'
import { ACTION_STATUSES, CRITERIA, DECISIONS, EVALUATION_KINDS, PRIORITIES, todayIso } from '../../shared/evaluation.js'
import { programmeAccess } from '../auth/access.js'
import { requireProgramme, type AuthEnv } from '../auth/middleware.js'
import { newId } from '../auth/secrets.js'
import { notFound, validationFailed } from '../errors.js'
import type { ProgrammeEvents } from '../programme-events.js'
import { followUpOf } from '../commands/follow-up.js'
import { presentAction } from '../presenters/evaluation.js'
import { bodyReader } from './input.js'
import { readJson } from './read-json.js'

/**
 * `/api/programmes/:id/evaluations`, `/findings`, `/actions`: evaluations and their findings
 * (evaluators write), the management response per recommendation and the improvement plan's key
 * actions (secretariat and coordinators write); every member reads. Each write is published to
 * the programme's event stream.
 */
export function evaluationRoutes({ db, events }: { db: Db; events: ProgrammeEvents }): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>()
  const now = () => Date.now()

  app.get('/:id/evaluations', async (c) => {
    const { programme } = await requireProgramme(c, db, c.req.param('id'))
    return c.json({ evaluations: await followUpOf(db, programme.id) })
  })

  app.post('/:id/evaluations', async (c) => {
    const { programme, identity } = await requireProgramme(c, db, c.req.param('id'), 'evaluate')
    const body = bodyReader(await readJson(c))
    const row = await insertEvaluation(db, {
      id: newId(),
      programme_id: programme.id,
      kind: body.choice('kind', EVALUATION_KINDS)!,
      evaluators: body.required('evaluators', 500),
      period_start: body.nullable('periodStart', 'month') ?? null,
      period_end: body.nullable('periodEnd', 'month') ?? null,
      report_url: body.nullable('reportUrl', 'url') ?? null,
      created_by: identity.user.id,
      created_at: now(),
      updated_at: now(),
    })
    events.publish(programme.id, { kind: 'evaluation', id: row.id, op: 'created' })
    return c.json({ evaluation: { id: row.id } }, 201)
  })

  app.patch('/:id/evaluations/:evaluationId', async (c) => {
    const { programme } = await requireProgramme(c, db, c.req.param('id'), 'evaluate')
    const evaluation = await findEvaluation(db, programme.id, c.req.param('evaluationId'))
    if (!evaluation) throw notFound('notFound.evaluation')
    const body = bodyReader(await readJson(c), true)
    await updateEvaluation(db, evaluation.id, {
      kind: body.choice('kind', EVALUATION_KINDS),
      evaluators: body.text('evaluators', { max: 500 }),
      period_start: body.nullable('periodStart', 'month'),
      period_end: body.nullable('periodEnd', 'month'),
      report_url: body.nullable('reportUrl', 'url'),
      updated_at: now(),
    })
    events.publish(programme.id, { kind: 'evaluation', id: evaluation.id, op: 'updated' })
    return c.json({ ok: true })
  })

  app.post('/:id/findings', async (c) => {
    const { programme, identity } = await requireProgramme(c, db, c.req.param('id'), 'evaluate')
    const body = bodyReader(await readJson(c))
    const evaluation = await findEvaluation(db, programme.id, body.required('evaluationId', 100))
    if (!evaluation) throw notFound('notFound.evaluation')
    const row = await insertFinding(db, {
      id: newId(),
      evaluation_id: evaluation.id,
      programme_id: programme.id,
      criterion: body.choice('criterion', CRITERIA)!,
      finding: body.required('finding'),
      recommendation: body.text('recommendation', { optional: true }) ?? '',
      priority: body.choice('priority', PRIORITIES)!,
      created_by: identity.user.id,
      created_at: now(),
      updated_at: now(),
    })
    events.publish(programme.id, { kind: 'finding', id: row.id, op: 'created', parentId: evaluation.id })
    return c.json({ finding: { id: row.id, number: row.number } }, 201)
  })

  app.patch('/:id/findings/:findingId', async (c) => {
    const { programme } = await requireProgramme(c, db, c.req.param('id'), 'evaluate')
    const finding = await findFinding(db, programme.id, c.req.param('findingId'))
    if (!finding) throw notFound('notFound.finding')
    const body = bodyReader(await readJson(c), true)
    await updateFinding(db, finding.id, {
      criterion: body.choice('criterion', CRITERIA),
      finding: body.text('finding'),
      recommendation: body.text('recommendation', { optional: true }),
      priority: body.choice('priority', PRIORITIES),
      updated_at: now(),
    })
    events.publish(programme.id, { kind: 'finding', id: finding.id, op: 'updated' })
    return c.json({ ok: true })
  })

  app.delete('/:id/findings/:findingId', async (c) => {
    const { programme } = await requireProgramme(c, db, c.req.param('id'), 'evaluate')
    const finding = await findFinding(db, programme.id, c.req.param('findingId'))
    if (!finding) throw notFound('notFound.finding')
    await deleteFinding(db, finding.id)
    events.publish(programme.id, { kind: 'finding', id: finding.id, op: 'deleted' })
    return c.json({ ok: true })
  })

  app.put('/:id/findings/:findingId/response', async (c) => {
    const { programme, identity } = await requireProgramme(c, db, c.req.param('id'), 'respond')
    const finding = await findFinding(db, programme.id, c.req.param('findingId'))
    if (!finding) throw notFound('notFound.finding')
    const body = bodyReader(await readJson(c))
    const decision = body.choice('decision', DECISIONS)!
    const reason = body.text('reason', { optional: true }) ?? ''
    // UNEG: a recommendation not (fully) accepted must say why.
    if (decision !== 'accepted' && reason === '') throw validationFailed('response.reasonRequired')
    await upsertResponse(db, { finding_id: finding.id, decision, reason, responded_by: identity.user.id, updated_at: now() })
    events.publish(programme.id, { kind: 'response', id: finding.id, op: 'updated', parentId: finding.id })
    return c.json({ ok: true })
  })

  app.get('/:id/actions', async (c) => {
    const { programme } = await requireProgramme(c, db, c.req.param('id'))
    const today = todayIso()
    return c.json({ actions: (await listActions(db, programme.id)).map((a) => presentAction(a, today)) })
  })

  app.post('/:id/actions', async (c) => {
    const { programme, identity } = await requireProgramme(c, db, c.req.param('id'), 'respond')
    const body = bodyReader(await readJson(c))
    const finding = await findFinding(db, programme.id, body.required('findingId', 100))
    if (!finding) throw notFound('notFound.finding')
    const responsibleUserId = await responsibleMember(db, programme.id, body.text('responsibleUserId', { optional: true }))
    const row = await insertAction(db, {
      id: newId(),
      finding_id: finding.id,
      programme_id: programme.id,
      description: body.required('description', 2000),
      responsible: body.required('responsible', 200),
      responsible_user_id: responsibleUserId,
      due_date: body.nullable('dueDate', 'day') ?? null,
      status: body.choice('status', ACTION_STATUSES, true) ?? 'not-started',
      created_by: identity.user.id,
      created_at: now(),
      updated_at: now(),
    })
    events.publish(programme.id, { kind: 'action', id: row.id, op: 'created', parentId: finding.id })
    return c.json({ action: presentAction(row, todayIso()) }, 201)
  })

  app.patch('/:id/actions/:actionId', async (c) => {
    const { programme } = await requireProgramme(c, db, c.req.param('id'), 'respond')
    const action = await findAction(db, programme.id, c.req.param('actionId'))
    if (!action) throw notFound('notFound.action')
    const body = bodyReader(await readJson(c), true)
    const responsible = body.raw('responsibleUserId') === undefined ? undefined : await responsibleMember(db, programme.id, body.text('responsibleUserId', { optional: true }))
    await updateAction(db, action.id, {
      description: body.text('description', { max: 2000 }),
      responsible: body.text('responsible', { max: 200 }),
      responsible_user_id: responsible,
      due_date: body.nullable('dueDate', 'day'),
      status: body.choice('status', ACTION_STATUSES),
      updated_at: now(),
    })
    events.publish(programme.id, { kind: 'action', id: action.id, op: 'updated', parentId: action.finding_id })
    return c.json({ action: presentAction((await findAction(db, programme.id, action.id))!, todayIso()) })
  })

  return app
}

/** A responsible person must be able to read the programme. */
async function responsibleMember(db: Db, programmeId: string, userId: string | undefined): Promise<string | null> {
  if (!userId) return null
  const user = await findUser(db, userId)
  if (!user || !(await programmeAccess(db, user, programmeId)).read) throw validationFailed('action.responsibleNotMember')
  return user.id
}
