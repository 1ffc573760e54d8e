/**
 * Cells as rich text, and rich text split at its bold sub-labels. A narrative cell of the
 * template is HTML (`<p><b>Plan C&amp;I:</b> si</p> <p>…</p>`) or plain text; the bold
 * sub-labels that divide a section into fields are labels, not content, so they are removed from
 * the parts they open.
 */
import type { ProseMirrorJSON } from '../../../shared/richtext/schema.js'
import { htmlToRichText } from '../html-to-richtext.js'
import { SUB_LABELS, matchLabel, type SubKey } from './labels.js'
import { hasHtml, nodeText, plainText } from './text.js'

const BLOCK_ELEMENT = /<(p|div|ul|ol|li|h\d|table|blockquote)\b/i

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** One cell as HTML made of blocks: loose inline HTML and plain lines become paragraphs. */
function cellHtml(cell: string): string {
  if (cell.trim() === '') return ''
  if (!hasHtml(cell)) {
    return cell.replace(/\*\*/g, '').split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '')
      .map((line) => `<p>${escapeText(line)}</p>`).join('')
  }
  return BLOCK_ELEMENT.test(cell) ? cell : `<p>${cell}</p>`
}

/** Above this much HTML a section is read as plain paragraphs: a DOM of millions of nodes takes minutes. */
export const MAX_RICH_HTML = 512 * 1024

/** Plain paragraphs of HTML, without a DOM: block ends become line ends, tags are removed. */
function plainBlocks(html: string): ProseMirrorJSON[] {
  return html.replace(/<\/?(?:p|div|li|br|tr|h\d)\b[^<>]*>/gi, '\n').split('\n').map(plainText).filter((line) => line !== '')
    .map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] }))
}

/**
 * The top-level blocks of cells, in order; empty paragraphs are dropped. The cells are parsed as
 * one HTML document (one DOM per cell would make a row of a million cells take minutes); beyond
 * {@link MAX_RICH_HTML} the text is kept as plain paragraphs and `onPlain` is told.
 */
export function cellsBlocks(cells: readonly string[], onPlain?: (size: number) => void): ProseMirrorJSON[] {
  const html = cells.map(cellHtml).join('')
  if (html === '') return []
  if (html.length > MAX_RICH_HTML) {
    onPlain?.(html.length)
    return plainBlocks(html)
  }
  const doc = htmlToRichText(html)
  return (doc.content ?? []).filter((block) => block.type !== 'paragraph' || nodeText(block).trim() !== '')
}

/** A part of a narrative opened by a sub-label. */
export interface LabelledPart<K extends SubKey> {
  key: K
  label: string
  blocks: ProseMirrorJSON[]
}

/** Blocks before the first sub-label, and one part per sub-label found, in order. */
export interface SplitBlocks<K extends SubKey> {
  before: ProseMirrorJSON[]
  parts: LabelledPart<K>[]
}

function isBold(node: ProseMirrorJSON): boolean {
  return node.type === 'text' && (node.marks ?? []).some((mark) => mark.type === 'strong')
}

/** A paragraph made of `inline`, trimmed; undefined when nothing visible is left. */
function paragraphOf(type: string, attrs: Record<string, unknown> | undefined, inline: ProseMirrorJSON[]): ProseMirrorJSON | undefined {
  const nodes = inline.map((node) => ({ ...node }))
  const first = nodes[0]
  if (first?.type === 'text') first.text = (first.text ?? '').replace(/^[\s:]+/, '')
  const last = nodes[nodes.length - 1]
  if (last?.type === 'text') last.text = (last.text ?? '').replace(/\s+$/, '')
  const content = nodes.filter((node) => node.type !== 'text' || (node.text ?? '') !== '')
  if (content.every((node) => node.type === 'hard_break')) return undefined
  return attrs ? { type, attrs, content } : { type, content }
}

/**
 * Split blocks wherever a bold run is exactly one of the sub-labels `keys` (at the start of a
 * paragraph or inside it, as in `<b>Evaluador/a:</b> … <b>Periodo:</b> …`). The label text is
 * dropped; the text after it in the same paragraph starts the part.
 */
export function splitAtSubLabels<K extends SubKey>(blocks: readonly ProseMirrorJSON[], keys: readonly K[]): SplitBlocks<K> {
  const result: SplitBlocks<K> = { before: [], parts: [] }
  const target = () => (result.parts.length > 0 ? result.parts[result.parts.length - 1]!.blocks : result.before)
  for (const block of blocks) {
    if (block.type !== 'paragraph' && block.type !== 'heading') {
      target().push(block)
      continue
    }
    let inline: ProseMirrorJSON[] = []
    const flush = () => {
      const paragraph = paragraphOf(block.type, block.attrs, inline)
      if (paragraph) target().push(paragraph)
      inline = []
    }
    for (const node of block.content ?? []) {
      const match = isBold(node) ? matchLabel(node.text ?? '', SUB_LABELS, { exact: true, keys }) : undefined
      if (match) {
        flush()
        result.parts.push({ key: match.key, label: (node.text ?? '').trim(), blocks: [] })
      } else {
        inline.push(node)
      }
    }
    flush()
  }
  return result
}

/** The plain text of blocks, one line per block. */
export function blocksText(blocks: readonly ProseMirrorJSON[]): string {
  return blocks.map(nodeText).join('\n').trim()
}
