import { describe, it, expect } from 'vitest'
import * as Y from 'yjs'
import { buildPeruSheet, PERU_ROW_IDS } from '../fixtures/peru-sheet.js'
import { renderSheet } from '../../shared/sheet/render.js'
import { SHEET_SECTIONS, jsonKey } from '../../shared/sheet/schema.js'
import { addRow, setField } from '../../shared/sheet/layout.js'

function peru(): Y.Doc {
  const doc = new Y.Doc()
  buildPeruSheet(doc)
  return doc
}

function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value)
}

describe('renderSheet on the Peru seed', () => {
  const sheet = renderSheet(peru())

  it('renders identity, budget and agency budgets as numbers in units', () => {
    expect(sheet.schemaVersion).toBe(1)
    expect(sheet.identity).toMatchObject({ code: 'MDGF-2081', country: 'Peru', window: 'development-private-sector', language: 'es' })
    expect(sheet.budget.currency).toBe('USD')
    expect(sheet.budget.total).toBe(5000000)
    expect(sheet.budget.agencyBudgets.map((a) => [a.agency, a.amount])).toEqual([
      ['UNESCO', 610562], ['UNWTO', 609835], ['UNIDO', 608377], ['UNDP', 623220], ['ILO', 605463], ['FAO', 1942543],
    ])
    expect(sheet.budget.agencySum).toBe(5000000)
  })

  it('numbers tranches and derives their sum and share of the total', () => {
    expect(sheet.disbursements.tranches).toEqual([
      { id: 'tranche-1', number: 1, date: '2009-12-15', amount: 1429667 },
      { id: 'tranche-2', number: 2, date: '2011-07-15', amount: 2042474 },
      { id: 'tranche-3', number: 3, date: null, amount: null },
    ])
    expect(sheet.disbursements.sum).toBe(3472141)
    expect(sheet.disbursements.percentOfTotal).toBe(69.44)
  })

  it('derives the financial percentages, rows sorted by period', () => {
    expect(sheet.finance.rows.map((r) => r.period)).toEqual(['2009-2', '2010-1', '2010-2', '2011-1'])
    expect(sheet.finance.rows[1]).toEqual({
      id: PERU_ROW_IDS.finance[1], period: '2010-1', total: 5000000,
      transferred: { amount: 1429667, percent: 28.59 },
      committed: { amount: 108520, percent: 2.17 },
      disbursed: { amount: 84045, percent: 1.68 },
    })
    expect(sheet.finance.rows[2]?.transferred).toEqual({ amount: 1409917, percent: 28.2 })
    expect(sheet.finance.rows[3]?.disbursed).toEqual({ amount: 1015309, percent: 20.31 })
    expect(sheet.finance.rows[0]?.committed).toEqual({ amount: 0, percent: 0 })
  })

  it('renders lists, contacts, dates, status, plans, missions and evaluation', () => {
    expect(sheet.dates).toEqual({ start: '2009-12-15', end: '2012-12-15', extendedEnd: null })
    expect(sheet.geography.regions.map((r) => r.name)).toEqual(['Ayacucho', 'Cusco', 'Lambayeque', 'Puno'])
    expect(sheet.mdg.mdgTargets.map((t) => t.code)).toEqual(['MDG1 T1.A', 'MDG1 T1.B', 'MDG3 T3.A'])
    expect(sheet.partners.entities.filter((e) => e.lead).map((e) => e.acronym)).toEqual(['MINCETUR'])
    expect(sheet.partners.entities[8]).toMatchObject({ name: 'Universidades públicas y privadas', acronym: null, lead: false })
    expect(sheet.contacts.coordinator).toEqual({ name: 'Josefa Nolte', email: 'Josefa.nolte@undpaffiliates.org' })
    expect(sheet.contacts.rco.email).toBe('mariaeugenia.mujica@undp.org')
    expect(sheet.status.code).toBe('delayed')
    expect(sheet.status.narrative.text).toMatch(/^Retrasado\./)
    expect(sheet.sustainability.plan).toBe(false)
    expect(sheet.communication.plan).toBe(true)
    expect(sheet.communication.narrative.html).toMatch(/^<p><strong>Plan C&amp;I:<\/strong> si<\/p>/)
    expect(sheet.missions.rows.map((m) => [m.month, m.members])).toEqual([
      ['2009-04', ['JAG', 'PFP']], ['2010-10', ['PFP']], ['2010-11', ['JAG', 'PFP']],
    ])
    expect(sheet.evaluation).toEqual({
      evaluator: 'Juan Manuel Toledano', periodStart: '2011-09', periodEnd: '2011-11', reportUrl: null, improvementPlanUrl: null,
    })
    expect(sheet.beneficiaries.direct).toEqual({ institutions: null, women: null, men: null, ethnicGroups: null, individuals: null })
  })

  it('renders results with their achievements, and the achievements view', () => {
    expect(sheet.results.rows.map((r) => r.number)).toEqual([1, 2, 3])
    expect(sheet.results.rows[1]?.achievement).toEqual({ text: 'Resultado 2: (metas en 0)', html: '<p>Resultado 2: (metas en 0)</p>' })
    expect(sheet.achievements.rows.map((r) => [r.id, r.number])).toEqual(PERU_ROW_IDS.results.map((id, i) => [id, i + 1]))
    expect(sheet.paris.leadership.text.split('\n')).toHaveLength(2)
    expect(sheet.dao.procedures).toEqual({ text: '', html: '' })
  })

  it('has exactly one warning: transferred falling in 2010-2', () => {
    expect(sheet.warnings).toEqual([{
      code: 'cumulative-decrease',
      field: `list:finance/${PERU_ROW_IDS.finance[2]}/transferred`,
      severity: 'warning',
      params: { period: '2010-2', column: 'transferred', amount: 1409917, previousPeriod: '2010-1', previous: 1429667 },
      message: '2010-2: transferred fell from 1,429,667 (2010-1) to 1,409,917; cumulative figures should not fall.',
    }])
  })

  it('contains every item of the schema, so the JSON type and the schema agree', () => {
    for (const section of SHEET_SECTIONS) {
      expect(sheet, section.id).toHaveProperty(section.id)
      for (const item of section.items) {
        expect(at(at(sheet, section.id), jsonKey(section, item)), `${section.id} / ${item.id}`).not.toBeUndefined()
      }
    }
  })

  it('is a pure function of the document', () => {
    const doc = peru()
    const before = Y.encodeStateAsUpdate(doc)
    const first = JSON.stringify(renderSheet(doc))
    expect(JSON.stringify(renderSheet(doc))).toBe(first)
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before)
  })
})

