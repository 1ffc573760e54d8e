/**
 * Narratives out of Yjs, without a DOM (Node has none): HTML and plain text of a Y.XmlFragment as
 * written by y-prosemirror, where an XmlElement's nodeName is the node type and an XmlText's delta
 * attributes are the marks. The HTML tags come from the schema's own `toDOM` specs, so the schema
 * stays the one source of the markup.
 *
 * y-prosemirror's own converters are not used for reading: on content the schema rejects they
 * delete it from the Yjs document, and rendering must never change the document.
 */
import * as Y from 'yjs'
import { prosemirrorJSONToYXmlFragment } from 'y-prosemirror'
import { Node as PMNode } from 'prosemirror-model'
import type { DOMOutputSpec, Mark } from 'prosemirror-model'
import { richTextSchema } from './schema.js'
import type { ProseMirrorJSON } from './schema.js'

const VOID_TAGS = new Set(['br', 'hr', 'img', 'wbr'])
const HOLE = '\u0000'
const MARK_ORDER = Object.keys(richTextSchema.marks)

/** Escape text content for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
}

function escapeAttribute(text: string): string {
  return text.replace(/\u0000/g, '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** HTML of a `toDOM` array spec with `content` in its hole. DOM-node specs cannot occur server-side. */
function specToHtml(spec: DOMOutputSpec, content: string): string {
  if (typeof spec === 'string') return escapeHtml(spec)
  if (!Array.isArray(spec)) return content
  const [rawTag, ...rest] = spec as readonly [string, ...unknown[]]
  const tag = rawTag.split(' ').pop() ?? rawTag // drop an XML namespace prefix
  let attributes = ''
  const first = rest[0]
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
    rest.shift()
    for (const [name, value] of Object.entries(first as Record<string, unknown>)) {
      if (value === null || value === undefined) continue // ProseMirror also omits null attributes
      attributes += ` ${name}="${escapeAttribute(String(value))}"`
    }
  }
  if (VOID_TAGS.has(tag)) return `<${tag}${attributes}>`
  const inner = rest.map((child) => {
    if (child === 0) return content
    if (typeof child === 'string') return escapeHtml(child)
    if (Array.isArray(child)) return specToHtml(child as unknown as DOMOutputSpec, content)
    return ''
  }).join('')
  return `<${tag}${attributes}>${inner}</${tag}>`
}

/** A span of text with its marks, or an inline node such as hard_break. */
type InlineRun = { text: string; marks: Mark[] } | { element: Y.XmlElement }

function marksOf(attributes: Record<string, unknown> | undefined): Mark[] {
  if (!attributes) return []
  const marks: Mark[] = []
  for (const [key, attrs] of Object.entries(attributes)) {
    // y-prosemirror suffixes overlapping marks with a hash: `link--a1b2c3d4`.
    const name = /^(.*)--[a-zA-Z0-9+/=]{8}$/.exec(key)?.[1] ?? key
    if (!(name in richTextSchema.marks) || attrs === null) continue
    try {
      marks.push(richTextSchema.mark(name, (attrs ?? {}) as Record<string, unknown>))
    } catch {
      // A mark missing a required attribute (a link without href) is dropped, its text kept.
    }
  }
  return marks.sort((a, b) => MARK_ORDER.indexOf(a.type.name) - MARK_ORDER.indexOf(b.type.name))
}

function inlineRuns(children: readonly (Y.XmlElement | Y.XmlText | Y.XmlHook)[]): InlineRun[] {
  const runs: InlineRun[] = []
  for (const child of children) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof op.insert === 'string') runs.push({ text: op.insert, marks: marksOf(op.attributes) })
      }
    } else if (child instanceof Y.XmlElement) {
      runs.push({ element: child })
    }
  }
  return runs
}

function markSpec(mark: Mark): [open: string, close: string] {
  const spec = mark.type.spec.toDOM?.(mark, true) ?? ['span', 0]
  const html = specToHtml(spec, HOLE)
  const at = html.indexOf(HOLE)
  return at === -1 ? [html, ''] : [html.slice(0, at), html.slice(at + 1)]
}

/** Inline HTML, keeping a mark open across adjacent runs that share it (as ProseMirror does). */
function inlineHtml(runs: InlineRun[]): string {
  let html = ''
  const open: { mark: Mark; close: string }[] = []
  const closeTo = (depth: number) => {
    while (open.length > depth) html += open.pop()?.close ?? ''
  }
  for (const run of runs) {
    if ('element' in run) {
      closeTo(0)
      html += elementHtml(run.element)
      continue
    }
    let keep = 0
    while (keep < open.length && keep < run.marks.length && open[keep]?.mark.eq(run.marks[keep] as Mark)) keep++
    closeTo(keep)
    for (const mark of run.marks.slice(keep)) {
      const [openTag, close] = markSpec(mark)
      html += openTag
      open.push({ mark, close })
    }
    html += escapeHtml(run.text)
  }
  closeTo(0)
  return html
}

