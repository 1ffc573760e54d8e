/**
 * The narrative sections: summary, status, gender, observations, the Paris Declaration and
 * Delivering as One (split by their bold sub-labels), sustainability and communication (with
 * their yes/no plan), scalability, external factors and monitoring.
 */
import type { ProseMirrorJSON } from '../../../shared/richtext/schema.js'
import type { FieldId, NarrativeId } from '../../../shared/sheet/schema.js'
import type { ImportContext } from './context.js'
import type { SubKey } from './labels.js'
import { blocksText, cellsBlocks, splitAtSubLabels } from './richtext.js'
import { blockContent, type Block } from './rows.js'
import { docOf, nodeText } from './text.js'
import { isPlaceholder, parseStatusWord, parseYesNo } from './values.js'

/** The rich-text blocks of a block's cells; a very large section is read as plain paragraphs, with a note. */
export function blocksOf(ctx: ImportContext, block: Block): ProseMirrorJSON[] {
  return cellsBlocks(blockContent(block), (size) =>
    ctx.note('narrativeLarge', { where: block.label, kb: Math.round(size / 1024) }))
}

/** A narrative from blocks; a lone placeholder ("Generado por el sistema") is read as empty. */
function setNarrative(ctx: ImportContext, id: NarrativeId, blocks: ProseMirrorJSON[], where: string): void {
  const text = blocksText(blocks)
  if (text !== '' && isPlaceholder(text)) {
    ctx.note('placeholder', { where, text })
    blocks = []
  }
  ctx.narrative(id, docOf(blocks))
}

/** A section that is one narrative: all its cells, in order, as rich text. */
export function readNarrative(ctx: ImportContext, block: Block, id: NarrativeId): void {
  setNarrative(ctx, id, blocksOf(ctx, block), block.label)
}

/** Status: the narrative as written, and the code of its first words (`Retrasado.` → `delayed`). */
export function readStatus(ctx: ImportContext, block: Block): void {
  const blocks = blocksOf(ctx, block)
  setNarrative(ctx, 'status', blocks, block.label)
  const text = blocksText(blocks)
  if (text === '') return
  const code = parseStatusWord(text)
  if (code) ctx.field('status.code', code)
  else ctx.note('noStatusWord', { where: 'status.code', text: text.slice(0, 60) })
}

/** A section split by sub-labels into narratives (Paris Declaration, Delivering as One). */
export function readParts<K extends SubKey & NarrativeId>(ctx: ImportContext, block: Block, keys: readonly K[]): void {
  const split = splitAtSubLabels(blocksOf(ctx, block), keys)
  for (const before of split.before) ctx.leftover(`${block.label} (before its first sub-label)`, nodeText(before))
  if (split.parts.length === 0 && split.before.length > 0) {
    ctx.note('noSubLabels', { where: block.label })
  }
  const seen = new Set<K>()
  for (const part of split.parts) {
    if (seen.has(part.key)) {
      for (const extra of part.blocks) ctx.leftover(`${block.label}: ${part.label} (repeated)`, nodeText(extra))
      continue
    }
    seen.add(part.key)
    if (part.blocks.length === 0) ctx.note('subLabelEmpty', { where: part.key, label: part.label })
    setNarrative(ctx, part.key, part.blocks, `${block.label}: ${part.label}`)
  }
}

/**
 * A narrative with a yes/no plan inside it (`<p><b>Plan de sostenibilidad:</b> no</p> <p>…</p>`):
 * the word after the plan's label is the plan, the rest is the narrative.
 */
export function readWithPlan(ctx: ImportContext, block: Block, id: NarrativeId, plan: SubKey & FieldId): void {
  const split = splitAtSubLabels(blocksOf(ctx, block), [plan])
  const narrative = [...split.before]
  split.parts.forEach((part, index) => {
    const [first, ...rest] = part.blocks
    const firstText = first ? nodeText(first).trim() : ''
    const word = /^(\S+?)[.,;:]?(?:\s+([\s\S]*))?$/.exec(firstText)
    const value = word ? parseYesNo(word[1]!) : null
    if (index > 0) {
      ctx.leftover(`${block.label}: ${part.label} (repeated)`, firstText)
    } else if (value) {
      ctx.field(plan, value)
    } else if (firstText !== '') {
      ctx.note('notYesNo', { where: plan, text: firstText.slice(0, 40) })
      ctx.field(plan, firstText)
    } else {
      ctx.field(plan, '')
    }
    const remainder = word?.[2]?.trim()
    if (value && remainder) narrative.push({ type: 'paragraph', content: [{ type: 'text', text: remainder }] })
    narrative.push(...rest)
  })
  setNarrative(ctx, id, narrative, block.label)
}
