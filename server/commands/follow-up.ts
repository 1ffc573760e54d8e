import type { Db } from '../../db/connection.js'
import { listActions, listEvaluations, listFindings, listResponses } from '../../db/repositories/evaluations.js'
import { todayIso } from '../../shared/evaluation.js'
import { presentEvaluations } from '../presenters/evaluation.js'

/** A programme's follow-up as {@link followUpOf} gives it. */
export type FollowUp = Awaited<ReturnType<typeof followUpOf>>

/** A programme's evaluations with findings, responses, actions and plan progress, as the API shows them. */
export async function followUpOf(db: Db, programmeId: string) {
  const [evaluations, findings, responses, actions] = await Promise.all([
    listEvaluations(db, programmeId),
    listFindings(db, programmeId),
    listResponses(db, programmeId),
    listActions(db, programmeId),
  ])
  return presentEvaluations(evaluations, findings, responses, actions, todayIso())
}
