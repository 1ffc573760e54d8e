/**
 * A narrative's HTML (`NarrativeJson.html`) read back into a small block model that both the HTML
 * and the Word export write out. Reading it through a parser and re-serialising it, rather than
 * pasting the string, means an export can only ever emit the narrative schema's own tags
 * (p, h3, h4, ul, ol, li, strong, em, a, br), whatever string reached the JSON.
 */
import { parseHTML } from 'linkedom'
import { escapeHtml } from '../../shared/richtext/render.js'
import { isSafeHref } from '../../shared/richtext/schema.js'

/** A run of text with its marks, or a line break. */
export type RichInline =
  | { kind: 'text'; text: string; bold: boolean; italic: boolean; href: string | null }
  | { kind: 'break' }

/** A block of a narrative. List items hold blocks (a paragraph, maybe a nested list). */
export type RichBlock =
  | { kind: 'paragraph'; inlines: RichInline[] }
  | { kind: 'heading'; level: 3 | 4; inlines: RichInline[] }
  | { kind: 'list'; ordered: boolean; start: number; items: RichBlock[][] }

type Marks = { bold: boolean; italic: boolean; href: string | null }

// Minimal structural view of linkedom's nodes, so the walker is typed without DOM globals.
interface DomNode {
  nodeType: number
  nodeName: string
  textContent: string | null
  childNodes: ArrayLike<DomNode>
  getAttribute?: (name: string) => string | null
}

const TEXT_NODE = 3
const ELEMENT_NODE = 1

function children(node: DomNode): DomNode[] {
  return Array.from(node.childNodes)
}

function inlinesOf(node: DomNode, marks: Marks, out: RichInline[]): RichInline[] {
  for (const child of children(node)) {
    if (child.nodeType === TEXT_NODE) {
      const text = child.textContent ?? ''
      if (text !== '') out.push({ kind: 'text', text, ...marks })
      continue
    }
    if (child.nodeType !== ELEMENT_NODE) continue
    const tag = child.nodeName.toLowerCase()
    if (tag === 'br') out.push({ kind: 'break' })
    else if (tag === 'strong' || tag === 'b') inlinesOf(child, { ...marks, bold: true }, out)
    else if (tag === 'em' || tag === 'i') inlinesOf(child, { ...marks, italic: true }, out)
    else if (tag === 'a') {
      const href = child.getAttribute?.('href') ?? null
      inlinesOf(child, { ...marks, href: isSafeHref(href) ? href.trim() : marks.href }, out)
    } else if (tag !== 'script' && tag !== 'style') inlinesOf(child, marks, out) // unknown tag: keep its text only
  }
  return out
}

// The parser may split one text into several nodes (around an entity such as &amp;): join them back.
function merged(inlines: RichInline[]): RichInline[] {
  const out: RichInline[] = []
  for (const inline of inlines) {
    const last = out[out.length - 1]
    if (inline.kind === 'text' && last?.kind === 'text' && last.bold === inline.bold && last.italic === inline.italic && last.href === inline.href) {
      out[out.length - 1] = { ...last, text: last.text + inline.text }
    } else out.push(inline)
  }
  return out
}

const PLAIN: Marks = { bold: false, italic: false, href: null }

function blocksOf(node: DomNode): RichBlock[] {
  const blocks: RichBlock[] = []
  let loose: RichInline[] = []
  // Inline content outside a block (never written by our renderer) still becomes a paragraph.
  const flush = () => {
    if (loose.some((i) => i.kind === 'break' || i.text.trim() !== '')) blocks.push({ kind: 'paragraph', inlines: merged(loose) })
    loose = []
  }
  for (const child of children(node)) {
    const tag = child.nodeType === ELEMENT_NODE ? child.nodeName.toLowerCase() : ''
    if (tag === 'p' || tag === 'div') {
      flush()
      blocks.push({ kind: 'paragraph', inlines: merged(inlinesOf(child, PLAIN, [])) })
    } else if (/^h[1-6]$/.test(tag)) {
      flush()
      blocks.push({ kind: 'heading', level: tag === 'h4' || tag === 'h5' || tag === 'h6' ? 4 : 3, inlines: merged(inlinesOf(child, PLAIN, [])) })
    } else if (tag === 'ul' || tag === 'ol') {
      flush()
      const start = Number(child.getAttribute?.('start') ?? '1')
      const items = children(child)
        .filter((item) => item.nodeType === ELEMENT_NODE && item.nodeName.toLowerCase() === 'li')
        .map((item) => blocksOf(item))
      blocks.push({ kind: 'list', ordered: tag === 'ol', start: Number.isInteger(start) && start > 0 ? start : 1, items })
    } else if (tag === 'script' || tag === 'style') {
      continue
    } else if (child.nodeType === TEXT_NODE || child.nodeType === ELEMENT_NODE) {
      inlinesOf({ nodeType: ELEMENT_NODE, nodeName: 'span', textContent: null, childNodes: [child] }, PLAIN, loose)
    }
  }
  flush()
  return blocks
}

/**
 * Blocks of a narrative: parsed from its HTML, or, if that is empty, one paragraph per line of
 * its plain text. An empty narrative gives `[]`.
 */
export function narrativeBlocks(narrative: { html: string; text: string }): RichBlock[] {
  if (narrative.html.trim() !== '') {
    const { document } = parseHTML(`<!doctype html><html><body><div id="root">${narrative.html}</div></body></html>`)
    const root = document.getElementById('root') as unknown as DomNode | null
    if (root) return blocksOf(root)
  }
  return narrative.text.split('\n').filter((line) => line.trim() !== '')
    .map((line) => ({ kind: 'paragraph', inlines: [{ kind: 'text', text: line, ...PLAIN }] }))
}

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function inlinesToHtml(inlines: RichInline[]): string {
  return inlines.map((inline) => {
    if (inline.kind === 'break') return '<br>'
    let html = escapeHtml(inline.text)
    if (inline.bold) html = `<strong>${html}</strong>`
    if (inline.italic) html = `<em>${html}</em>`
    if (inline.href) html = `<a href="${escapeAttribute(inline.href)}" rel="noopener noreferrer nofollow">${html}</a>`
    return html
  }).join('')
}

/** HTML of narrative blocks, built only from the narrative schema's tags; all text escaped. */
export function blocksToHtml(blocks: RichBlock[]): string {
  return blocks.map((block) => {
    if (block.kind === 'paragraph') return `<p>${inlinesToHtml(block.inlines)}</p>`
    if (block.kind === 'heading') return `<h${block.level + 1}>${inlinesToHtml(block.inlines)}</h${block.level + 1}>`
    const tag = block.ordered ? 'ol' : 'ul'
    const start = block.ordered && block.start !== 1 ? ` start="${block.start}"` : ''
    return `<${tag}${start}>${block.items.map((item) => `<li>${blocksToHtml(item)}</li>`).join('')}</${tag}>`
  }).join('')
}
