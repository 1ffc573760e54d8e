/**
 * The one ProseMirror schema of sheet narratives, used by y-prosemirror in the client and by the
 * server to render narratives. Deliberately small: what the Word sheets actually use (paragraphs,
 * sub-headings, lists, bold, italic, links). Every `toDOM` returns an array spec so that
 * shared/richtext/render.ts can turn it into HTML without a DOM.
 */
import { Schema } from 'prosemirror-model'
import type { DOMOutputSpec, MarkSpec, NodeSpec } from 'prosemirror-model'

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:'])

/** True for a link target that is safe to put in an `href`: http, https or mailto only. */
export function isSafeHref(href: unknown): href is string {
  if (typeof href !== 'string' || href.trim() === '') return false
  try {
    return SAFE_PROTOCOLS.has(new URL(href.trim()).protocol)
  } catch {
    return false
  }
}

const nodes = {
  doc: { content: 'block+' },
  paragraph: {
    content: 'inline*',
    group: 'block',
    parseDOM: [{ tag: 'p' }],
    toDOM: (): DOMOutputSpec => ['p', 0],
  },
  // Levels 3–4 only: the sheet's own section titles are the levels above.
  heading: {
    attrs: { level: { default: 3 } },
    content: 'inline*',
    group: 'block',
    defining: true,
    parseDOM: [
      { tag: 'h3', attrs: { level: 3 } },
      { tag: 'h4', attrs: { level: 4 } },
    ],
    toDOM: (node): DOMOutputSpec => [Number(node.attrs['level']) === 4 ? 'h4' : 'h3', 0],
  },
  bullet_list: {
    content: 'list_item+',
    group: 'block',
    parseDOM: [{ tag: 'ul' }],
    toDOM: (): DOMOutputSpec => ['ul', 0],
  },
  ordered_list: {
    attrs: { order: { default: 1 } },
    content: 'list_item+',
    group: 'block',
    parseDOM: [{
      tag: 'ol',
      getAttrs: (dom) => ({ order: dom.hasAttribute('start') ? Number(dom.getAttribute('start')) || 1 : 1 }),
    }],
    toDOM: (node): DOMOutputSpec => {
      const order = Number(node.attrs['order'])
      return Number.isInteger(order) && order !== 1 ? ['ol', { start: String(order) }, 0] : ['ol', 0]
    },
  },
  list_item: {
    content: 'paragraph block*',
    defining: true,
    parseDOM: [{ tag: 'li' }],
    toDOM: (): DOMOutputSpec => ['li', 0],
  },
  text: { group: 'inline' },
  hard_break: {
    inline: true,
    group: 'inline',
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM: (): DOMOutputSpec => ['br'],
  },
} satisfies Record<string, NodeSpec>

// Mark order is nesting order: a link wraps the emphasis inside it, as in prosemirror-schema-basic.
const marks = {
  link: {
    attrs: { href: {}, title: { default: null } },
    inclusive: false,
    parseDOM: [{
      tag: 'a[href]',
      getAttrs: (dom) => {
        const href = dom.getAttribute('href')
        return isSafeHref(href) ? { href, title: dom.getAttribute('title') } : false
      },
    }],
    // An unsafe href (javascript:, data:) that reached the document some other way is dropped
    // at output, never written into the page.
    toDOM: (mark): DOMOutputSpec => {
      const href: unknown = mark.attrs['href']
      const title: unknown = mark.attrs['title']
      return ['a', {
        href: isSafeHref(href) ? href.trim() : null,
        title: typeof title === 'string' ? title : null,
        rel: 'noopener noreferrer nofollow',
      }, 0]
    },
  },
  em: {
    parseDOM: [{ tag: 'i' }, { tag: 'em' }, { style: 'font-style=italic' }],
    toDOM: (): DOMOutputSpec => ['em', 0],
  },
  strong: {
    parseDOM: [{ tag: 'strong' }, { tag: 'b' }, { style: 'font-weight=bold' }],
    toDOM: (): DOMOutputSpec => ['strong', 0],
  },
} satisfies Record<string, MarkSpec>

/** The schema of every narrative of the sheet. */
export const richTextSchema = new Schema({ nodes, marks })

/** ProseMirror JSON of a document or node (what `Node.toJSON()` produces). */
export interface ProseMirrorJSON {
  type: string
  attrs?: Record<string, unknown>
  content?: ProseMirrorJSON[]
  marks?: { type: string; attrs?: Record<string, unknown> }[]
  text?: string
}