describe('renderSheet on other sheets', () => {
  it('renders an empty document without throwing', () => {
    const sheet = renderSheet(new Y.Doc())
    expect(sheet.identity.title).toBeNull()
    expect(sheet.budget).toEqual({ currency: 'USD', total: null, agencyBudgets: [], agencySum: 0 })
    expect(sheet.disbursements.percentOfTotal).toBeNull()
    expect(sheet.summary.narrative).toEqual({ text: '', html: '' })
    expect(sheet.warnings).toEqual([])
  })

  it('derives beneficiary individuals as women + men', () => {
    const doc = new Y.Doc()
    setField(doc, 'beneficiaries.direct.women', '120')
    setField(doc, 'beneficiaries.direct.men', '80')
    setField(doc, 'beneficiaries.direct.ethnicGroups', '3')
    setField(doc, 'beneficiaries.indirect.women', '40')
    const sheet = renderSheet(doc)
    expect(sheet.beneficiaries.direct).toEqual({ institutions: null, women: 120, men: 80, ethnicGroups: 3, individuals: 200 })
    expect(sheet.beneficiaries.indirect.individuals).toBe(40)
  })

  it('keeps an invalid figure as typed, renders null and flags it with the raw text', () => {
    const doc = new Y.Doc()
    buildPeruSheet(doc)
    setField(doc, 'budget.total', '5.000.000,00')
    const rowId = addRow(doc, 'finance', { period: '2011-2', total: '5000000', transferred: 'mucho' })
    const sheet = renderSheet(doc)
    expect(doc.getMap('fields').get('budget.total')).toBe('5.000.000,00')
    expect(sheet.budget.total).toBeNull()
    expect(sheet.finance.rows.at(-1)?.transferred).toEqual({ amount: null, percent: null })
    expect(sheet.warnings).toContainEqual(expect.objectContaining({
      code: 'invalid-value', field: 'budget.total', params: { raw: '5.000.000,00', kind: 'money' },
    }))
    expect(sheet.warnings).toContainEqual(expect.objectContaining({
      code: 'invalid-value', field: `list:finance/${rowId}/transferred`, params: { raw: 'mucho', kind: 'money' },
    }))
  })
})
