import { describe, it, expect } from 'vitest'
import * as Y from 'yjs'
import {
  SHEET_ROOT_NAMES, addRow, findRow, getField, initSheet, listRows, removeRow, rowNarrative, setCell, setField,
  sheetFields, sheetList, sheetNarrative,
} from '../../shared/sheet/layout.js'
import { paragraphsJSON, setNarrativeFromProsemirrorJSON } from '../../shared/richtext/render.js'
import { renderSheet } from '../../shared/sheet/render.js'
import { buildPeruSheet, PERU_ROW_IDS } from '../fixtures/peru-sheet.js'
import type { FieldId } from '../../shared/sheet/schema.js'

/** Two replicas that have synced, as two browsers after opening the same sheet. */
function twoReplicas(build: (doc: Y.Doc) => void = () => {}): [Y.Doc, Y.Doc] {
  const a = new Y.Doc()
  build(a)
  const b = new Y.Doc()
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  return [a, b]
}

/** Exchange what each replica has that the other lacks (both directions, as a provider would). */
function exchange(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b))
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a))
  Y.applyUpdate(b, toB)
  Y.applyUpdate(a, toA)
}

describe('the Yjs layout', () => {
  it('uses the decided root names', () => {
    expect(SHEET_ROOT_NAMES).toContain('fields')
    for (const list of ['agencyBudgets', 'entities', 'tranches', 'regions', 'mdgTargets', 'finance', 'missions', 'results']) {
      expect(SHEET_ROOT_NAMES).toContain(`list:${list}`)
    }
    for (const id of ['summary', 'status', 'gender', 'observations', 'paris.leadership', 'paris.civilSociety', 'paris.alignment',
      'paris.accountability', 'dao.procedures', 'dao.rcoRole', 'dao.interagency', 'sustainability', 'scalability',
      'externalFactors', 'communication', 'monitoring', 'importNotes']) {
      expect(SHEET_ROOT_NAMES).toContain(`text:${id}`)
    }
    expect(SHEET_ROOT_NAMES).toHaveLength(1 + 8 + 17)
  })

  it('writes the identity in one transaction', () => {
    const doc = new Y.Doc()
    let updates = 0
    doc.on('update', () => updates++)
    initSheet(doc, { code: 'MDGF-2081', title: 'ICI', country: 'Peru', window: 'development-private-sector' })
    expect(updates).toBe(1)
    expect(sheetFields(doc).toJSON()).toEqual({
      'identity.code': 'MDGF-2081', 'identity.title': 'ICI', 'identity.country': 'Peru',
      'identity.window': 'development-private-sector', 'budget.currency': 'USD',
    })
  })

  it('stores fields as typed, clears on empty, refuses unknown ids', () => {
    const doc = new Y.Doc()
    setField(doc, 'budget.total', 'cinco millones')
    expect(getField(doc, 'budget.total')).toBe('cinco millones')
    setField(doc, 'budget.total', '')
    expect(sheetFields(doc).has('budget.total')).toBe(false)
    expect(() => setField(doc, 'budget.totl' as FieldId, '1')).toThrow(/unknown sheet field/)
  })

  it('adds, finds, edits and removes rows', () => {
    const doc = new Y.Doc()
    const first = addRow(doc, 'tranches', { date: '2009-12-15', amount: '1429667' })
    const zeroth = addRow(doc, 'tranches', { amount: '1' }, { index: 0 })
    expect(listRows(doc, 'tranches').map((r) => r.id)).toEqual([zeroth, first])
    expect(findRow(doc, 'tranches', first)?.toJSON()).toEqual({ id: first, date: '2009-12-15', amount: '1429667' })
    expect(setCell(doc, 'tranches', first, 'amount', '1429667.5')).toBe(true)
    expect(setCell(doc, 'tranches', 'missing', 'amount', '1')).toBe(false)
    expect(removeRow(doc, 'tranches', zeroth)).toBe(true)
    expect(removeRow(doc, 'tranches', zeroth)).toBe(false)
    expect(sheetList(doc, 'tranches').toJSON()).toEqual([{ id: first, date: '2009-12-15', amount: '1429667.5' }])
  })

  it('creates the two narratives of a result with the row', () => {
    const doc = new Y.Doc()
    const id = addRow(doc, 'results')
    const row = findRow(doc, 'results', id)
    expect(row && rowNarrative(row, 'statement')).toBeInstanceOf(Y.XmlFragment)
    expect(row && rowNarrative(row, 'achievement')).toBeInstanceOf(Y.XmlFragment)
  })
})

