import type { ActionRow, EvaluationRow, FindingRow } from '../../db/schema.js'
import type { ResponseWithName } from '../../db/repositories/evaluations.js'
import { isOverdue, planProgress, type PlanProgress } from '../../shared/evaluation.js'

const iso = (ms: number) => new Date(Number(ms)).toISOString()

export function presentAction(row: ActionRow, today: string) {
  return {
    id: row.id,
    findingId: row.finding_id,
    description: row.description,
    responsible: row.responsible,
    responsibleUserId: row.responsible_user_id,
    dueDate: row.due_date,
    status: row.status,
    overdue: isOverdue(row, today),
    updatedAt: iso(row.updated_at),
  }
}

export function presentFinding(row: FindingRow, response: ResponseWithName | undefined, actions: ActionRow[], today: string) {
  return {
    id: row.id,
    evaluationId: row.evaluation_id,
    number: row.number,
    criterion: row.criterion,
    finding: row.finding,
    recommendation: row.recommendation,
    priority: row.priority,
    response: response ? { decision: response.decision, reason: response.reason, respondedBy: response.responded_by, respondedByName: response.responder_name, updatedAt: iso(response.updated_at) } : null,
    actions: actions.map((a) => presentAction(a, today)),
    updatedAt: iso(row.updated_at),
  }
}

/** An evaluation with its findings (each with its response and actions) and the plan's progress. */
export function presentEvaluation(
  row: EvaluationRow,
  findings: ReturnType<typeof presentFinding>[],
  progress: PlanProgress,
) {
  return {
    id: row.id,
    kind: row.kind,
    evaluators: row.evaluators,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    reportUrl: row.report_url,
    findings,
    progress,
    updatedAt: iso(row.updated_at),
  }
}

/** The whole follow-up of a programme, evaluation by evaluation. */
export function presentEvaluations(
  evaluations: EvaluationRow[],
  findings: FindingRow[],
  responses: ResponseWithName[],
  actions: ActionRow[],
  today: string,
) {
  return evaluations.map((evaluation) => {
    const own = findings.filter((f) => f.evaluation_id === evaluation.id)
    const ownActions = actions.filter((a) => own.some((f) => f.id === a.finding_id))
    return presentEvaluation(
      evaluation,
      own.map((f) => presentFinding(f, responses.find((r) => r.finding_id === f.id), actions.filter((a) => a.finding_id === f.id), today)),
      planProgress(ownActions, today),
    )
  })
}
