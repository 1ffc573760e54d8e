/**
 * The Secretariat's monitoring missions (`Fechas: Abril, 2009 Octubre, 2010 …` beside
 * `Miembro/s: JAG/PFP PFP …`), the mid-term evaluation (`Evaluador/a: … Periodo: … Informe de
 * evaluación/plan de mejora: link`) and the beneficiary counts.
 */
import type { ProseMirrorJSON } from '../../../shared/richtext/schema.js'
import type { SheetDataRow } from '../../../shared/sheet/data.js'
import type { FieldId } from '../../../shared/sheet/schema.js'
import { isWebUrl } from '../../../shared/sheet/values.js'
import type { ImportContext } from './context.js'
import { blocksOf } from './narratives.js'
import { blocksText, splitAtSubLabels } from './richtext.js'
import type { Block } from './rows.js'
import { nodeText, plainText } from './text.js'
import { isPlaceholder, monthsIn, parseMonth, parseMonthRange, splitMissionMembers } from './values.js'

/** Missions: the n-th month with the n-th group of initials. */
export function readMissions(ctx: ImportContext, block: Block): void {
  const split = splitAtSubLabels(blocksOf(ctx, block), ['missions.dates', 'missions.members'])
  for (const before of split.before) ctx.leftover(block.label, nodeText(before))
  const months: string[] = []
  const members: string[] = []
  for (const part of split.parts) {
    const text = blocksText(part.blocks)
    if (part.key === 'missions.members') {
      members.push(...splitMissionMembers(text))
      continue
    }
    const found = monthsIn(text)
    let left = text
    for (const month of found) left = left.replace(month.text, ' ')
    months.push(...found.map((m) => m.value))
    // Dates the month reader does not know are kept as typed, one per comma- or line-separated piece.
    for (const piece of left.split(/[\n;]+/).map((p) => p.trim().replace(/^[,\s]+|[,\s]+$/g, '')).filter((p) => p !== '')) {
      const month = parseMonth(piece)
      months.push(month ?? piece)
      if (!month) ctx.note('notMonth', { where: 'list:missions', text: piece })
    }
  }
  const count = Math.max(months.length, members.length)
  if (months.length !== members.length && count > 0) {
    ctx.note('missionDates', { where: 'list:missions', dates: months.length, groups: members.length })
  }
  const rows: SheetDataRow[] = Array.from({ length: count }, (_, i) => ({ values: { month: months[i] ?? '', members: members[i] ?? '' } }))
  ctx.list('missions', rows)
}

/** Web addresses of the links in blocks, in order. */
function linksOf(blocks: readonly ProseMirrorJSON[]): string[] {
  const hrefs: string[] = []
  const walk = (node: ProseMirrorJSON) => {
    for (const mark of node.marks ?? []) {
      const href = mark.attrs?.['href']
      if (mark.type === 'link' && typeof href === 'string' && !hrefs.includes(href)) hrefs.push(href)
    }
    for (const child of node.content ?? []) walk(child)
  }
  blocks.forEach(walk)
  return hrefs
}

