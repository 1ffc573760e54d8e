import { describe, it, expect } from 'vitest'
import * as Y from 'yjs'
import {
  fragmentToHtml, fragmentToText, paragraphsJSON, setNarrativeFromProsemirrorJSON,
} from '../../shared/richtext/render.js'
import { isSafeHref, richTextSchema } from '../../shared/richtext/schema.js'
import type { ProseMirrorJSON } from '../../shared/richtext/schema.js'

function fragmentOf(json: ProseMirrorJSON): Y.XmlFragment {
  const doc = new Y.Doc()
  const fragment = doc.getXmlFragment('text:summary')
  setNarrativeFromProsemirrorJSON(fragment, json)
  return fragment
}

const text = (value: string, ...marks: ProseMirrorJSON['marks'] & object): ProseMirrorJSON =>
  marks.length > 0 ? { type: 'text', text: value, marks } : { type: 'text', text: value }

describe('rich-text schema', () => {
  it('has the nodes and marks the sheets use', () => {
    expect(Object.keys(richTextSchema.nodes).sort()).toEqual(
      ['bullet_list', 'doc', 'hard_break', 'heading', 'list_item', 'ordered_list', 'paragraph', 'text'])
    expect(Object.keys(richTextSchema.marks).sort()).toEqual(['em', 'link', 'strong'])
  })

  it('accepts only http, https and mailto links', () => {
    expect(isSafeHref('https://mdgfund.org')).toBe(true)
    expect(isSafeHref('mailto:Josefa.nolte@undpaffiliates.org')).toBe(true)
    expect(isSafeHref('javascript:alert(1)')).toBe(false)
    expect(isSafeHref('link')).toBe(false)
  })
})

describe('narrative rendering without a DOM', () => {
  it('renders plain paragraphs', () => {
    const fragment = fragmentOf(paragraphsJSON('Primero.', '', 'Tercero.'))
    expect(fragmentToHtml(fragment)).toBe('<p>Primero.</p><p></p><p>Tercero.</p>')
    expect(fragmentToText(fragment)).toBe('Primero.\n\nTercero.')
  })

  it('renders bold, italic and links, keeping a shared link open', () => {
    const link = { type: 'link', attrs: { href: 'https://example.org/a?b=1&c=2' } }
    const fragment = fragmentOf({ type: 'doc', content: [{ type: 'paragraph', content: [
      text('Plan C&I: ', { type: 'strong' }),
      text('si', { type: 'em' }),
      text(' — '),
      text('web ', link),
      text('page', link, { type: 'strong' }),
    ] }] })
    expect(fragmentToHtml(fragment)).toBe(
      '<p><strong>Plan C&amp;I: </strong><em>si</em> — '
      + '<a href="https://example.org/a?b=1&#38;c=2" rel="noopener noreferrer nofollow">web <strong>page</strong></a></p>')
    expect(fragmentToText(fragment)).toBe('Plan C&I: si — web page')
  })

  it('escapes < and & in text', () => {
    const fragment = fragmentOf(paragraphsJSON('a < b & <script>alert(1)</script>'))
    expect(fragmentToHtml(fragment)).toBe('<p>a &lt; b &amp; &lt;script&gt;alert(1)&lt;/script&gt;</p>')
    expect(fragmentToText(fragment)).toBe('a < b & <script>alert(1)</script>')
  })

  it('renders headings, lists and hard breaks', () => {
    const item = (value: string): ProseMirrorJSON => ({ type: 'list_item', content: [{ type: 'paragraph', content: [text(value)] }] })
    const fragment = fragmentOf({ type: 'doc', content: [
      { type: 'heading', attrs: { level: 4 }, content: [text('Fechas')] },
      { type: 'bullet_list', content: [item('Abril, 2009'), item('Octubre, 2010')] },
      { type: 'ordered_list', attrs: { order: 2 }, content: [item('dos'), {
        type: 'list_item', content: [
          { type: 'paragraph', content: [text('tres')] },
          { type: 'bullet_list', content: [item('anidado')] },
        ] }] },
      { type: 'paragraph', content: [text('línea'), { type: 'hard_break' }, text('otra')] },
    ] })
    expect(fragmentToHtml(fragment)).toBe(
      '<h4>Fechas</h4><ul><li><p>Abril, 2009</p></li><li><p>Octubre, 2010</p></li></ul>'
      + '<ol start="2"><li><p>dos</p></li><li><p>tres</p><ul><li><p>anidado</p></li></ul></li></ol>'
      + '<p>línea<br>otra</p>')
    expect(fragmentToText(fragment)).toBe(
      'Fechas\n- Abril, 2009\n- Octubre, 2010\n2. dos\n3. tres\n   - anidado\nlínea\notra')
  })

  it('drops an unsafe link target but keeps its text', () => {
    const doc = new Y.Doc()
    const fragment = doc.getXmlFragment('text:summary')
    const paragraph = new Y.XmlElement('paragraph')
    fragment.insert(0, [paragraph])
    const run = new Y.XmlText()
    paragraph.insert(0, [run])
    run.insert(0, 'click', { link: { href: 'javascript:alert(1)' } })
    expect(fragmentToHtml(fragment)).toBe('<p><a rel="noopener noreferrer nofollow">click</a></p>')
  })

  it('replaces existing content and leaves the document unchanged when rendering', () => {
    const fragment = fragmentOf(paragraphsJSON('old'))
    setNarrativeFromProsemirrorJSON(fragment, paragraphsJSON('new', 'second'))
    const before = Y.encodeStateAsUpdate(fragment.doc as Y.Doc)
    expect(fragmentToText(fragment)).toBe('new\nsecond')
    fragmentToHtml(fragment)
    expect(Y.encodeStateAsUpdate(fragment.doc as Y.Doc)).toEqual(before)
  })

  it('renders an empty fragment as empty strings', () => {
    const fragment = new Y.Doc().getXmlFragment('text:observations')
    expect(fragmentToHtml(fragment)).toBe('')
    expect(fragmentToText(fragment)).toBe('')
  })
})
