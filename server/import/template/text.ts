/**
 * Text helpers of the template importer: stripping the HTML that Word left in cells, comparing
 * labels regardless of case, accents and markup, and reading ProseMirror JSON as plain text.
 * Everything here is linear in its input (indexOf scans and simple character classes, no nested
 * quantifiers), so a 5 MB file cannot make a regular expression backtrack for minutes.
 */
import type { ProseMirrorJSON } from '../../../shared/richtext/schema.js'

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', laquo: '«', raquo: '»',
}

/** Decode the character references Word writes (`&amp;`, `&nbsp;`, `&#233;`, `&#xE9;`). */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole
  })
}

// Tags after which the text of the next element starts a new word.
const BLOCK_TAG = /^<\/?(p|div|li|ul|ol|br|tr|td|th|table|thead|tbody|h\d)\b/i

/** Visible text of an HTML fragment (or plain text), whitespace collapsed, markdown `**` and `#` removed. */
export function plainText(html: string): string {
  let out = ''
  let at = 0
  for (;;) {
    const open = html.indexOf('<', at)
    if (open === -1) break
    const close = html.indexOf('>', open)
    if (close === -1) break
    out += html.slice(at, open)
    if (BLOCK_TAG.test(html.slice(open, Math.min(close + 1, open + 12)))) out += ' '
    at = close + 1
  }
  out += html.slice(at)
  return decodeEntities(out).replace(/\*\*/g, '').replace(/^\s*#{1,6}\s/, '').replace(/[\s\u00a0\u202f]+/g, ' ').trim()
}

/** True when the text carries HTML markup worth parsing as rich text. */
export function hasHtml(text: string): boolean {
  return /<\/?[a-z][a-z0-9]*\b[^<>]*>/i.test(text)
}

/**
 * The comparable form of a label or a word: no markup, no accents, lower case, one space between
 * words, no trailing colon; slashes and apostrophes written one way.
 *
 * @example normalise('<b>Extensión:</b>') // 'extension'
 */
export function normalise(text: string): string {
  return plainText(text)
    .normalize('NFD').replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/\s*\/\s*/g, '/')
    .replace(/[\s:;.]+$/, '')
    .replace(/\s+:/g, ':')
    .trim()
}

/** The plain text of a ProseMirror node; hard breaks become `\n`, blocks are joined by `\n`. */
export function nodeText(node: ProseMirrorJSON): string {
  if (node.type === 'text') return node.text ?? ''
  if (node.type === 'hard_break') return '\n'
  const parts = (node.content ?? []).map(nodeText)
  const inline = node.type === 'paragraph' || node.type === 'heading'
  return parts.join(inline ? '' : '\n')
}

/** True when a ProseMirror document has no visible text. */
export function isBlankDoc(doc: ProseMirrorJSON): boolean {
  return nodeText(doc).trim() === ''
}

/** A document made of the given blocks, or of one empty paragraph. */
export function docOf(blocks: ProseMirrorJSON[]): ProseMirrorJSON {
  return { type: 'doc', content: blocks.length > 0 ? blocks : [{ type: 'paragraph' }] }
}

/** Every `<tag …>…</tag>` inner HTML at the top level of `html`, found with indexOf (no regex backtracking). */
export function elementsOf(html: string, tag: string): string[] {
  const found: string[] = []
  const lower = html.toLowerCase()
  const openTag = `<${tag}`
  const closeTag = `</${tag}>`
  let at = 0
  for (;;) {
    const open = lower.indexOf(openTag, at)
    if (open === -1) break
    const after = lower[open + openTag.length]
    if (after !== '>' && after !== ' ' && after !== '\t' && after !== '\n') { at = open + openTag.length; continue }
    const start = lower.indexOf('>', open)
    if (start === -1) break
    // Nested elements of the same tag (a list inside a list item) stay inside their parent.
    let depth = 1
    let scan = start + 1
    let end = -1
    while (depth > 0) {
      const nextOpen = lower.indexOf(openTag, scan)
      const nextClose = lower.indexOf(closeTag, scan)
      if (nextClose === -1) break
      if (nextOpen !== -1 && nextOpen < nextClose) { depth++; scan = nextOpen + openTag.length; continue }
      depth--
      scan = nextClose + closeTag.length
      if (depth === 0) end = nextClose
    }
    if (end === -1) { found.push(html.slice(start + 1)); break }
    found.push(html.slice(start + 1, end))
    at = end + closeTag.length
  }
  return found
}

/** Remove every `<tag …>…</tag>` element (and its content) from `html`. */
export function withoutElements(html: string, tag: string): string {
  const lower = html.toLowerCase()
  let out = ''
  let at = 0
  for (;;) {
    const open = lower.indexOf(`<${tag}`, at)
    if (open === -1) break
    const close = lower.indexOf(`</${tag}>`, open)
    out += html.slice(at, open)
    if (close === -1) { at = html.length; break }
    at = close + tag.length + 3
  }
  return out + html.slice(at)
}
