/**
 * The follow-up of a sheet as export sections, beside the sheet's own: each evaluation with its
 * findings, recommendations and the management response (decision, reason, who and when), then
 * the improvement plan's key actions with their state. Built from the same blocks as the sheet's
 * sections, so the HTML and Word exports lay it out without code of their own.
 */
import { ACTION_STATUSES, CRITERIA, DECISIONS, EVALUATION_KINDS, PRIORITIES } from '../../shared/evaluation.js'
import { fillPlaceholders } from '../../shared/placeholders.js'
import { isSafeHref } from '../../shared/richtext/schema.js'
import type { SheetJson } from '../../shared/sheet/sheet-json.js'
import type { FollowUp } from '../commands/follow-up.js'
import { UI, formatDay, formatMonth, type ExportLang } from './format.js'
import { cell, exportSheet, type ExportBlock, type ExportSection, type ExportSheet } from './labels.js'
import type { RichBlock, RichInline } from './narrative.js'

const labelOf = (options: readonly { code: string; label: Record<ExportLang, string> }[], code: string, lang: ExportLang) =>
  options.find((o) => o.code === code)?.label[lang] ?? code

const text = (value: string, bold = false): RichInline => ({ kind: 'text', text: value, bold, italic: false, href: null })

/** A person's plain text as paragraphs, one per line they wrote; `lead` in bold before the first. */
function paragraphs(value: string, lead?: string): RichBlock[] {
  const lines = value.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '')
  return lines.map((line, i) => ({ kind: 'paragraph', inlines: i === 0 && lead ? [text(`${lead} `, true), text(line)] : [text(line)] }))
}

function evaluationBlocks(evaluation: FollowUp[number], lang: ExportLang): ExportBlock[] {
  const ui = UI[lang]
  const period = [evaluation.periodStart, evaluation.periodEnd].filter((p): p is string => !!p).map((p) => formatMonth(p, lang)).join(' – ')
  const blocks: ExportBlock[] = [{
    kind: 'fields',
    fields: [
      { id: `${evaluation.id}/kind`, label: ui.evaluation, cell: cell(labelOf(EVALUATION_KINDS, evaluation.kind, lang)) },
      { id: `${evaluation.id}/evaluators`, label: ui.evaluators, cell: cell(evaluation.evaluators) },
      { id: `${evaluation.id}/period`, label: ui.evaluationPeriod, cell: cell(period) },
      { id: `${evaluation.id}/report`, label: ui.report, cell: cell(evaluation.reportUrl ?? '', { href: evaluation.reportUrl && isSafeHref(evaluation.reportUrl) ? evaluation.reportUrl : null }) },
    ],
  }]
  for (const finding of evaluation.findings) {
    const content: RichBlock[] = [...paragraphs(finding.finding)]
    if (finding.recommendation) content.push(...paragraphs(finding.recommendation, `${ui.recommendation}:`))
    const response = finding.response
    if (response) {
      const decision = labelOf(DECISIONS, response.decision, lang)
      content.push(...paragraphs(response.reason ? `${decision} — ${response.reason}` : decision, `${ui.managementResponse}:`))
      const by = [response.respondedByName, formatDay(response.updatedAt.slice(0, 10), lang)].filter(Boolean).join(', ')
      content.push({ kind: 'paragraph', inlines: [{ kind: 'text', text: `${ui.respondedBy} ${by}`, bold: false, italic: true, href: null }] })
    } else {
      content.push({ kind: 'paragraph', inlines: [text(`${ui.managementResponse}: `, true), { kind: 'text', text: ui.noResponse, bold: false, italic: true, href: null }] })
    }
    const label = `${ui.finding} ${finding.number} · ${labelOf(CRITERIA, finding.criterion, lang)} · ${ui.priority} ${labelOf(PRIORITIES, finding.priority, lang).toLocaleLowerCase(lang)}`
    blocks.push({ kind: 'narrative', id: finding.id, label, blocks: content, warnings: [] })
  }
  return blocks
}

function planBlock(evaluation: FollowUp[number], lang: ExportLang): ExportBlock | null {
  const ui = UI[lang]
  const rows = evaluation.findings.flatMap((finding) => finding.actions.map((action) => ({ finding, action })))
  if (rows.length === 0) return null
  const { progress } = evaluation
  const summary = fillPlaceholders(ui.planProgress, { done: progress.done, n: progress.actions })
    + (progress.overdue > 0 ? ` · ${fillPlaceholders(ui.overdueCount, { n: progress.overdue })}` : '')
  return {
    kind: 'table',
    id: `plan-${evaluation.id}`,
    label: `${labelOf(EVALUATION_KINDS, evaluation.kind, lang)} — ${summary}`,
    columns: [
      { label: '#', numeric: true }, { label: ui.action, numeric: false }, { label: ui.finding, numeric: true },
      { label: ui.responsible, numeric: false }, { label: ui.dueDate, numeric: false }, { label: ui.status, numeric: false },
    ],
    rows: rows.map(({ finding, action }, i) => [
      cell(String(i + 1), { numeric: true }),
      cell(action.description),
      cell(String(finding.number), { numeric: true }),
      cell(action.responsible),
      cell(action.dueDate ? formatDay(action.dueDate, lang) : ''),
      cell(labelOf(ACTION_STATUSES, action.status, lang), { detail: action.overdue ? ui.overdue : null }),
    ]),
    totals: [],
    warnings: [],
  }
}

/**
 * "Evaluations and findings" and "Improvement plan", each `empty` when there is nothing yet.
 *
 * @example followUpSections(await followUpOf(db, id), 'es')[1].label // 'Plan de mejora'
 */
export function followUpSections(followUp: FollowUp, lang: ExportLang): ExportSection[] {
  const ui = UI[lang]
  const evaluations = followUp.flatMap((evaluation) => evaluationBlocks(evaluation, lang))
  const plan = followUp.map((evaluation) => planBlock(evaluation, lang)).filter((block): block is ExportBlock => block !== null)
  return [
    { id: 'evaluations', label: ui.evaluations, blocks: evaluations, empty: evaluations.length === 0 },
    { id: 'improvement-plan', label: ui.improvementPlan, blocks: plan, empty: plan.length === 0 },
  ]
}

/**
 * What the HTML and Word exports lay out: the sheet's sections, then, when `followUp` is given
 * (the export's `followUp=1`, its default), the follow-up's.
 */
export function exportContent(json: SheetJson, lang: ExportLang, followUp: FollowUp | null): ExportSheet {
  const sheet = exportSheet(json, lang)
  if (followUp) sheet.sections.push(...followUpSections(followUp, lang))
  return sheet
}
