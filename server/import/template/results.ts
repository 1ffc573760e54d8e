/**
 * Expected results and the main achievements per result. Results come as a numbered list (plain
 * `1. …` lines under a heading, or an HTML list); achievements as paragraphs that start with
 * `Resultado 1:` / `Result 2:` / `Résultat 3 :`, matched to the result of that number.
 */
import type { ProseMirrorJSON } from '../../../shared/richtext/schema.js'
import type { SheetDataRow } from '../../../shared/sheet/data.js'
import type { ImportContext } from './context.js'
import { blocksOf } from './narratives.js'
import type { Block } from './rows.js'
import { docOf, nodeText } from './text.js'
import { isPlaceholder } from './values.js'

const NUMBERED = /^\s*(?:(?:resultado|result|r[ée]sultat|outcome|efecto|effet)\s*)?(\d{1,2})\s*[.):–-]\s*/iu
const RESULT_REF = /^\s*(?:resultado|result|r[ée]sultat|outcome|efecto|effet|r)\s*(\d{1,2})\b/iu

/** Blocks grouped by result number (1-based), plus the blocks that no number claimed. */
interface Numbered {
  byNumber: Map<number, ProseMirrorJSON[]>
  loose: ProseMirrorJSON[]
}

/** Remove `length` characters from the start of a paragraph's text. */
function dropPrefix(block: ProseMirrorJSON, length: number): ProseMirrorJSON {
  const content: ProseMirrorJSON[] = []
  let left = length
  for (const node of block.content ?? []) {
    if (left > 0 && node.type === 'text') {
      const text = node.text ?? ''
      const cut = Math.min(left, text.length)
      left -= cut
      if (cut < text.length) content.push({ ...node, text: text.slice(cut) })
      continue
    }
    content.push(node)
  }
  return { ...block, content }
}

function group(blocks: ProseMirrorJSON[], pattern: RegExp, keepPrefix: boolean): Numbered {
  const result: Numbered = { byNumber: new Map(), loose: [] }
  let current: number | undefined
  let next = 1
  const add = (number: number | undefined, block: ProseMirrorJSON) => {
    if (number === undefined) { result.loose.push(block); return }
    const list = result.byNumber.get(number) ?? []
    list.push(block)
    result.byNumber.set(number, list)
  }
  const visit = (block: ProseMirrorJSON, inList: boolean) => {
    const match = pattern.exec(nodeText(block))
    if (match) {
      current = Number(match[1])
      next = current + 1
      add(current, keepPrefix || block.type !== 'paragraph' ? block : dropPrefix(block, match[0].length))
    } else if (inList) {
      current = next++
      add(current, block)
    } else {
      add(current, block)
    }
  }
  for (const block of blocks) {
    if (block.type === 'ordered_list' || block.type === 'bullet_list') {
      if (block.type === 'ordered_list') next = Number(block.attrs?.['order'] ?? 1) || 1
      for (const item of block.content ?? []) {
        const [first, ...rest] = item.content ?? []
        if (!first) continue
        visit(first, true)
        for (const extra of rest) add(current, extra)
      }
    } else {
      visit(block, false)
    }
  }
  return result
}

/** The results list from the expected-results block and the achievements block (either may be missing). */
export function readResults(ctx: ImportContext, expected: Block | undefined, achievements: Block | undefined): void {
  const statements = expected ? group(blocksOf(ctx, expected), NUMBERED, false) : undefined
  let achieved = achievements ? group(blocksOf(ctx, achievements), RESULT_REF, true) : undefined
  if (expected) for (const block of statements!.loose) ctx.leftover(`${expected.label} (not numbered)`, nodeText(block))
  if (achievements && achieved) {
    const loose = achieved.loose
    const count = Math.max(statements?.byNumber.size ?? 0, achieved.byNumber.size)
    if (loose.length > 0 && achieved.byNumber.size === 0 && count <= 1) {
      achieved = { byNumber: new Map([[1, loose]]), loose: [] }
      ctx.note('noResultNumber', { where: achievements.label })
    } else {
      for (const block of loose) ctx.leftover(`${achievements.label} (no result number)`, nodeText(block))
    }
  }
  const numbers = [...new Set([...(statements?.byNumber.keys() ?? []), ...(achieved?.byNumber.keys() ?? [])])].sort((a, b) => a - b)
  if (numbers.length === 0) return
  const rows: SheetDataRow[] = []
  for (let n = 1; n <= numbers[numbers.length - 1]!; n++) {
    const statement = statements?.byNumber.get(n) ?? []
    const achievement = achieved?.byNumber.get(n) ?? []
    if (statement.length === 0 && achievement.length > 0) ctx.note('achievementsWithoutResult', { where: 'list:results', n })
    const blank = achievement.length > 0 && isPlaceholder(achievement.map(nodeText).join(' '))
    rows.push({ values: {}, narratives: { statement: docOf(statement), achievement: docOf(blank ? [] : achievement) } })
  }
  ctx.list('results', rows)
}
