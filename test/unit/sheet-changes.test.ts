import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { changedFields } from '../../shared/sheet/changes.js'
import { addRow, findRow, removeRow, rowNarrative, setCell, setField, sheetNarrative } from '../../shared/sheet/layout.js'
import { paragraphsJSON, setNarrativeFromProsemirrorJSON } from '../../shared/richtext/render.js'
import { buildPeruSheet, PERU_ROW_IDS } from '../fixtures/peru-sheet.js'

/** The fields named for each transaction `change` makes, as the server names them for the audit log. */
function fieldsOf(doc: Y.Doc, change: (doc: Y.Doc) => void): string[][] {
  const named: string[][] = []
  const listener = (transaction: Y.Transaction) => named.push(changedFields(doc, transaction).sort())
  doc.on('afterTransaction', listener)
  change(doc)
  doc.off('afterTransaction', listener)
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
})