/** Mid-term evaluation: evaluator, period (start and end months), report and improvement-plan links. */
export function readEvaluation(ctx: ImportContext, block: Block): void {
  const split = splitAtSubLabels(blocksOf(ctx, block),
    ['evaluation.evaluator', 'evaluation.period', 'evaluation.report', 'evaluation.plan'])
  for (const before of split.before) ctx.leftover(block.label, nodeText(before))
  // `Informe de evaluación/plan de mejora:` may hold both links: the first is the report, the second the plan.
  const report: string[] = []
  const plan: string[] = []
  for (const part of split.parts) {
    const text = blocksText(part.blocks)
    if (part.key === 'evaluation.evaluator') {
      ctx.field('evaluation.evaluator', isPlaceholder(text) ? '' : text)
    } else if (part.key === 'evaluation.period') {
      const range = parseMonthRange(text)
      if (range) {
        ctx.field('evaluation.periodStart', range.start)
        ctx.field('evaluation.periodEnd', range.end)
      } else if (text !== '') {
        ctx.note('notMonthPeriod', { where: 'evaluation.periodStart', text })
        ctx.field('evaluation.periodStart', text)
      }
    } else {
      const target = part.key === 'evaluation.plan' ? plan : report
      const hrefs = linksOf(part.blocks).filter(isWebUrl)
      const found = hrefs.length > 0 ? hrefs : text.split(/\s+/).filter(isWebUrl)
      if (found.length > 0) target.push(...found)
      else if (text !== '' && isPlaceholder(text)) ctx.note('noAddress', { where: block.label, text: `${part.label} ${text}` })
      else if (text !== '') {
        ctx.note('notWebAddress', { where: block.label, text })
        target.push(text)
      }
    }
  }
  if (report.length > 1 && plan.length === 0) plan.push(report.pop()!)
  if (report[0]) ctx.field('evaluation.reportUrl', report[0])
  if (plan[0]) ctx.field('evaluation.improvementPlanUrl', plan[0])
  for (const extra of [...report.slice(1), ...plan.slice(1)]) ctx.leftover(block.label, extra)
}

type Group = 'direct' | 'indirect'
type Category = 'institutions' | 'women' | 'men' | 'ethnicGroups'

function categoryOf(text: string): Category | undefined {
  const t = plainText(text).toLowerCase()
  if (/institu/.test(t)) return 'institutions'
  if (/mujer|women|femme/.test(t)) return 'women'
  if (/hombre|\bmen\b|homme/.test(t)) return 'men'
  if (/[eé]tni|ethni/.test(t)) return 'ethnicGroups'
  return undefined
}

function groupOf(text: string): Group | undefined {
  const t = plainText(text).toLowerCase()
  if (/^indirect/.test(t)) return 'indirect'
  if (/^direct/.test(t)) return 'direct'
  return undefined
}

/** The items of a cell: its `<li>` texts, else its lines. */
function items(cell: string): string[] {
  const lis = cell.toLowerCase().includes('<li') ? cell.split(/<li\b[^>]*>/i).slice(1).map(plainText) : [plainText(cell)]
  return lis.filter((item) => item !== '')
}

/**
 * Beneficiaries: a header row (`Directos`, `Indirectos`), then categories (`No. Mujeres` …) as a
 * list in one cell with the counts in lists beside it, or one row per category.
 */
export function readBeneficiaries(ctx: ImportContext, block: Block, parseCount: (text: string) => string | null): void {
  let columns: Group[] = ['direct', 'indirect']
  const values = new Map<string, string>()
  const put = (group: Group | undefined, category: Category | undefined, text: string) => {
    if (!group || !category) { ctx.leftover(block.label, text); return }
    const id = `beneficiaries.${group}.${category}`
    const count = parseCount(text)
    if (count === null) ctx.note('notWholeNumber', { where: id, text })
    values.set(id, count ?? text)
  }
  for (const row of block.rows) {
    const cells = row.cells.filter((cell) => plainText(cell) !== '')
    const groups = cells.map(groupOf)
    if (cells.length > 0 && groups.every((g) => g !== undefined)) { columns = groups as Group[]; continue }
    const first = cells[0] ?? ''
    const categories = items(first).map(categoryOf)
    if (categories.length === 0 || categories.some((c) => c === undefined)) {
      for (const cell of cells) {
        if (isPlaceholder(cell)) ctx.note('placeholder', { where: block.label, text: plainText(cell) })
        else ctx.leftover(block.label, cell)
      }
      continue
    }
    cells.slice(1).forEach((cell, column) => {
      if (isPlaceholder(cell)) { ctx.note('placeholder', { where: block.label, text: plainText(cell) }); return }
      const counts = items(cell)
      if (categories.length === 1) { put(columns[column], categories[0], counts.join(' ')); return }
      counts.forEach((count, i) => put(columns[column], categories[i], count))
    })
  }
  for (const [id, value] of values) ctx.field(id as FieldId, value)
}
