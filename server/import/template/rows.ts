/**
 * Splitting the Word export into labelled blocks. The export is a list of lines; a line is a row
 * of tab-separated cells. A row whose first cell is a label of the template (bold, `**…**`, a
 * `####` heading, or plain `Label:`) opens a block; the rows after it without a label of their own
 * (a continuation row starting with a tab, the numbered lines under a heading, the tab copy of
 * the financial table) belong to that block.
 */
import { SECTION_LABELS, SUB_LABELS, matchLabel, type Lang, type SectionKey } from './labels.js'
import { plainText } from './text.js'

/** One line of the source: its 1-based number and its cells, trailing empty cells dropped. */
export interface SourceRow {
  line: number
  cells: string[]
}

/** A labelled section of the source and the rows that belong to it. */
export interface Block {
  /** The section, or `null` for rows that no label of the template opened. */
  key: SectionKey | null
  /** The label as written (plain text), for `where` in the report. */
  label: string
  /** Languages of the label phrase. */
  langs: Lang[]
  /** Label text after the recognised phrase that is not template guidance in parentheses. */
  qualifier: string
  line: number
  /** First row: the label cell's remainder (HTML kept) then the other cells; then the continuation rows' cells. */
  rows: SourceRow[]
}

/** The source's lines as rows of cells; CRLF and lone CR are line ends too. */
export function sourceRows(source: string): SourceRow[] {
  const rows: SourceRow[] = []
  source.split(/\r\n|\r|\n/).forEach((text, index) => {
    const cells = text.split('\t')
    while (cells.length > 0 && (cells[cells.length - 1] ?? '').trim() === '') cells.pop()
    if (cells.length > 0) rows.push({ line: index + 1, cells })
  })
  return rows
}

/** A label cell split into the label and what follows it in the same cell. */
export interface LabelCell {
  label: string
  rest: string
  /** The label was marked as one (bold, `**`, heading), not only followed by a colon. */
  marked: boolean
}

const OPENERS = /^(?:\s*<(?:p|div|span|u|i|em|h\d|font)\b[^<>]*>)*/i

/** Split a first cell into its label and the rest of the cell (HTML kept). */
export function splitLabelCell(cell: string): LabelCell {
  let text = cell.trim()
  const heading = /^#{1,6}\s+/.exec(text)
  if (heading) text = text.slice(heading[0].length)
  const openers = OPENERS.exec(text)?.[0] ?? ''
  const inner = text.slice(openers.length)
  const bold = /^<(b|strong)\b[^<>]*>/i.exec(inner)
  if (bold) {
    const closeTag = `</${bold[1]!.toLowerCase()}>`
    const close = inner.toLowerCase().indexOf(closeTag)
    if (close !== -1) {
      return { label: plainText(inner.slice(bold[0].length, close)), rest: cleanRest(openers + inner.slice(close + closeTag.length)), marked: true }
    }
  }
  if (inner.startsWith('**')) {
    const close = inner.indexOf('**', 2)
    if (close !== -1) return { label: plainText(inner.slice(2, close)), rest: cleanRest(inner.slice(close + 2)), marked: true }
  }
  if (heading) return { label: plainText(text), rest: '', marked: true }
  const colon = text.indexOf(':')
  if (colon > 0 && colon <= 120 && !text.slice(0, colon).includes('<')) {
    return { label: plainText(text.slice(0, colon + 1)), rest: cleanRest(text.slice(colon + 1)), marked: false }
  }
  return { label: plainText(text), rest: '', marked: false }
}

// A colon left outside the bold label (`<b>Estado</b>: …`) belongs to the label.
function cleanRest(rest: string): string {
  return rest.replace(/^\s*:/, '').trim()
}

/** The section a first cell opens, with its remainder, or undefined. */
function sectionOf(cell: string): (LabelCell & { key: SectionKey; langs: Lang[]; qualifier: string }) | undefined {
  if (cell.trim() === '' || cell.length > 100_000) return undefined
  const split = splitLabelCell(cell)
  if (split.label === '') return undefined
  // A plain label must be exactly a phrase of the template: running text that starts with
  // "Estado de avance:" is not the status row.
  const match = matchLabel(split.label, SECTION_LABELS, { exact: !split.marked })
  if (!match) return undefined
  let qualifier = match.qualifier.replace(/[:\s]+$/, '')
  let rest = split.rest
  // Template guidance in parentheses, in the label or just after it, is part of the label.
  if (/^\(.*\)$/.test(qualifier)) qualifier = ''
  const restText = plainText(rest)
  if (/^\([^()]*\)$/.test(restText)) rest = ''
  return { ...split, rest, key: match.key, langs: match.langs, qualifier }
}

/** True when a first cell is a bold label of any kind (a section this importer does not know). */
function looksLikeLabel(cell: string): boolean {
  const split = splitLabelCell(cell)
  return split.marked && split.label !== '' && split.label.length <= 120
}

function isSubLabel(cell: string): boolean {
  const split = splitLabelCell(cell)
  return split.marked && matchLabel(split.label, SUB_LABELS) !== undefined
}

/**
 * The blocks of a source, in order. Rows before the first label form a block with key `null`,
 * as does a row opened by a bold label the template does not have.
 */
export function splitBlocks(source: string): Block[] {
  const blocks: Block[] = []
  let current: Block | undefined
  for (const row of sourceRows(source)) {
    const first = row.cells[0] ?? ''
    const section = sectionOf(first)
    if (section) {
      current = {
        key: section.key, label: section.label.replace(/\s*:\s*$/, ''), langs: section.langs, qualifier: section.qualifier, line: row.line,
        rows: [{ line: row.line, cells: [section.rest, ...row.cells.slice(1)] }],
      }
      blocks.push(current)
    } else if (!current || (first.trim() !== '' && looksLikeLabel(first) && !isSubLabel(first))) {
      const split = splitLabelCell(first)
      const label = split.marked ? split.label.replace(/\s*:\s*$/, '').slice(0, 80) : `line ${row.line}`
      current = { key: null, label, langs: [], qualifier: '', line: row.line, rows: [row] }
      blocks.push(current)
    } else {
      current.rows.push(row)
    }
  }
  return blocks
}

/** Every non-empty cell of a block, in order (the label cell's remainder first). */
export function blockContent(block: Block): string[] {
  return block.rows.flatMap((row) => row.cells).filter((cell) => cell.trim() !== '')
}

