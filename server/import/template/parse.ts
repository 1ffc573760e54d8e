/**
 * Entry point of the importer for the Word fact-sheet template: HTML fragments mixed with
 * tab-separated rows, as Word exports the sheet. The source is split into labelled blocks
 * (rows.ts), each block is read by the reader of its section, and everything that no field took
 * is returned in the report. Never hangs (linear scans only) and throws only
 * `NotAFactSheetError`.
 */
import { NotAFactSheetError, type ParsedSheet } from '../report.js'
import { ImportContext } from './context.js'
import {
  inferLeadEntity, readAgencyBudgets, readAmountField, readContacts, readDateField, readEntities, readMdgTargets,
  readRegions, readText, readTranches, readWindow,
} from './facts.js'
import { readFinance } from './finance.js'
import type { Lang, SectionKey } from './labels.js'
import { readBeneficiaries, readEvaluation, readMissions } from './missions.js'
import { readNarrative, readParts, readStatus, readWithPlan } from './narratives.js'
import { readResults } from './results.js'
import { blockContent, splitBlocks, type Block } from './rows.js'
import { nodeText, normalise, plainText } from './text.js'
import { parseCount } from './values.js'

/** Fewest distinct sections of the template a source must have to be read as a fact sheet. */
const MIN_SECTIONS = 3

const READERS: Partial<Record<SectionKey, (ctx: ImportContext, block: Block) => void>> = {
  title: (ctx, block) => readText(ctx, block, 'identity.title'),
  code: (ctx, block) => readText(ctx, block, 'identity.code'),
  country: (ctx, block) => readText(ctx, block, 'identity.country'),
  window: readWindow,
  totalBudget: (ctx, block) => {
    readAmountField(ctx, block, 'budget.total')
    const currency = /\b(USD|EUR)\b|US\$/.exec(plainText(blockContent(block).join(' ')))
    if (currency) ctx.field('budget.currency', currency[1] ?? 'USD')
  },
  agencyBudgets: readAgencyBudgets,
  entities: readEntities,
  start: (ctx, block) => readDateField(ctx, block, 'dates.start'),
  end: (ctx, block) => readDateField(ctx, block, 'dates.end'),
  extension: (ctx, block) => readDateField(ctx, block, 'dates.extendedEnd'),
  disbursements: readTranches,
  summary: (ctx, block) => readNarrative(ctx, block, 'summary'),
  regions: readRegions,
  mdg: readMdgTargets,
  contacts: (ctx, block) => readContacts(ctx, block, ['ocr', 'rco', 'bcr', 'contacto ocr', 'rco contact'].includes(normalise(block.label))),
  beneficiaries: (ctx, block) => readBeneficiaries(ctx, block, parseCount),
  status: readStatus,
  finance: readFinance,
  gender: (ctx, block) => readNarrative(ctx, block, 'gender'),
  observations: (ctx, block) => readNarrative(ctx, block, 'observations'),
  paris: (ctx, block) => readParts(ctx, block, ['paris.leadership', 'paris.civilSociety', 'paris.alignment', 'paris.accountability']),
  dao: (ctx, block) => readParts(ctx, block, ['dao.procedures', 'dao.rcoRole', 'dao.interagency']),
  sustainability: (ctx, block) => readWithPlan(ctx, block, 'sustainability', 'plans.sustainability'),
  scalability: (ctx, block) => readNarrative(ctx, block, 'scalability'),
  externalFactors: (ctx, block) => readNarrative(ctx, block, 'externalFactors'),
  communication: (ctx, block) => readWithPlan(ctx, block, 'communication', 'plans.communication'),
  monitoring: (ctx, block) => readNarrative(ctx, block, 'monitoring'),
  missions: readMissions,
  evaluation: readEvaluation,
}

/** Sections read as rich text or tables; the others hold short facts (an amount, a list of names). */
const LONG_SECTIONS = new Set<SectionKey>([
  'summary', 'results', 'achievements', 'status', 'finance', 'gender', 'observations', 'paris', 'dao', 'sustainability',
  'scalability', 'externalFactors', 'communication', 'monitoring', 'missions', 'evaluation', 'beneficiaries',
])
/** Longest text of a fact section that is read; beyond it the text is reported, not parsed. */
const MAX_FACT_TEXT = 20_000

/** Sections that may be written on more than one row (the coordinator and the RCO contact). */
const REPEATABLE = new Set<SectionKey>(['contacts'])

/** Refuse what is plainly not a text fact sheet, with a message that says what it is. */
function refuseNonSheet(source: string): void {
  if (source.trim() === '') throw new NotAFactSheetError('import.empty')
  const sample = source.slice(0, 65536)
  const control = sample.match(/[\u0000-\u0008\u000e-\u001f\ufffd]/g)?.length ?? 0
  if (sample.includes('\u0000') || control > sample.length / 100) {
    throw new NotAFactSheetError('import.binary')
  }
  const trimmed = source.trim()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let json = false
    try { JSON.parse(trimmed); json = true } catch { /* not JSON: carry on */ }
    if (json) throw new NotAFactSheetError('import.jsonNotTemplate')
  }
}

