import type { Insertable, Updateable } from 'kysely'
import type { Db } from '../connection.js'
import type { ActionRow, ActionsTable, EvaluationRow, EvaluationsTable, FindingRow, FindingsTable, ResponseRow } from '../schema.js'

export async function listEvaluations(db: Db, programmeId: string): Promise<EvaluationRow[]> {
  return db.kysely.selectFrom('evaluations').selectAll().where('programme_id', '=', programmeId).orderBy('created_at').execute()
}

export async function findEvaluation(db: Db, programmeId: string, id: string): Promise<EvaluationRow | undefined> {
  return db.kysely.selectFrom('evaluations').selectAll().where('programme_id', '=', programmeId).where('id', '=', id).executeTakeFirst()
}

export async function insertEvaluation(db: Db, row: Insertable<EvaluationsTable>): Promise<EvaluationRow> {
  return db.kysely.insertInto('evaluations').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function updateEvaluation(db: Db, id: string, changes: Updateable<EvaluationsTable>): Promise<void> {
  await db.kysely.updateTable('evaluations').set(changes).where('id', '=', id).execute()
}

export async function listFindings(db: Db, programmeId: string): Promise<FindingRow[]> {
  return db.kysely.selectFrom('findings').selectAll().where('programme_id', '=', programmeId).orderBy('evaluation_id').orderBy('number').execute()
}

export async function findFinding(db: Db, programmeId: string, id: string): Promise<FindingRow | undefined> {
  return db.kysely.selectFrom('findings').selectAll().where('programme_id', '=', programmeId).where('id', '=', id).executeTakeFirst()
}

/** Inserts a finding numbered after the evaluation's last one. */
export async function insertFinding(db: Db, row: Omit<Insertable<FindingsTable>, 'number'>): Promise<FindingRow> {
  const last = await db.kysely
    .selectFrom('findings')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('evaluation_id', '=', row.evaluation_id)
    .executeTakeFirst()
  return db.kysely.insertInto('findings').values({ ...row, number: Number(last?.n ?? 0) + 1 }).returningAll().executeTakeFirstOrThrow()
}

export async function updateFinding(db: Db, id: string, changes: Updateable<FindingsTable>): Promise<void> {
  await db.kysely.updateTable('findings').set(changes).where('id', '=', id).execute()
}

export async function deleteFinding(db: Db, id: string): Promise<void> {
  await db.kysely.deleteFrom('findings').where('id', '=', id).execute()
}

/** A response with the name of who gave it (null once that account is gone): the panel says who answered. */
export type ResponseWithName = ResponseRow & { responder_name: string | null }

export async function listResponses(db: Db, programmeId: string): Promise<ResponseWithName[]> {
  return db.kysely
    .selectFrom('responses')
    .innerJoin('findings', 'findings.id', 'responses.finding_id')
    .leftJoin('users', 'users.id', 'responses.responded_by')
    .selectAll('responses')
    .select('users.name as responder_name')
    .where('findings.programme_id', '=', programmeId)
    .execute()
}

export async function upsertResponse(db: Db, row: ResponseRow): Promise<void> {
  await db.kysely
    .insertInto('responses')
    .values(row)
    .onConflict((oc) => oc.column('finding_id').doUpdateSet({ decision: row.decision, reason: row.reason, responded_by: row.responded_by, updated_at: row.updated_at }))
    .execute()
}

export async function listActions(db: Db, programmeId: string): Promise<ActionRow[]> {
  return db.kysely.selectFrom('actions').selectAll().where('programme_id', '=', programmeId).orderBy('due_date').orderBy('created_at').execute()
}

export async function findAction(db: Db, programmeId: string, id: string): Promise<ActionRow | undefined> {
  return db.kysely.selectFrom('actions').selectAll().where('programme_id', '=', programmeId).where('id', '=', id).executeTakeFirst()
}

export async function insertAction(db: Db, row: Insertable<ActionsTable>): Promise<ActionRow> {
  return db.kysely.insertInto('actions').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function updateAction(db: Db, id: string, changes: Updateable<ActionsTable>): Promise<void> {
  await db.kysely.updateTable('actions').set(changes).where('id', '=', id).execute()
}

/** Open actions a person is responsible for, across programmes. */
export async function listActionsOf(db: Db, userId: string): Promise<ActionRow[]> {
  return db.kysely.selectFrom('actions').selectAll().where('responsible_user_id', '=', userId).where('status', '!=', 'done').orderBy('due_date').execute()
}
