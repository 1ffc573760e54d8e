import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { changedFieldNames, changedFields, type FieldChange } from '../../shared/sheet/changes.js'
import { addRow, findRow, getField, removeRow, rowNarrative, setCell, setField, sheetFields, sheetNarrative } from '../../shared/sheet/layout.js'
import { paragraphsJSON, setNarrativeFromProsemirrorJSON } from '../../shared/richtext/render.js'
import { buildPeruSheet, PERU_ROW_IDS } from '../fixtures/peru-sheet.js'

/** What each transaction `change` makes changed, as the server tells the audit log (in afterTransaction). */
function changesOf(doc: Y.Doc, change: (doc: Y.Doc) => void): FieldChange[][] {
  const named: FieldChange[][] = []
  const listener = (transaction: Y.Transaction) => named.push(changedFields(doc, transaction).sort((a, b) => a.field.localeCompare(b.field)))
  doc.on('afterTransaction', listener)
  change(doc)
  doc.off('afterTransaction', listener)
  return named
}

/** The names alone, as the client counts its changes waiting (in the update event). */
function fieldsOf(doc: Y.Doc, change: (doc: Y.Doc) => void): string[][] {
  const named: string[][] = []
  const listener = (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => named.push(changedFieldNames(doc, transaction).sort())
  doc.on('update', listener)
  change(doc)
  doc.off('update', listener)
  return named
}

describe('changedFields (the audit log names what each update changed)', () => {
  const [finance] = PERU_ROW_IDS.finance
  const [result] = PERU_ROW_IDS.results

  it('names fields, cells, rows added or removed, narratives and row narratives', () => {
    const doc = new Y.Doc()
    buildPeruSheet(doc)
    expect(fieldsOf(doc, (d) => setField(d, 'identity.country', 'Perú'))).toEqual([['identity.country']])
    expect(fieldsOf(doc, (d) => setCell(d, 'finance', finance, 'transferred', '12'))).toEqual([[`list:finance/${finance}/transferred`]])
    expect(fieldsOf(doc, (d) => addRow(d, 'tranches', { amount: '5' }))).toEqual([['list:tranches']])
    expect(fieldsOf(doc, (d) => removeRow(d, 'tranches', PERU_ROW_IDS.tranches[0]))).toEqual([['list:tranches']])
    expect(fieldsOf(doc, (d) => setNarrativeFromProsemirrorJSON(sheetNarrative(d, 'summary'), paragraphsJSON('Dicho.')))).toEqual([['text:summary']])
    const statement = rowNarrative(findRow(doc, 'results', result)!, 'statement')!
    expect(fieldsOf(doc, () => setNarrativeFromProsemirrorJSON(statement, paragraphsJSON('Nuevo.')))).toEqual([[`list:results/${result}/statement`]])
  })

  it('names every field of one transaction once, and nothing for roots outside the sheet', () => {
    const doc = new Y.Doc()
    buildPeruSheet(doc)
    const named = fieldsOf(doc, (d) =>
      d.transact(() => {
        setField(d, 'dates.start', '2009-12-01')
        setField(d, 'dates.start', '2009-12-02')
        setField(d, 'budget.total', '5000001')
        setCell(d, 'finance', finance, 'transferred', '1')
        setCell(d, 'finance', finance, 'committed', '1')
        d.getMap('not-a-sheet-root').set('x', 1)
      }),
    )
    expect(named).toEqual([['budget.total', 'dates.start', `list:finance/${finance}/committed`, `list:finance/${finance}/transferred`]])
  })

  it('tells a field\'s and a cell\'s value before and after, and the text typed into and taken out of a narrative', () => {
    const doc = new Y.Doc()
    buildPeruSheet(doc)
    const total = getField(doc, 'budget.total')
    const me = doc.clientID
    expect(changesOf(doc, (d) => setField(d, 'budget.total', '5000002'))).toEqual([[{ kind: 'value', field: 'budget.total', from: total, fromClient: me, to: '5000002', toClient: me }]])
    // A field removed has no value after; set again, it had none before.
    setField(doc, 'dates.extendedEnd', '2013-01-31')
    expect(changesOf(doc, (d) => sheetFields(d).delete('dates.extendedEnd'))).toEqual([[{ kind: 'value', field: 'dates.extendedEnd', from: '2013-01-31', fromClient: me, to: null, toClient: null }]])
    expect(changesOf(doc, (d) => setField(d, 'dates.extendedEnd', '2013-06-30'))).toEqual([[{ kind: 'value', field: 'dates.extendedEnd', from: null, fromClient: null, to: '2013-06-30', toClient: me }]])
    expect(changesOf(doc, (d) => setCell(d, 'finance', finance, 'transferred', '12'))).toEqual([[expect.objectContaining({ kind: 'value', field: `list:finance/${finance}/transferred`, from: expect.any(String), to: '12' })]])
    expect(changesOf(doc, (d) => addRow(d, 'tranches', { amount: '5' }))).toEqual([[{ kind: 'rows', field: 'list:tranches' }]])

    setNarrativeFromProsemirrorJSON(sheetNarrative(doc, 'summary'), paragraphsJSON('El programa busca aliviar la pobreza.'))
    const paragraph = sheetNarrative(doc, 'summary').get(0) as Y.XmlElement
    const text = paragraph.get(0) as Y.XmlText
    expect(changesOf(doc, () => text.insert(12, ' conjunto'))).toEqual([[{ kind: 'text', field: 'text:summary', inserted: ' conjunto', deleted: '' }]])
    expect(changesOf(doc, () => text.delete(0, 3))).toEqual([[{ kind: 'text', field: 'text:summary', inserted: '', deleted: 'El ' }]])
  })

  it('tells whose value another person replaced, in turn or at the same moment (the concurrent write Yjs resolves)', () => {
    const ana = new Y.Doc()
    buildPeruSheet(ana)
    const luis = new Y.Doc()
    Y.applyUpdate(luis, Y.encodeStateAsUpdate(ana))
    const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))
    setField(ana, 'budget.total', '5000001')
    sync(ana, luis)
    // In turn: Luis overwrites Ana's figure; Ana's document says it was hers, and his now.
    setField(luis, 'budget.total', '5000002')
    expect(changesOf(ana, () => sync(luis, ana))).toEqual([[{ kind: 'value', field: 'budget.total', from: '5000001', fromClient: ana.clientID, to: '5000002', toClient: luis.clientID }]])
    // At once: both write before hearing of the other; whoever loses is told whose value won.
    setField(ana, 'budget.total', '6000001')
    setField(luis, 'budget.total', '6000002')
    const atAna = changesOf(ana, () => sync(luis, ana))
    const atLuis = changesOf(luis, () => sync(ana, luis))
    expect(getField(ana, 'budget.total')).toBe(getField(luis, 'budget.total'))
    const [loser, winner] = getField(ana, 'budget.total') === '6000002' ? [ana, luis] : [luis, ana]
    const atLoser = loser === ana ? atAna : atLuis
    expect(atLoser).toEqual([[expect.objectContaining({ from: loser === ana ? '6000001' : '6000002', fromClient: loser.clientID, toClient: winner.clientID })]])
    // The winner's value did not change: nothing to tell there.
    expect(loser === ana ? atLuis : atAna).toEqual([[]])
  })

  it('reads the fields of a document that received the sheet without ever asking for them by type', () => {
    const source = new Y.Doc()
    buildPeruSheet(source)
    // A server process that loaded the sheet from the database: its roots are untyped until read.
    const loaded = new Y.Doc()
    Y.applyUpdate(loaded, Y.encodeStateAsUpdate(source))
    const before = Y.encodeStateVector(source)
    setField(source, 'budget.total', '5000003')
    expect(changesOf(loaded, (d) => Y.applyUpdate(d, Y.encodeStateAsUpdate(source, before)))).toEqual([[expect.objectContaining({ kind: 'value', field: 'budget.total', to: '5000003', toClient: source.clientID })]])
  })
})
