import { describe, it, expect } from 'vitest'
import * as Y from 'yjs'
import { buildPeruSheet, PERU_ROW_IDS } from '../fixtures/peru-sheet.js'
import { addRow, setCell, setField, sheetFields, sheetList } from '../../shared/sheet/layout.js'
import { sheetWarnings, warningMessage } from '../../shared/sheet/validation.js'
import type { SheetWarning } from '../../shared/sheet/validation.js'
import { WARNING_CODES } from '../../shared/sheet/warning-messages.js'

function peru(): Y.Doc {
  const doc = new Y.Doc()
  buildPeruSheet(doc)
  return doc
}

const without = (warnings: SheetWarning[], code: string) => warnings.filter((w) => w.code !== code)
const codes = (doc: Y.Doc) => sheetWarnings(doc).map((w) => `${w.code} ${w.field}`)
const [tranche1, tranche2, tranche3] = PERU_ROW_IDS.tranches

describe('sheet warnings', () => {
  it('flags every kind of non-canonical value', () => {
    const doc = new Y.Doc()
    const bad = {
      'budget.total': 'USD 5,000,000', 'dates.start': '2011-02-30', 'evaluation.periodStart': 'septiembre 2011',
      'beneficiaries.direct.women': '12.5', 'plans.sustainability': 'si', 'status.code': 'Retrasado',
      'evaluation.reportUrl': 'link', 'contacts.rco.email': 'mariaeugenia.mujica', 'identity.window': 'Desarrollo',
    } as const
    for (const [id, value] of Object.entries(bad)) setField(doc, id as keyof typeof bad, value)
    addRow(doc, 'finance', { period: '2011-S1' })
    addRow(doc, 'missions', { month: 'Abril, 2009' })
    addRow(doc, 'entities', { name: 'MINCETUR', lead: 'líder' })
    const warnings = sheetWarnings(doc)
    expect(warnings.every((w) => w.code === 'invalid-value' && w.severity === 'warning')).toBe(true)
    expect(warnings.map((w) => w.params['raw']).sort()).toEqual(
      [...Object.values(bad), '2011-S1', 'Abril, 2009', 'líder'].sort())
    expect(warnings.find((w) => w.field === 'dates.start')?.message)
      .toBe('"2011-02-30" is not valid for Start date: expected a date YYYY-MM-DD.')
  })

  it('flags an agency outside the list, suggesting the code of an alias', () => {
    const doc = peru()
    const row = addRow(doc, 'agencyBudgets', { agency: 'WTO', amount: '0' })
    const other = addRow(doc, 'agencyBudgets', { agency: 'World Bank', amount: '0' })
    const warnings = without(sheetWarnings(doc), 'cumulative-decrease')
    expect(warnings.map((w) => [w.code, w.field, w.params['suggestion']])).toEqual([
      ['unknown-agency', `list:agencyBudgets/${row}/agency`, 'UNWTO'],
      ['unknown-agency', `list:agencyBudgets/${other}/agency`, null],
    ])
    expect(warnings[0]?.message).toBe('"WTO" is not an agency of the list. Did you mean UNWTO?')
  })

  it('flags agency budgets that do not add up to the total', () => {
    const doc = peru()
    setField(doc, 'budget.total', '5000000.01')
    const warning = sheetWarnings(doc).find((w) => w.code === 'agency-sum-mismatch')
    expect(warning).toMatchObject({ field: 'budget.total', params: { total: 5000000.01, sum: 5000000, difference: 0.01 } })
    // Finance rows still say 5,000,000: each now differs from the budget.
    expect(sheetWarnings(doc).filter((w) => w.code === 'finance-order').map((w) => w.params['rule']))
      .toEqual(['total-eq-budget', 'total-eq-budget', 'total-eq-budget', 'total-eq-budget'])
  })

  it('flags tranches out of order and tranches beyond the total', () => {
    const doc = peru()
    setCell(doc, 'tranches', tranche3, 'date', '2011-01-10')
    setCell(doc, 'tranches', tranche3, 'amount', '2000000')
    const warnings = without(sheetWarnings(doc), 'cumulative-decrease')
    expect(warnings.map((w) => [w.code, w.field])).toEqual([
      ['tranche-order', `list:tranches/${tranche3}/date`],
      ['tranche-sum-exceeds-total', 'list:tranches'],
    ])
    expect(warnings[0]?.params).toEqual({ number: 3, date: '2011-01-10', previousNumber: 2, previousDate: '2011-07-15' })
    expect(warnings[1]?.params).toEqual({ sum: 5472141, total: 5000000 })
    expect(tranche1).toBeDefined()
    expect(tranche2).toBeDefined()
  })

  it('flags finance rows out of order: disbursed ≤ committed ≤ transferred ≤ total', () => {
    const doc = new Y.Doc()
    const row = addRow(doc, 'finance', { period: '2010-1', total: '100', transferred: '120', committed: '130', disbursed: '140' })
    const gap = addRow(doc, 'finance', { period: '2010-2', total: '100', transferred: '50', disbursed: '60' })
    expect(codes(doc)).toEqual([
      `finance-order list:finance/${row}/disbursed`,
      `finance-order list:finance/${row}/committed`,
      `finance-order list:finance/${row}/transferred`,
      // With committed empty, disbursed is held against transferred.
      `finance-order list:finance/${gap}/disbursed`,
      `cumulative-decrease list:finance/${gap}/transferred`,
      `cumulative-decrease list:finance/${gap}/disbursed`,
    ])
    expect(sheetWarnings(doc)[0]?.params).toMatchObject({ rule: 'disbursed-le-committed', amount: 140, limit: 130 })
  })

  it('judges cumulative falls in period order, whatever the row order', () => {
    const doc = new Y.Doc()
    const late = addRow(doc, 'finance', { period: '2011-1', committed: '50' })
    addRow(doc, 'finance', { period: '2010-2', committed: '80' })
    expect(codes(doc)).toEqual([`cumulative-decrease list:finance/${late}/committed`])
  })

  it('flags a period reported twice', () => {
    const doc = peru()
    const twice = addRow(doc, 'finance', { period: '2010-1', total: '5000000', transferred: '1429667', committed: '108520', disbursed: '84045' })
    expect(sheetWarnings(doc).filter((w) => w.code === 'duplicate-period').map((w) => w.field)).toEqual([`list:finance/${twice}/period`])
  })

  it('flags dates out of order and an extension beyond 12 months', () => {
    const doc = peru()
    setField(doc, 'dates.extendedEnd', '2013-12-15')
    expect(without(sheetWarnings(doc), 'cumulative-decrease')).toEqual([])
    setField(doc, 'dates.extendedEnd', '2013-12-16')
    expect(without(sheetWarnings(doc), 'cumulative-decrease').map((w) => [w.code, w.field, w.params['limit']]))
      .toEqual([['extension-too-long', 'dates.extendedEnd', '2013-12-15']])
    setField(doc, 'dates.extendedEnd', '2012-06-30')
    setField(doc, 'dates.start', '2013-01-01')
    setField(doc, 'evaluation.periodEnd', '2011-08')
    expect(without(sheetWarnings(doc), 'cumulative-decrease').map((w) => [w.code, w.field, w.params['earlierField']])).toEqual([
      ['date-order', 'dates.end', 'dates.start'],
      ['date-order', 'dates.extendedEnd', 'dates.start'],
      ['date-order', 'evaluation.periodEnd', 'evaluation.periodStart'],
    ])
  })

  it('flags more than one lead entity', () => {
    const doc = peru()
    const second = addRow(doc, 'entities', { name: 'Ministerio de Cultura', acronym: 'MINCUL', lead: 'yes' })
    const warnings = without(sheetWarnings(doc), 'cumulative-decrease')
    expect(warnings.map((w) => [w.code, w.field, w.params['count']])).toEqual([
      ['multiple-lead-entities', `list:entities/${second}/lead`, 2],
    ])
  })

  it('never throws on malformed data', () => {
    const doc = new Y.Doc()
    sheetFields(doc).set('budget.total', 42 as unknown as string)
    sheetFields(doc).set('dates.start', new Y.Map() as unknown as string)
    sheetList(doc, 'finance').push(['not a row' as unknown as Y.Map<unknown>])
    const idless = new Y.Map<unknown>()
    idless.set('period', '2010-1')
    sheetList(doc, 'finance').push([idless])
    const warnings = sheetWarnings(doc)
    expect(warnings.map((w) => [w.code, w.field])).toEqual([['invalid-value', 'dates.start']])
  })

  it('has Spanish and English messages for every code', () => {
    const samples: Record<string, SheetWarning['params']> = {
      'invalid-value': { raw: 'x', kind: 'money' }, 'unknown-agency': { raw: 'OMT', suggestion: 'UNWTO' },
      'agency-sum-mismatch': { total: 5000000, sum: 4999999.5 }, 'tranche-order': { number: 2, date: 'a', previousNumber: 1, previousDate: 'b' },
      'tranche-sum-exceeds-total': { sum: 1, total: 0 }, 'finance-order': { period: '2010-1', column: 'committed', amount: 1, limitColumn: 'transferred', limit: 0 },
      'cumulative-decrease': { period: '2010-2', column: 'transferred', amount: 1409917, previous: 1429667, previousPeriod: '2010-1' },
      'duplicate-period': { period: '2010-1' }, 'date-order': { value: 'a', earlierField: 'dates.start', earlierValue: 'b' },
      'extension-too-long': { end: 'a', extendedEnd: 'b', maxMonths: 12 }, 'multiple-lead-entities': { count: 2 },
    }
    for (const code of WARNING_CODES) {
      const w = { code, field: 'budget.total', params: samples[code] ?? {} }
      expect(warningMessage(w, 'en'), code).not.toMatch(/undefined/)
      expect(warningMessage(w, 'es'), code).not.toMatch(/undefined/)
      expect(warningMessage(w, 'es')).not.toBe(warningMessage(w, 'en'))
    }
    expect(warningMessage({ code: 'cumulative-decrease', field: 'x', params: samples['cumulative-decrease'] ?? {} }, 'es'))
      .toBe('2010-2: transferido bajó de 1.429.667 (2010-1) a 1.409.917; las cifras acumuladas no deberían bajar.')
  })
})