describe('concurrent editing', () => {
  it('keeps both edits of different fields', () => {
    const [a, b] = twoReplicas(buildPeruSheet)
    setField(a, 'dates.extendedEnd', '2013-06-15')
    setField(b, 'contacts.rco.name', 'María Eugenia Mujica')
    exchange(a, b)
    for (const doc of [a, b]) {
      expect(getField(doc, 'dates.extendedEnd')).toBe('2013-06-15')
      expect(getField(doc, 'contacts.rco.name')).toBe('María Eugenia Mujica')
    }
  })

  it('keeps both edits of different cells of the same row', () => {
    const [a, b] = twoReplicas(buildPeruSheet)
    const row = PERU_ROW_IDS.finance[2]
    setCell(a, 'finance', row, 'transferred', '1429667')
    setCell(b, 'finance', row, 'disbursed', '450671')
    exchange(a, b)
    for (const doc of [a, b]) {
      expect(findRow(doc, 'finance', row)?.toJSON()).toMatchObject({ transferred: '1429667', disbursed: '450671', committed: '679442' })
      expect(renderSheet(doc).warnings).toEqual([])
    }
  })

  it('keeps rows added concurrently and edits of other rows', () => {
    const [a, b] = twoReplicas(buildPeruSheet)
    const fromA = addRow(a, 'finance', { period: '2011-2', total: '5000000', transferred: '3472141' })
    const fromB = addRow(b, 'missions', { month: '2011-10', members: 'JAG' })
    setCell(b, 'tranches', PERU_ROW_IDS.tranches[2], 'date', '2012-03-01')
    exchange(a, b)
    expect(renderSheet(a)).toEqual(renderSheet(b))
    const sheet = renderSheet(a)
    expect(sheet.finance.rows.at(-1)?.id).toBe(fromA)
    expect(sheet.missions.rows.at(-1)).toEqual({ id: fromB, month: '2011-10', members: ['JAG'] })
    expect(sheet.disbursements.tranches[2]?.date).toBe('2012-03-01')
  })

  it('keeps concurrent results with their narratives, and narrative edits of different sections', () => {
    const [a, b] = twoReplicas(buildPeruSheet)
    const resultA = addRow(a, 'results')
    const resultB = addRow(b, 'results')
    const rowA = findRow(a, 'results', resultA)
    if (rowA) setNarrativeFromProsemirrorJSON(rowNarrative(rowA, 'statement') as Y.XmlFragment, paragraphsJSON('Cuarto resultado'))
    setNarrativeFromProsemirrorJSON(sheetNarrative(a, 'observations'), paragraphsJSON('Observación de A'))
    setNarrativeFromProsemirrorJSON(sheetNarrative(b, 'dao.procedures'), paragraphsJSON('Procedimientos de B'))
    exchange(a, b)
    for (const doc of [a, b]) {
      const sheet = renderSheet(doc)
      expect(sheet.results.rows.map((r) => r.id).sort()).toEqual([...PERU_ROW_IDS.results, resultA, resultB].sort())
      expect(sheet.results.rows.find((r) => r.id === resultA)?.statement.text).toBe('Cuarto resultado')
      expect(sheet.assessment.observations.text).toBe('Observación de A')
      expect(sheet.dao.procedures.text).toBe('Procedimientos de B')
    }
  })

  it('resolves a same-cell conflict to one of the two values, identically on both sides', () => {
    const [a, b] = twoReplicas(buildPeruSheet)
    setField(a, 'budget.total', '5000001')
    setField(b, 'budget.total', '4999999')
    exchange(a, b)
    expect(getField(a, 'budget.total')).toBe(getField(b, 'budget.total'))
    expect(['5000001', '4999999']).toContain(getField(a, 'budget.total'))
  })
})
