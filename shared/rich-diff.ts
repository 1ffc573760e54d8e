/**
 * Word-level differences between two narratives that keep their formatting: paragraphs,
 * sub-headings, list items (bulleted or numbered, nested), bold, italic and links come through
 * as such, so the compare view shows a list as a list and bold as bold rather than as "- item".
 *
 * Works on the narrative HTML our renderer writes (shared/richtext/render.ts: the schema's tags
 * only, text escaped), so it runs wherever a sheet's JSON does, server or browser, without a DOM.
 */
import { editScript, type DiffOp } from './edit-script.js'

export type BlockType = 'paragraph' | 'heading3' | 'heading4' | 'bullet' | 'ordered'

/** The formatting of a run of words. */
export interface RunMarks {
  strong?: true
  em?: true
  href?: string
}

/** A run of a formatted diff: words with one formatting and one operation. */
export interface RichRun extends RunMarks {
  op: DiffOp
  text: string
}

/**
 * One block of the diff, in reading order: a paragraph, a heading or a list item at `depth`
 * (0 outside lists, 1 for an item of a top-level list, …). A paragraph inside a list item after
 * its first has the item's depth.
 */
export interface RichBlock {
  type: BlockType
  depth: number
  runs: RichRun[]
}

/** A word or the space after it, or the start of a block. */
type Token =
  | { kind: 'word'; text: string; marks: RunMarks; key: string }
  | { kind: 'block'; type: BlockType; depth: number; key: string }

/** Above this many token pairs the diff compares whole blocks: the edit script is quadratic in memory. */
const MAX_CELLS = 4_000_000

const TEXTBLOCKS: Record<string, BlockType> = { p: 'paragraph', h3: 'heading3', h4: 'heading4' }
const TAG = /<(\/?)([a-z][a-z0-9]*)([^>]*)>|([^<]+)/gi

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#\d+);/g, (entity, name: string) => {
    if (name === 'amp') return '&'
    if (name === 'lt') return '<'
    if (name === 'gt') return '>'
    if (name === 'quot') return '"'
    const code = Number(name.slice(1))
    return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : entity
  })
}

function attribute(attributes: string, name: string): string | undefined {
  const found = new RegExp(`\\s${name}="([^"]*)"`).exec(attributes)
  return found ? decode(found[1]!) : undefined
}

const marksKey = (marks: RunMarks) => `${marks.strong ? 'b' : ''}${marks.em ? 'i' : ''}${marks.href !== undefined ? `@${marks.href}` : ''}`

/** The narrative's HTML as a stream of block starts and words (each with its formatting). */
export function richTokens(html: string): Token[] {
  const tokens: Token[] = []
  const lists: { type: 'bullet' | 'ordered'; itemStarted: boolean }[] = []
  const marks: { tag: string; href?: string }[] = []
  let inBlock = false
  const startBlock = (type: BlockType) => {
    const list = lists.at(-1)
    // The first paragraph of a list item is the item; later ones continue it at its depth.
    const itemStart = list !== undefined && !list.itemStarted && type === 'paragraph'
    if (list && itemStart) list.itemStarted = true
    const blockType = itemStart ? list!.type : type
    const depth = lists.length
    tokens.push({ kind: 'block', type: blockType, depth, key: `\u0002${blockType}${depth}` })
    inBlock = true
  }
  const current = (): RunMarks => {
    const result: RunMarks = {}
    for (const mark of marks) {
      if (mark.tag === 'strong') result.strong = true
      else if (mark.tag === 'em') result.em = true
      else if (mark.tag === 'a' && mark.href !== undefined) result.href = mark.href
    }
    return result
  }
  const words = (text: string) => {
    if (!inBlock) startBlock('paragraph')
    const runMarks = current()
    const prefix = `\u0001${marksKey(runMarks)}\u0001`
    for (const word of text.split(/(\s+)/)) if (word !== '') tokens.push({ kind: 'word', text: word, marks: runMarks, key: prefix + word })
  }
  for (const match of html.matchAll(TAG)) {
    const [, closing, rawTag, attributes = '', text] = match
    if (text !== undefined) {
      words(decode(text))
      continue
    }
    const tag = rawTag!.toLowerCase()
    if (tag === 'ul' || tag === 'ol') {
      if (closing) lists.pop()
      else lists.push({ type: tag === 'ul' ? 'bullet' : 'ordered', itemStarted: true })
      inBlock = false
    } else if (tag === 'li') {
      const list = lists.at(-1)
      if (list && !closing) list.itemStarted = false
      inBlock = false
    } else if (tag in TEXTBLOCKS) {
      if (closing) inBlock = false
      else startBlock(TEXTBLOCKS[tag]!)
    } else if (tag === 'br') {
      words('\n')
    } else if (tag === 'strong' || tag === 'em' || tag === 'a') {
      if (closing) {
        const at = marks.map((m) => m.tag).lastIndexOf(tag)
        if (at !== -1) marks.splice(at, 1)
      } else {
        marks.push(tag === 'a' ? { tag, href: attribute(attributes, 'href') ?? '' } : { tag })
      }
    }
  }
  return tokens
}

/**
 * The formatted word-level diff from narrative HTML `before` to `after`, block by block: every
 * block start of either version opens a block, equal words appear once, deleted and inserted
 * words in place with the formatting of the version they come from. A word whose formatting
 * changed (plain → bold) shows as deleted and inserted.
 *
 * @example richDiff('<ul><li><p>uno</p></li></ul>', '<ul><li><p>uno <strong>dos</strong></p></li></ul>')
 * // [{type: 'bullet', depth: 1, runs: [{op: 'equal', text: 'uno'}, {op: 'insert', text: ' '}, {op: 'insert', text: 'dos', strong: true}]}]
 */
export function richDiff(before: string, after: string): RichBlock[] {
  const a = richTokens(before)
  const b = richTokens(after)
  const steps = a.length * b.length > MAX_CELLS ? blockSteps(a, b) : editScript(a.map((t) => t.key), b.map((t) => t.key)).map(({ op, index }) => ({ op, token: (op === 'insert' ? b : a)[index]! }))
  const blocks: RichBlock[] = []
  for (const { op, token } of steps) {
    if (token.kind === 'block') {
      blocks.push({ type: token.type, depth: token.depth, runs: [] })
      continue
    }
    if (blocks.length === 0) blocks.push({ type: 'paragraph', depth: 0, runs: [] })
    const runs = blocks.at(-1)!.runs
    const last = runs.at(-1)
    if (last && last.op === op && marksKey(last) === marksKey(token.marks)) last.text += token.text
    else runs.push({ op, text: token.text, ...token.marks })
  }
  return blocks
}

/** For very long narratives: whole blocks compared, each either kept or replaced. */
function blockSteps(a: Token[], b: Token[]): { op: DiffOp; token: Token }[] {
  const split = (tokens: Token[]) => {
    const blocks: Token[][] = []
    for (const token of tokens) {
      if (token.kind === 'block' || blocks.length === 0) blocks.push([])
      blocks.at(-1)!.push(token)
    }
    return blocks
  }
  const blocksA = split(a)
  const blocksB = split(b)
  const keyOf = (block: Token[]) => block.map((t) => t.key).join('')
  const script = blocksA.length * blocksB.length > MAX_CELLS
    ? [...blocksA.map((_, index) => ({ op: 'delete' as const, index })), ...blocksB.map((_, index) => ({ op: 'insert' as const, index }))]
    : editScript(blocksA.map(keyOf), blocksB.map(keyOf))
  return script.flatMap(({ op, index }) => (op === 'insert' ? blocksB : blocksA)[index]!.map((token) => ({ op, token })))
}