function detectLanguage(blocks: readonly Block[]): Lang {
  const votes: Record<Lang, number> = { es: 0, en: 0, fr: 0 }
  for (const block of blocks) if (block.langs.length === 1) votes[block.langs[0]!]++
  const ranked = (Object.keys(votes) as Lang[]).sort((a, b) => votes[b] - votes[a])
  return votes[ranked[0]!] > 0 ? ranked[0]! : (blocks.find((b) => b.langs.length > 0)?.langs[0] ?? 'es')
}

/** Every piece of a block's text, including its label, as unmapped. */
function leaveBlock(ctx: ImportContext, block: Block, where: string): void {
  block.rows.forEach((row, index) => {
    const cells = row.cells.map(plainText).filter((cell) => cell !== '')
    // The label row of a block the template does not know is unmapped with its label.
    const label = index === 0 && block.key !== null ? `${block.label}: ` : ''
    if (cells.length > 0) ctx.leftover(where, label + cells.join(' '))
  })
}

/**
 * Parse a fact sheet exported from the Word template into sheet data and an import report.
 *
 * @throws NotAFactSheetError when the source is empty, binary, JSON, or has fewer than three
 *   section labels of the template (a random HTML page).
 * @example parseTemplateSheet(readFileSync('db/seed/peru-industrias-creativas.txt', 'utf8')).data.fields['budget.total'] // '5000000'
 */
export function parseTemplateSheet(source: string): ParsedSheet {
  if (typeof source !== 'string') throw new NotAFactSheetError('import.notText')
  refuseNonSheet(source)
  const blocks = splitBlocks(source.replace(/^\ufeff/, ''))
  const keys = new Set(blocks.map((block) => block.key).filter((key) => key !== null))
  if (keys.size < MIN_SECTIONS) {
    // The labels as the file writes them, which the person recognises (not our section keys).
    const labels = [...new Set(blocks.filter((block) => block.key !== null).map((block) => `"${block.label}"`))].join(', ')
    throw keys.size === 0 ? new NotAFactSheetError('import.noLabels') : new NotAFactSheetError('import.fewLabels', { labels })
  }
  const language = detectLanguage(blocks)
  const ctx = new ImportContext(language)
  ctx.field('identity.language', language)

  const seen = new Set<SectionKey>()
  let expected: Block | undefined
  let achievements: Block | undefined
  for (const block of blocks) {
    if (block.key === null) {
      leaveBlock(ctx, block, block.label)
      continue
    }
    if (seen.has(block.key) && !REPEATABLE.has(block.key)) {
      ctx.note('sectionRepeated', { where: block.label, line: block.line })
      leaveBlock(ctx, block, `${block.label} (line ${block.line}, repeated)`)
      continue
    }
    seen.add(block.key)
    if (block.qualifier !== '') ctx.leftover(block.label, block.qualifier)
    if (block.key === 'results') { expected = block; continue }
    if (block.key === 'achievements') { achievements = block; continue }
    const size = blockContent(block).reduce((sum, cell) => sum + cell.length, 0)
    if (!LONG_SECTIONS.has(block.key) && size > MAX_FACT_TEXT) {
      ctx.note('sectionTooLong', { where: block.label, line: block.line, size })
      leaveBlock(ctx, block, block.label)
      continue
    }
    read(ctx, block, READERS[block.key])
  }
  if (expected || achievements) {
    try {
      readResults(ctx, expected, achievements)
    } catch (error) {
      for (const block of [expected, achievements]) if (block) unreadable(ctx, block, error)
    }
  }
  const leadership = ctx.data.narratives['paris.leadership']
  if (ctx.data.lists.entities) inferLeadEntity(ctx, leadership ? nodeText(leadership) : '')

  return {
    data: ctx.data,
    report: { format: 'template', language, mapped: ctx.mapped, unmapped: ctx.unmapped, notes: ctx.notes },
  }
}

function read(ctx: ImportContext, block: Block, reader: ((ctx: ImportContext, block: Block) => void) | undefined): void {
  if (!reader) return leaveBlock(ctx, block, block.label)
  try {
    reader(ctx, block)
  } catch (error) {
    unreadable(ctx, block, error)
  }
}

// A reader that fails on odd input must not lose the section's text nor the rest of the sheet.
function unreadable(ctx: ImportContext, block: Block, error: unknown): void {
  ctx.note('sectionUnreadable', { where: block.label, line: block.line, error: error instanceof Error ? error.message : String(error) })
  leaveBlock(ctx, block, block.label)
}
