import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applySheetData } from '../../shared/sheet/data.js'
import { addRow, setCell, setField, sheetFields } from '../../shared/sheet/layout.js'
import { renderSheet } from '../../shared/sheet/render.js'
import { parseJsonSheet } from '../../server/import/json.js'
import { NotAFactSheetError } from '../../server/import/report.js'
import { PERU_ROW_IDS, buildPeruSheet } from '../fixtures/peru-sheet.js'

function peruWithOddities(): Y.Doc {
  const doc = new Y.Doc()
  buildPeruSheet(doc)
  // What a person may type, kept and flagged: it must survive the round trip too.
  setCell(doc, 'finance', PERU_ROW_IDS.finance[3], 'disbursed', '1.015.309,0O')
  setField(doc, 'beneficiaries.direct.women', 'unos 300')
  addRow(doc, 'agencyBudgets', { agency: 'Banco Mundial', amount: '0.5' })
  setField(doc, 'dates.extendedEnd', '2013-06-15')
  return doc
}

describe('JSON export → import', () => {
  it('is lossless: the re-imported sheet renders identically and stores the same values', () => {
    const original = peruWithOddities()
    const exported = JSON.stringify(renderSheet(original))
    const { data, report } = parseJsonSheet(exported)
    expect(report).toMatchObject({ format: 'json', language: 'es', unmapped: [] })

    expect(data.lists.finance?.find((r) => r.id === 'fin-2011-1')?.values['disbursed']).toBe('1.015.309,0O')
    const copy = new Y.Doc()
    applySheetData(copy, data)
    expect(renderSheet(copy)).toEqual(renderSheet(original))
    expect(sheetFields(copy).toJSON()).toEqual(sheetFields(original).toJSON())
  })

  it('also reads the {programme, sheet} answer of the API', () => {
    const sheet = renderSheet(peruWithOddities())
    const { data } = parseJsonSheet(JSON.stringify({ programme: { id: 'MDGF-2081' }, sheet }))
    expect(data.fields['budget.total']).toBe('5000000')
  })

  it('re-importing into the same document changes nothing', () => {
    const doc = peruWithOddities()
    const { data } = parseJsonSheet(JSON.stringify(renderSheet(doc)))
    let updates = 0
    doc.on('update', () => updates++)
    applySheetData(doc, data)
    expect(updates).toBe(0)
  })

  it('reports keys it does not know instead of dropping them', () => {
    const sheet = renderSheet(peruWithOddities()) as unknown as Record<string, Record<string, unknown>>
    sheet['budget']!['donor'] = 'Spain'
    const { report } = parseJsonSheet(JSON.stringify(sheet))
    expect(report.unmapped).toEqual([{ where: 'budget', text: 'donor: "Spain"' }])
  })

  it('refuses what is not a sheet export with a clear error', () => {
    expect(() => parseJsonSheet('{')).toThrow(NotAFactSheetError)
    expect(() => parseJsonSheet('{"hello": 1}')).toThrow(/schemaVersion/)
    expect(() => parseJsonSheet('[1,2]')).toThrow(NotAFactSheetError)
  })
})