function nodeFor(element: Y.XmlElement): PMNode | null {
  const type = richTextSchema.nodes[element.nodeName]
  if (!type || type.isText) return null
  try {
    return type.create(element.getAttributes() as Record<string, unknown>)
  } catch {
    return null
  }
}

function childrenHtml(parent: Y.XmlElement | Y.XmlFragment): string {
  const children = parent.toArray()
  if (children.some((child) => child instanceof Y.XmlText) || (parent instanceof Y.XmlElement && nodeFor(parent)?.isTextblock)) {
    return inlineHtml(inlineRuns(children))
  }
  return children.map((child) => (child instanceof Y.XmlElement ? elementHtml(child) : '')).join('')
}

function elementHtml(element: Y.XmlElement): string {
  const node = nodeFor(element)
  const content = childrenHtml(element)
  // Unknown node types (from a newer client) keep their content rather than vanish.
  if (!node) return content
  const toDOM = node.type.spec.toDOM
  return toDOM ? specToHtml(toDOM(node), content) : content
}

/**
 * HTML of a narrative. Text is escaped; tags and attributes come from the rich-text schema.
 *
 * @example fragmentToHtml(sheetNarrative(doc, 'summary')) // '<p>El presente programa…</p>'
 */
export function fragmentToHtml(fragment: Y.XmlFragment): string {
  return fragment.toArray().map((child) => {
    // Stray top-level text is not valid in the schema; show it as a paragraph rather than lose it.
    if (child instanceof Y.XmlText) return `<p>${inlineHtml(inlineRuns([child]))}</p>`
    return child instanceof Y.XmlElement ? elementHtml(child) : ''
  }).join('')
}

function inlineText(children: readonly unknown[]): string {
  return children.map((child) => {
    if (child instanceof Y.XmlText) {
      return (child.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('')
    }
    if (child instanceof Y.XmlElement) return child.nodeName === 'hard_break' ? '\n' : blockText(child)
    return ''
  }).join('')
}

function indent(text: string, prefix: string): string {
  const pad = ' '.repeat(prefix.length)
  return text.split('\n').map((line, i) => (i === 0 ? prefix + line : line === '' ? line : pad + line)).join('\n')
}

function blockText(element: Y.XmlElement | Y.XmlFragment): string {
  const children = element.toArray()
  if (element instanceof Y.XmlElement && (element.nodeName === 'bullet_list' || element.nodeName === 'ordered_list')) {
    const start = Number(element.getAttribute('order' as never) ?? 1)
    const first = Number.isInteger(start) ? start : 1
    return children.map((item, i) => {
      const prefix = element.nodeName === 'bullet_list' ? '- ' : `${first + i}. `
      return indent(item instanceof Y.XmlElement ? blockText(item) : '', prefix)
    }).join('\n')
  }
  if (children.some((child) => child instanceof Y.XmlText) || (element instanceof Y.XmlElement && nodeFor(element)?.isTextblock)) {
    return inlineText(children)
  }
  return children.map((child) => (child instanceof Y.XmlElement ? blockText(child) : inlineText([child]))).join('\n')
}

/**
 * Plain text of a narrative: blocks joined with `\n`, list items prefixed with `- ` or `1. `,
 * hard breaks as `\n`. Used for search, exports and the JSON `text`.
 */
export function fragmentToText(fragment: Y.XmlFragment): string {
  return blockText(fragment)
}

/**
 * Replace a narrative's content with a ProseMirror JSON document (fixtures, the importer). Uses
 * y-prosemirror's `prosemirrorJSONToYXmlFragment`, which diffs into the existing fragment via
 * `updateYFragment`, so it works on a fragment that already has content. Throws if the JSON does
 * not fit the rich-text schema: that is a programming error of the caller, not user data.
 */
export function setNarrativeFromProsemirrorJSON(fragment: Y.XmlFragment, json: ProseMirrorJSON): void {
  PMNode.fromJSON(richTextSchema, json).check()
  prosemirrorJSONToYXmlFragment(richTextSchema, json, fragment)
}

/**
 * ProseMirror JSON of a document made of plain paragraphs; an empty string gives an empty paragraph.
 *
 * @example setNarrativeFromProsemirrorJSON(sheetNarrative(doc, 'summary'), paragraphsJSON('One.', 'Two.'))
 */
export function paragraphsJSON(...paragraphs: string[]): ProseMirrorJSON {
  const content = paragraphs.map((text): ProseMirrorJSON =>
    text === '' ? { type: 'paragraph' } : { type: 'paragraph', content: [{ type: 'text', text }] })
  return { type: 'doc', content: content.length > 0 ? content : [{ type: 'paragraph' }] }
}
