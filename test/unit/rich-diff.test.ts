import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { richDiff, type RichBlock } from '../../shared/rich-diff.js'
import { fragmentToHtml, setNarrativeFromProsemirrorJSON } from '../../shared/richtext/render.js'
import type { ProseMirrorJSON } from '../../shared/richtext/schema.js'

/** The HTML our renderer writes for a ProseMirror document: what the diff reads in a sheet's JSON. */
function rendered(...content: ProseMirrorJSON[]): string {
  const fragment = new Y.Doc().getXmlFragment('n')
  setNarrativeFromProsemirrorJSON(fragment, { type: 'doc', content })
  return fragmentToHtml(fragment)
}
const text = (value: string, ...marks: ProseMirrorJSON['marks'] & object): ProseMirrorJSON => ({ type: 'text', text: value, ...(marks.length > 0 ? { marks } : {}) })
const paragraph = (...content: ProseMirrorJSON[]): ProseMirrorJSON => ({ type: 'paragraph', content })
const list = (type: 'bullet_list' | 'ordered_list', ...items: ProseMirrorJSON[][]): ProseMirrorJSON => ({ type, content: items.map((content) => ({ type: 'list_item', content })) })
/** A block as `type/depth: op:text…`, marks as `*bold*`, `_em_`, `[link](href)`. */
const shape = (blocks: RichBlock[]) => blocks.map((b) => `${b.type}/${b.depth}: ${b.runs.map((r) => {
  let t = r.text
  if (r.em) t = `_${t}_`
  if (r.strong) t = `*${t}*`
  if (r.href !== undefined) t = `[${t}](${r.href})`
  return r.op === 'equal' ? t : `${r.op === 'insert' ? '+' : '-'}{${t}}`
}).join('')}`)

describe('richDiff: a word-level diff that keeps the formatting', () => {
  it('keeps list items as items and bold as bold, marking only what changed', () => {
    const before = rendered(
      paragraph(text('Resultados del semestre:')),
      list('bullet_list', [paragraph(text('Dos talleres'))], [paragraph(text('Un estudio de base'))]),
    )
    const after = rendered(
      paragraph(text('Resultados del semestre:')),
      list('bullet_list', [paragraph(text('Tres', { type: 'strong' }), text(' talleres'))], [paragraph(text('Un estudio de base'))], [paragraph(text('Una guía'))]),
    )
    expect(shape(richDiff(before, after))).toEqual([
      'paragraph/0: Resultados del semestre:',
      'bullet/1: -{Dos}+{*Tres*} talleres',
      'bullet/1: Un estudio de base',
      'bullet/1: +{Una guía}',
    ])
  })

  it('tells numbered from bulleted lists, nested items by depth, headings, italics and links', () => {
    const before = rendered(
      { type: 'heading', attrs: { level: 3 }, content: [text('Plan')] },
      list('ordered_list', [paragraph(text('Primero')), list('bullet_list', [paragraph(text('detalle'))])]),
    )
    const after = rendered(
      { type: 'heading', attrs: { level: 3 }, content: [text('Plan')] },
      list('ordered_list', [paragraph(text('Primero')), list('bullet_list', [paragraph(text('detalle'), text(' nuevo', { type: 'em' }))])]),
      paragraph(text('Ver '), text('el informe', { type: 'link', attrs: { href: 'https://example.org/a?b=1&c=2' } })),
    )
    expect(shape(richDiff(before, after))).toEqual([
      'heading3/0: Plan',
      'ordered/1: Primero',
      'bullet/2: detalle+{_ nuevo_}',
      'paragraph/0: +{Ver }+{[el informe](https://example.org/a?b=1&c=2)}',
    ])
  })

  it('reads escaped text back as typed, and an unchanged narrative as one equal run per block', () => {
    const html = rendered(paragraph(text('a < b & c > "d"')), paragraph(text('línea'), { type: 'hard_break' }, text('siguiente')))
    expect(shape(richDiff(html, html))).toEqual(['paragraph/0: a < b & c > "d"', 'paragraph/0: línea\nsiguiente'])
    expect(richDiff('', '')).toEqual([])
  })

  it('a whole narrative removed, or written from nothing, is one deletion or insertion per block', () => {
    const html = rendered(paragraph(text('Uno')), list('bullet_list', [paragraph(text('dos'))]))
    expect(shape(richDiff(html, ''))).toEqual(['paragraph/0: -{Uno}', 'bullet/1: -{dos}'])
    expect(shape(richDiff('', html))).toEqual(['paragraph/0: +{Uno}', 'bullet/1: +{dos}'])
  })

  it('compares very long narratives block by block instead of word by word (memory stays bounded)', () => {
    const paragraphs = Array.from({ length: 400 }, (_, i) => paragraph(text(`párrafo ${i} ${'palabra '.repeat(20)}`.trim())))
    const before = rendered(...paragraphs)
    const after = rendered(...paragraphs.slice(0, 200), paragraph(text('insertado')), ...paragraphs.slice(200))
    const blocks = richDiff(before, after)
    expect(blocks).toHaveLength(401)
    expect(shape([blocks[200]!])).toEqual(['paragraph/0: +{insertado}'])
    expect(blocks.filter((b) => b.runs.some((r) => r.op !== 'equal'))).toHaveLength(1)
  })
})
