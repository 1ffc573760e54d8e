import { describe, it, expect } from 'vitest'
import * as Y from 'yjs'
import { buildPeruSheet } from '../fixtures/peru-sheet.js'
import { renderSheet } from '../../shared/sheet/render.js'
import { addRow } from '../../shared/sheet/layout.js'
import { budgetCsv, financeCsv } from '../../server/export/csv.js'

function peru(edit?: (doc: Y.Doc) => void) {
  const doc = new Y.Doc()
  buildPeruSheet(doc)
  edit?.(doc)
  return renderSheet(doc)
}

describe('financeCsv', () => {
  it('writes the seed table exactly for Spanish Excel: BOM, CRLF, `;` between fields, decimal comma, no grouping', () => {
    expect(financeCsv(peru(), { lang: 'es' })).toBe('\uFEFF'
      + 'Periodo;Total (USD);Transferido (USD);Transferido %;Comprometido (USD);Comprometido %;Desembolsado (USD);Desembolsado %\r\n'
      + '2009-2;5000000;1429667;28,59;0;0;0;0\r\n'
      + '2010-1;5000000;1429667;28,59;108520;2,17;84045;1,68\r\n'
      + '2010-2;5000000;1409917;28,2;679442;13,59;450670;9,01\r\n'
      + '2011-1;5000000;1429667;28,59;1251038;25,02;1015309;20,31\r\n')
  })

  it('labels the header in English and keeps the figures the same', () => {
    const text = financeCsv(peru(), { lang: 'en' })
    expect(text.split('\r\n')[0]).toBe('\uFEFFPeriod,Total (USD),Transferred (USD),Transferred %,Committed (USD),Committed %,Disbursed (USD),Disbursed %')
    expect(text).toContain('\r\n2010-2,5000000,1409917,28.2,679442,13.59,450670,9.01\r\n')
  })

  it('writes cents as decimals with a dot and leaves empty figures empty', () => {
    const text = financeCsv(peru((doc) => addRow(doc, 'finance', { period: '2011-2', total: '5000000', transferred: '3472141.5' })), { lang: 'en' })
    expect(text).toContain('\r\n2011-2,5000000,3472141.5,69.44,,,,\r\n')
  })
})

describe('budgetCsv', () => {
  it('lists agencies, tranches and sums with their share of the total in one table', () => {
    const lines = budgetCsv(peru(), { lang: 'en' }).split('\r\n')
    expect(lines[0]).toBe('\uFEFFKind,Item,Date,Amount (USD),% of total')
    expect(lines.slice(1)).toEqual([
      'agency,UNESCO,,610562,12.21', 'agency,UNWTO,,609835,12.2', 'agency,UNIDO,,608377,12.17',
      'agency,UNDP,,623220,12.46', 'agency,ILO,,605463,12.11', 'agency,FAO,,1942543,38.85',
      'agency-sum,,,5000000,100',
      'tranche,1,2009-12-15,1429667,28.59', 'tranche,2,2011-07-15,2042474,40.85', 'tranche,3,,,',
      'tranche-sum,,,3472141,69.44',
      'total,,,5000000,100',
      '',
    ])
  })

  it('quotes a value holding a separator of either dialect or a quote (doubled) and defuses formulas', () => {
    const sheet = peru((doc) => {
      addRow(doc, 'agencyBudgets', { agency: 'Fondo "Andino", Perú', amount: '1000' })
      addRow(doc, 'agencyBudgets', { agency: '=HYPERLINK("http://x")', amount: '1' })
      addRow(doc, 'agencyBudgets', { agency: 'UNDP; UNFPA', amount: '2.5' })
    })
    const es = budgetCsv(sheet, { lang: 'es' })
    expect(es.startsWith('\uFEFFTipo;Concepto;Fecha;Monto (USD);% del total\r\n')).toBe(true)
    expect(es).toContain('\r\nagency;"Fondo ""Andino"", Perú";;1000;0,02\r\n')
    expect(es).toContain('\r\nagency;"\'=HYPERLINK(""http://x"")";;1;0\r\n')
    expect(es).toContain('\r\nagency;"UNDP; UNFPA";;2,5;0\r\n')
    const en = budgetCsv(sheet, { lang: 'en' })
    expect(en).toContain('\r\nagency,"Fondo ""Andino"", Perú",,1000,0.02\r\n')
    expect(en).toContain('\r\nagency,"UNDP; UNFPA",,2.5,0\r\n')
  })
})
