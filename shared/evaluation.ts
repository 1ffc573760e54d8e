/**
 * Evaluations, findings and their follow-up (UNEG management response, improvement plan): the
 * codes, their labels, and the derived state, defined once for the server and the client.
 */
import { option } from './sheet/definition.js'

export const EVALUATION_KINDS = [option('mid-term', 'Evaluación de medio término', 'Mid-term evaluation'), option('final', 'Evaluación final', 'Final evaluation')] as const

/** OECD-DAC criteria (the 2019 revision adds coherence and impact). */
export const CRITERIA = [
  option('relevance', 'Pertinencia', 'Relevance'),
  option('coherence', 'Coherencia', 'Coherence'),
  option('efficiency', 'Eficiencia', 'Efficiency'),
  option('effectiveness', 'Eficacia', 'Effectiveness'),
  option('impact', 'Impacto', 'Impact'),
  option('sustainability', 'Sostenibilidad', 'Sustainability'),
] as const

export const PRIORITIES = [option('high', 'Alta', 'High'), option('medium', 'Media', 'Medium'), option('low', 'Baja', 'Low')] as const

/** Management response per recommendation; a reason is required unless accepted. */
export const DECISIONS = [
  option('accepted', 'Aceptada', 'Accepted'),
  option('partially-accepted', 'Parcialmente aceptada', 'Partially accepted'),
  option('rejected', 'Rechazada', 'Rejected'),
] as const

export const ACTION_STATUSES = [
  option('not-started', 'No iniciada', 'Not started'),
  option('in-progress', 'En curso', 'In progress'),
  option('done', 'Completada', 'Done'),
] as const

export type EvaluationKind = (typeof EVALUATION_KINDS)[number]['code']
export type Criterion = (typeof CRITERIA)[number]['code']
export type Priority = (typeof PRIORITIES)[number]['code']
export type Decision = (typeof DECISIONS)[number]['code']
export type ActionStatus = (typeof ACTION_STATUSES)[number]['code']

/** Overdue is derived, never stored: past its due date and not done. `today` is `YYYY-MM-DD`. */
export function isOverdue(action: { status: string; due_date?: string | null; dueDate?: string | null }, today: string): boolean {
  const due = action.due_date ?? action.dueDate ?? null
  return action.status !== 'done' && due !== null && due < today
}

/** Progress of an improvement plan. */
export interface PlanProgress {
  actions: number
  done: number
  inProgress: number
  notStarted: number
  overdue: number
  /** Done ÷ actions × 100, rounded; null without actions. */
  percentDone: number | null
}

export function planProgress(actions: { status: string; due_date?: string | null; dueDate?: string | null }[], today: string): PlanProgress {
  const count = (status: string) => actions.filter((a) => a.status === status).length
  const done = count('done')
  return {
    actions: actions.length,
    done,
    inProgress: count('in-progress'),
    notStarted: count('not-started'),
    overdue: actions.filter((a) => isOverdue(a, today)).length,
    percentDone: actions.length === 0 ? null : Math.round((done / actions.length) * 100),
  }
}

/** Today as `YYYY-MM-DD` (UTC), the form due dates are compared in. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10)
}
