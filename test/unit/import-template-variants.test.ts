/**
 * The template importer on sheets of the same template that vary (English and French labels,
 * a filled third tranche, an extension, beneficiary counts, missing sections, CRLF), on its value
 * readers, and on input that is not a fact sheet at all: a clear NotAFactSheetError, never a hang.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applySheetData } from '../../shared/sheet/data.js'
import { renderSheet } from '../../shared/sheet/render.js'
import { sheetWarnings } from '../../shared/sheet/validation.js'
import { NotAFactSheetError } from '../../server/import/report.js'
import { parseTemplateSheet } from '../../server/import/template/parse.js'
import {
  parseAmount, parseDay, parseMdgTargets, parseMonth, parseMonthRange, parsePeriodText, splitMissionMembers,
} from '../../server/import/template/values.js'

const fixture = (name: string) => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), 'utf8')
const SEED = readFileSync(new URL('../../db/seed/peru-industrias-creativas.txt', import.meta.url), 'utf8')

function imported(source: string) {
  const parsed = parseTemplateSheet(source)
  const doc = new Y.Doc()
  applySheetData(doc, parsed.data)
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { ...parsed, doc, json: renderSheet(doc) as any }
}

describe('an English sheet of another programme', () => {
  const { data, report, doc, json } = imported(fixture('english-sheet.txt'))

  it('maps identity, budget of five agencies and the lead marked in the list', () => {
    expect(report.language).toBe('en')
    expect(json.identity).toMatchObject({
      title: 'Creative Industries for Local Development in Bohol and Cebu', code: 'MDGF-1234', country: 'Philippines',
      window: 'development-private-sector', language: 'en',
    })
    expect(json.budget.agencyBudgets.map((r: { agency: string }) => r.agency)).toEqual(['UNDP', 'ILO', 'UNIDO', 'FAO', 'UNWTO'])
    expect(json.budget.agencySum).toBe(4000000)
    expect(data.lists.entities?.map((r) => [r.values['acronym'], r.values['lead']])).toEqual([['DTI', 'yes'], ['DOT', 'no'], ['NCCA', 'no'], ['', 'no']])
  })

  it('reads a filled third tranche, the extension and the beneficiary counts', () => {
    expect(json.disbursements.tranches.map((t: { date: string; amount: number }) => [t.date, t.amount])).toEqual([
      ['2009-03-01', 1500000], ['2010-04-20', 1400000], ['2011-05-05', 1100000],
    ])
    expect(json.dates).toEqual({ start: '2009-03-01', end: '2012-02-28', extendedEnd: '2013-02-28' })
    expect(json.beneficiaries.direct).toEqual({ institutions: 12, women: 1250, men: 980, ethnicGroups: 3, individuals: 2230 })
    expect(json.beneficiaries.indirect).toEqual({ institutions: 40, women: 5400, men: 5100, ethnicGroups: 7, individuals: 10500 })
  })

  it('reads two periods (cents kept exactly), two results, missions and the report link', () => {
    expect(json.finance.rows.map((r: { period: string; committed: { amount: number } }) => [r.period, r.committed.amount])).toEqual([['2011-1', 2100000], ['2011-2', 3000000.5]])
    expect(data.lists.finance?.[1]?.values['committed']).toBe('3000000.5')
    expect(json.results.rows.map((r: { statement: { text: string }; achievement: { text: string } }) => [r.statement.text, r.achievement.text])).toEqual([
      ['Local creative enterprises have better access to markets.', 'Result 1: 300 enterprises trained in design and marketing.'],
      ['Provincial governments support creative industries in their development plans.', 'Result 2: two provincial plans now include creative industries.'],
    ])
    expect(data.lists.missions?.map((r) => r.values)).toEqual([{ month: '2010-06', members: 'ABC' }, { month: '2011-11', members: 'ABC/DEF' }])
    expect(json.evaluation).toEqual({
      evaluator: 'Mary Jones', periodStart: '2011-09', periodEnd: '2011-11', reportUrl: 'https://mdgfund.example.org/eval/1234.pdf', improvementPlanUrl: null,
    })
    expect(json.status.code).toBe('on-track')
  })

  it('keeps rich text: italics, bold, lists, links; sub-labels split and dropped', () => {
    expect(json.summary.narrative.html).toBe('<p>The joint programme supports <em>creative industries</em> in two provinces.</p><p>It works with <strong>local governments</strong> and artisan associations.</p>')
    expect(json.scalability.narrative.html).toContain('<ul><li><p>Model replicated in a third province.</p></li>')
    expect(json.communication.narrative.html).toContain('href="https://example.org/jp"')
    expect(json.communication.plan).toBe(false)
    expect(json.sustainability.plan).toBe(true)
    expect(json.paris.accountability.html).toBe('<p>Public reports <em>every</em> semester.</p>')
    expect(json.dao.procedures.text).toBe('One work plan for all agencies.')
    expect(json.assessment.gender.text).toBe('Women lead half of the supported enterprises.')
  })

  it('renders without warnings and reports the label text that is data', () => {
    expect(sheetWarnings(doc)).toEqual([])
    expect(report.unmapped).toEqual([{ where: 'Financial execution according to the semester report of January 2012', text: 'according to the semester report of January 2012' }])
  })
})

describe('a French sheet with CRLF line ends', () => {
  const { data, report, doc, json } = imported(fixture('french-sheet.txt'))

  it('reads French labels, amounts with spaces and French dates', () => {
    expect(fixture('french-sheet.txt')).toContain('\r\n')
    expect(report.language).toBe('fr')
    expect(data.fields).toMatchObject({
      'identity.title': 'Eau potable et assainissement dans les communes rurales', 'identity.country': 'Sénégal',
      'budget.total': '3000000', 'dates.start': '2009-12-15', 'dates.end': '2012-12-15', 'dates.extendedEnd': '',
      'contacts.rco.name': 'Paul Martin', 'contacts.rco.email': 'paul.martin@example.org', 'status.code': 'delayed',
      'plans.sustainability': 'no', 'plans.communication': 'yes', 'evaluation.periodStart': '2011-10', 'evaluation.periodEnd': '2011-10',
    })
    expect(data.lists.agencyBudgets?.map((r) => r.values['agency'])).toEqual(['UNDP', 'UNICEF', 'WHO'])
    expect(data.lists.tranches?.map((r) => r.values)).toEqual([
      { date: '2009-12-15', amount: '1200000' }, { date: '2011-03-01', amount: '1000000' }, { date: '', amount: '' },
    ])
    expect(data.lists.mdgTargets?.map((r) => r.values['code'])).toEqual(['MDG7 T7.C'])
    expect(data.lists.regions?.map((r) => r.values['name'])).toEqual(['Kolda', 'Sédhiou', 'Tambacounda'])
    expect(json.finance.rows.map((r: { period: string; transferred: { amount: number } }) => [r.period, r.transferred.amount])).toEqual([
      ['2010-2', 1200000], ['2011-1', 2200000], ['2011-2', 2200000],
    ])
    expect(json.results.rows).toHaveLength(2)
    expect(json.results.rows[1].statement.text).toBe('Les ménages adoptent de bonnes pratiques d’hygiène.')
    expect(sheetWarnings(doc)).toEqual([])
  })

  it('leaves the lead empty when nothing marks one, and says so', () => {
    expect(data.lists.entities?.map((r) => r.values['lead'])).toEqual(['', ''])
    expect(report.notes.map((n) => n.message)).toContain('list:entities: the source marks no lead entity and the Paris Declaration text names none clearly; lead left empty.')
    expect(report.notes.some((n) => n.message.includes('"Généré par le système" read as empty'))).toBe(true)
    expect(report.unmapped).toEqual([])
  })
})

describe('a sheet with sections missing and rows the template does not have', () => {
  const { data, report, doc } = imported(fixture('missing-sections.txt'))

  it('imports what is there, with robust labels (case, accents, ** and <strong>, extra tabs)', () => {
    expect(data.fields).toEqual({
      'identity.language': 'es', 'budget.total': '2500000', 'budget.currency': 'USD', 'status.code': 'at-risk', 'dates.start': 'Enero 2010',
    })
    expect(data.lists.regions?.map((r) => r.values['name'])).toEqual(['Alta Verapaz', 'Quiché'])
    expect(Object.keys(data.narratives)).toEqual(['summary', 'status'])
    expect(data.lists.finance).toBeUndefined()
  })

  it('keeps a date that does not parse as typed, flagged by the sheet, and reports unknown rows', () => {
    expect(report.notes.map((n) => n.message)).toContain('dates.start: "Enero 2010" is not a date; kept as typed (the sheet flags it).')
    expect(sheetWarnings(doc).map((w) => [w.code, w.field])).toContainEqual(['invalid-value', 'dates.start'])
    expect(report.unmapped).toEqual([
      { where: 'line 1', text: 'Ficha de seguimiento – borrador' },
      { where: 'Comentarios del donante', text: 'Comentarios del donante: Pendiente de revisión.' },
    ])
  })

  it('reports a section written twice instead of overwriting the first', () => {
    const { data: twice, report: said } = imported(`${fixture('missing-sections.txt')}\n<b>Resumen:</b>\tOtro resumen.`)
    expect(JSON.stringify(twice.narratives.summary)).toContain('Programa de nutrición infantil')
    expect(said.unmapped.at(-1)).toEqual({ where: 'Resumen (line 9, repeated)', text: 'Resumen: Otro resumen.' })
  })
})

describe('value readers', () => {
  it('reads amounts in every form of the template', () => {
    expect(parseAmount('USD 5,000,000')).toBe('5000000')
    expect(parseAmount('USD1,429,667')).toBe('1429667')
    expect(parseAmount('5.000.000,00 (100,00%)')).toBe('5000000')
    expect(parseAmount('$ 2,042,474')).toBe('2042474')
    expect(parseAmount('1 429 667,00')).toBe('1429667')
    expect(parseAmount('1.429.667,50 (28,59%)')).toBe('1429667.5')
    expect(parseAmount('609,835')).toBe('609835')
    expect(parseAmount('609.835')).toBe('609835')
    expect(parseAmount('0,00 (0,00%)')).toBe('0')
    expect(parseAmount('<b>USD 5,000,000</b>')).toBe('5000000')
    expect(parseAmount('unos cinco millones')).toBeNull()
  })

  it('reads dates and months in Spanish, English and French', () => {
    expect(parseDay('Diciembre 15, 2009')).toBe('2009-12-15')
    expect(parseDay('December 15, 2009')).toBe('2009-12-15')
    expect(parseDay('15 décembre 2009')).toBe('2009-12-15')
    expect(parseDay('15 de julio de 2011')).toBe('2011-07-15')
    expect(parseDay('1er mars 2011')).toBe('2011-03-01')
    expect(parseDay('15/12/2009')).toBe('2009-12-15')
    expect(parseDay('Febrero 30, 2011')).toBeNull()
    expect(parseMonth('Abril, 2009')).toBe('2009-04')
    expect(parseMonth('avril 2010')).toBe('2010-04')
    expect(parseMonthRange('septiembre-noviembre, 2011')).toEqual({ start: '2011-09', end: '2011-11' })
    expect(parseMonthRange('November 2011 to January 2012')).toEqual({ start: '2011-11', end: '2012-01' })
    expect(parseMonthRange('noviembre-enero, 2012')).toEqual({ start: '2011-11', end: '2012-01' })
  })

  it('reads MDG targets, semesters and mission members', () => {
    expect(parseMdgTargets('MDG1 T1A&T1.B ; MDG3 T3.A ;')).toEqual({ codes: ['MDG1 T1.A', 'MDG1 T1.B', 'MDG3 T3.A'], unread: [] })
    expect(parseMdgTargets('ODM 8 Meta 8.A y 8.F; algo')).toEqual({ codes: ['MDG8 T8.A', 'MDG8 T8.F'], unread: ['algo'] })
    expect(parsePeriodText('2009-2')).toBe('2009-2')
    expect(parsePeriodText('2010 / II')).toBe('2010-2')
    expect(parsePeriodText('S1 2011')).toBe('2011-1')
    expect(splitMissionMembers('JAG/PFP PFP JAG + PFP')).toEqual(['JAG/PFP', 'PFP', 'JAG/PFP'])
  })
})

describe('input that is not a fact sheet', () => {
  const refused: [string, string, RegExp][] = [
    ['empty', '', /empty/],
    ['blank lines', ' \r\n\t\n  ', /empty/],
    ['binary bytes', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).toString('utf8'), /binary/],
    ['JSON object', '{}', /JSON/],
    ['JSON array', '[1, 2, 3]', /JSON/],
    ['a random HTML page', '<!doctype html><html><head><title>News</title></head><body><nav><a href="/">Home</a></nav><h1>Weather</h1><p><b>Summary:</b> sunny.</p><p>More soon.</p></body></html>', /Not a fact sheet/],
    ['prose', 'Lorem ipsum dolor sit amet.\nConsectetur adipiscing elit.', /Not a fact sheet: found none/],
  ]
  for (const [name, source, message] of refused) {
    it(`refuses ${name} with a clear NotAFactSheetError`, () => {
      expect(() => parseTemplateSheet(source)).toThrow(NotAFactSheetError)
      expect(() => parseTemplateSheet(source)).toThrow(message)
    })
  }

  it('never throws anything else on mangled copies of the seed', () => {
    let seed = 42
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
    const lines = SEED.split('\n')
    for (let i = 0; i < 60; i++) {
      const cut = SEED.slice(Math.floor(random() * SEED.length), Math.floor(random() * SEED.length) + 4000)
      const shuffled = [...lines].sort(() => random() - 0.5).join('\n')
      const chopped = SEED.split('').filter(() => random() > 0.02).join('')
      for (const source of [cut, shuffled, chopped]) {
        try {
          const { report } = parseTemplateSheet(source)
          expect(report.format).toBe('template')
        } catch (error) {
          expect(error).toBeInstanceOf(NotAFactSheetError)
        }
      }
    }
  })
})

describe('5 MB inputs finish quickly', () => {
  const BUDGET_MS = 10_000
  const inputs: Record<string, string> = {
    'the seed repeated': SEED.repeat(Math.ceil(5e6 / SEED.length)),
    'one row of a million cells': `<b>Resumen:</b>\t${'a\t<p>'.repeat(1_000_000)}\n<b>Estado:</b>\tRetrasado\n<b>ODM</b>\tMDG1`,
    'unclosed tables': `<b>Estado de ejecución financiera:</b>\t${'<table><tr><td>'.repeat(330_000)}\n<b>Resumen:</b> x\n<b>Estado:</b> y`,
    'unclosed bold': `<b>Presupuesto total:</b>\t${'<b>'.repeat(1_700_000)}`,
    'a budget line without colons': `<b>Presupuesto por agencia:</b>\t${'UNDP '.repeat(1_000_000)}\n<b>Resumen:</b> x\n<b>Estado:</b> y`,
    'a contact without spaces': `Coordinador/a del Programa: ${'x'.repeat(5_000_000)}\n<b>Resumen:</b> x\n<b>Estado:</b> y`,
    'month names without years': `<p><b>Misiones de seguimiento:</b></p>\t<p><b>Fechas:</b> ${'Abril, Abril '.repeat(400_000)}</p>\n<b>Resumen:</b> x\n<b>Estado:</b> y`,
  }
  for (const [name, source] of Object.entries(inputs)) {
    it(name, () => {
      const started = Date.now()
      try {
        parseTemplateSheet(source)
      } catch (error) {
        expect(error).toBeInstanceOf(NotAFactSheetError)
      }
      expect(Date.now() - started).toBeLessThan(BUDGET_MS)
    }, 60_000)
  }
})
