import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createTextAnchor, resolveTextAnchor } from '../../shared/anchors.js'

const TEXT = 'El informe señala que no están involucrados aunque hay eventos.'
const SPAN = 'no están involucrados'

/** Two replicas of a narrative paragraph, like y-prosemirror lays it out. */
function replicas(): { a: Y.Doc; b: Y.Doc; textOf(doc: Y.Doc): Y.XmlText; sync(): void } {
  const a = new Y.Doc()
  const paragraph = new Y.XmlElement('paragraph')
  a.getXmlFragment('text:paris.civilSociety').insert(0, [paragraph])
  paragraph.insert(0, [new Y.XmlText(TEXT)])
  const b = new Y.Doc()
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  const textOf = (doc: Y.Doc) => (doc.getXmlFragment('text:paris.civilSociety').get(0) as Y.XmlElement).get(0) as Y.XmlText
  const sync = () => {
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  }
  return { a, b, textOf, sync }
}

describe('text anchors (Yjs relative positions)', () => {
  it('resolve to the span they were made on', () => {
    const { a, textOf } = replicas()
    const anchor = createTextAnchor(textOf(a), TEXT.indexOf(SPAN), SPAN.length)
    expect(resolveTextAnchor(a, anchor)).toMatchObject({ text: SPAN, detached: false })
  })

  it('hold under concurrent inserts and deletes before, inside and after the span', () => {
    const { a, b, textOf, sync } = replicas()
    const anchor = createTextAnchor(textOf(a), TEXT.indexOf(SPAN), SPAN.length)
    // While A anchors, B edits concurrently: before, inside, after.
    const tb = textOf(b)
    tb.insert(TEXT.length, ' Fin.') // after
    tb.insert(TEXT.indexOf('involucrados'), 'realmente ') // inside
    tb.delete(0, 'El informe '.length) // before
    tb.insert(0, 'Nota: ') // before
    // A keeps editing too.
    textOf(a).insert(TEXT.indexOf(SPAN) + SPAN.length, ',') // right after the span: stays outside
    sync()
    for (const doc of [a, b]) {
      expect(textOf(doc).toString()).toBe(textOf(a).toString())
      expect(resolveTextAnchor(doc, anchor)).toMatchObject({ text: 'no están realmente involucrados', detached: false })
    }
    expect(textOf(a).toString()).toBe('Nota: señala que no están realmente involucrados, aunque hay eventos. Fin.')
  })

  it('a deleted span detaches; the anchor survives partial deletion', () => {
    const { a, b, textOf, sync } = replicas()
    const anchor = createTextAnchor(textOf(a), TEXT.indexOf(SPAN), SPAN.length)
    textOf(b).delete(TEXT.indexOf(SPAN), 'no están '.length)
    sync()
    expect(resolveTextAnchor(a, anchor)).toMatchObject({ text: 'involucrados', detached: false })
    textOf(a).delete(TEXT.indexOf(SPAN) - 1, 'x involucrados'.length)
    sync()
    expect(resolveTextAnchor(b, anchor)).toMatchObject({ text: '', detached: true })
  })
})
