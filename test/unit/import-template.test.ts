/**
 * The Word-template importer on the real seed sheet: every figure, date, list and narrative
 * checked field by field, through the same path as the API (parsed data applied to a fresh Y.Doc,
 * then rendered with its warnings).
 */
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applySheetData } from '../../shared/sheet/data.js'
import { renderSheet } from '../../shared/sheet/render.js'
import type { SheetJson } from '../../shared/sheet/render.js'
import { sheetWarnings } from '../../shared/sheet/validation.js'
import { parseTemplateSheet } from '../../server/import/template/parse.js'
import type { ParsedSheet } from '../../server/import/report.js'

const SEED = readFileSync(new URL('../../db/seed/peru-industrias-creativas.txt', import.meta.url), 'utf8')

function imported(source: string): { parsed: ParsedSheet; doc: Y.Doc; json: SheetJson } {
  const parsed = parseTemplateSheet(source)
  const doc = new Y.Doc()
  applySheetData(doc, parsed.data)
  return { parsed, doc, json: renderSheet(doc) }
}

describe('the Peru seed imported from the Word template', () => {
  let parsed: ParsedSheet
  let doc: Y.Doc
  // Loosely typed on purpose: the test walks the rendered JSON by its documented keys.
  let json: any // eslint-disable-line @typescript-eslint/no-explicit-any

  beforeAll(() => {
    ({ parsed, doc, json } = imported(SEED))
  })

  it('stores the fields as the schema stores them', () => {
    expect(parsed.data.fields).toEqual({
      'identity.language': 'es',
      'budget.total': '5000000',
      'budget.currency': 'USD',
      'dates.start': '2009-12-15',
      'dates.end': '2012-12-15',
      'dates.extendedEnd': '',
      'contacts.coordinator.name': 'Josefa Nolte',
      'contacts.coordinator.email': 'Josefa.nolte@undpaffiliates.org',
      'contacts.rco.name': 'Maria Eugenia Mujica',
      'contacts.rco.email': 'mariaeugenia.mujica@undp.org',
      'status.code': 'delayed',
      'plans.sustainability': 'no',
      'plans.communication': 'yes',
      'evaluation.evaluator': 'Juan Manuel Toledano',
      'evaluation.periodStart': '2011-09',
      'evaluation.periodEnd': '2011-11',
    })
  })

  it('reads the budget and the six agencies (WTO is UNWTO), summing to the total', () => {
    expect(json.budget.total).toBe(5000000)
    expect(json.budget.agencyBudgets.map((r: { agency: string; amount: number }) => [r.agency, r.amount])).toEqual([
      ['UNESCO', 610562], ['UNWTO', 609835], ['UNIDO', 608377], ['UNDP', 623220], ['ILO', 605463], ['FAO', 1942543],
    ])
    expect(json.budget.agencySum).toBe(5000000)
    expect(parsed.report.notes.map((n) => n.message)).toContain('Presupuesto por Agencia: "WTO" read as UNWTO.')
  })

  it('reads the government entities with their acronyms; MINCETUR leads, as the Paris Declaration text says', () => {
    expect(parsed.data.lists.entities?.map((r) => [r.values['name'], r.values['acronym'], r.values['lead']])).toEqual([
      ['Ministerio de Agricultura', 'MINAG', 'no'], ['Ministerio del Ambiente', 'MINAM', 'no'],
      ['Ministerio de la Producción', 'PRODUCE', 'no'], ['Ministerio de Comercio Exterior y Turismo', 'MINCETUR', 'yes'],
      ['Ministerio de Trabajo y Promoción del Empleo', 'MTPE', 'no'], ['Instituto Nacional de Cultura', 'INC', 'no'],
      ['Instituto Nacional de Defensa de la Competencia y de la Protección de la Propiedad Intelectual', 'INDECOPI', 'no'],
      ['Asociación Nacional de Productores Ecológicos', 'ANPE', 'no'], ['Universidades públicas y privadas', '', 'no'],
    ])
    expect(parsed.report.notes.some((n) => n.message.includes('MINCETUR read as the lead'))).toBe(true)
  })

  it('reads dates and three tranches, the third still empty', () => {
    expect(json.dates).toEqual({ start: '2009-12-15', end: '2012-12-15', extendedEnd: null })
    expect(json.disbursements.tranches.map((t: { number: number; date: string; amount: number }) => [t.number, t.date, t.amount])).toEqual([
      [1, '2009-12-15', 1429667], [2, '2011-07-15', 2042474], [3, null, null],
    ])
    expect(json.disbursements.sum).toBe(3472141)
  })

  it('reads the financial table once, every figure of the four periods', () => {
    const rows = json.finance.rows.map((r: any) => // eslint-disable-line @typescript-eslint/no-explicit-any
      [r.period, r.total, r.transferred.amount, r.committed.amount, r.disbursed.amount])
    expect(rows).toEqual([
      ['2009-2', 5000000, 1429667, 0, 0],
      ['2010-1', 5000000, 1429667, 108520, 84045],
      ['2010-2', 5000000, 1409917, 679442, 450670],
      ['2011-1', 5000000, 1429667, 1251038, 1015309],
    ])
    expect(json.finance.rows[3].transferred.percent).toBe(28.59)
    expect(parsed.report.notes.map((n) => n.message)).toContain('list:finance: the financial table appears 3 times (HTML table, tab-separated rows); read once.')
  })

  it('reads regions, MDG targets, missions with their members, and the evaluation', () => {
    expect(json.geography.regions.map((r: { name: string }) => r.name)).toEqual(['Ayacucho', 'Cusco', 'Lambayeque', 'Puno'])
    expect(json.mdg.mdgTargets.map((r: { code: string }) => r.code)).toEqual(['MDG1 T1.A', 'MDG1 T1.B', 'MDG3 T3.A'])
    expect(json.missions.rows.map((r: { month: string; members: string[] }) => [r.month, r.members])).toEqual([
      ['2009-04', ['JAG', 'PFP']], ['2010-10', ['PFP']], ['2010-11', ['JAG', 'PFP']],
    ])
    expect(json.evaluation).toEqual({
      evaluator: 'Juan Manuel Toledano', periodStart: '2011-09', periodEnd: '2011-11', reportUrl: null, improvementPlanUrl: null,
    })
    expect(parsed.report.notes.some((n) => n.message.includes('"Informe de evaluación/plan de mejora: link" has no address'))).toBe(true)
  })

  it('reads the contacts, the status and the plans; beneficiaries hold only the placeholder', () => {
    expect(json.contacts).toEqual({
      coordinator: { name: 'Josefa Nolte', email: 'Josefa.nolte@undpaffiliates.org' },
      rco: { name: 'Maria Eugenia Mujica', email: 'mariaeugenia.mujica@undp.org' },
    })
    expect(json.status.code).toBe('delayed')
    expect(json.sustainability.plan).toBe(false)
    expect(json.communication.plan).toBe(true)
    expect(json.beneficiaries.direct.women).toBeNull()
    expect(Object.keys(parsed.data.fields).filter((id) => id.startsWith('beneficiaries.'))).toEqual([])
    expect(parsed.report.notes.map((n) => n.message)).toContain('Beneficiarios a la fecha: placeholder "Generado por el sistema" read as empty.')
  })

  it('reads the three results with their achievements, matched by number', () => {
    const rows = json.results.rows
    expect(rows).toHaveLength(3)
    expect(rows[0].statement.text).toBe('Entorno institucional favorable para el desarrollo de la actividad empresarial que promueva negocios inclusivos en industrias creativas.')
    expect(rows[1].statement.text).toMatch(/^La base empresarial \(micro y pequeños productores\)/)
    expect(rows[2].statement.text).toMatch(/^Los sistemas de calidad de la producción creativa/)
    expect(rows[0].achievement.text).toMatch(/^Resultado1: mapeo y registro de patrimonio intangible/)
    expect(rows[1].achievement.text).toBe('Resultado 2: (metas en 0)')
    expect(rows[2].achievement.text).toBe('Resultado 3: (metas en 0)')
  })

  it('keeps every narrative of the seed, split by its bold sub-labels, the labels themselves dropped', () => {
    const text = (id: string) => {
      const [section, key] = id.includes('.') ? id.split('.') as [string, string] : [id, 'narrative']
      return json[section][key].text as string
    }
    expect(text('summary')).toMatch(/^El presente programa conjunto busca aliviar la pobreza.*aprovechando el entorno favorable creado\.$/s)
    expect(text('status.narrative')).toBe('Retrasado. Reformulación a final de 2010 y cambio de agencia líder y se recluta una coordinadora a medidos de 2011. A la espera de que concluya la evaluación intermedia.')
    expect(text('assessment.gender')).toBe('Tan solo se menciona como uno de los 5 enfoques a tomar en cuenta en el desarrollo de mensajes de la estrategia de comunicación.')
    expect(text('assessment.observations')).toBe('')
    expect(text('paris.leadership')).toMatch(/^Ha habido dificultades para definir la entidad líder.*co-liderazgo de MINCETUR del CGP\..*gobiernos regionales\.$/s)
    expect(text('paris.civilSociety')).toMatch(/^El informe señala que no están involucrados/)
    expect(text('paris.alignment')).toBe('Hay alineamiento con los planes nacionales PENTUR y PENDAR aunque hay que clarificar tras el cambio de gobierno.')
    expect(text('paris.accountability')).toMatch(/^Se han establecido Comités técnicos de seguimiento regional.*en la práctica\.$/)
    expect(text('dao.procedures')).toBe('')
    expect(text('dao.rcoRole')).toMatch(/^El rol de la OCR está siendo crítico/)
    expect(text('dao.interagency')).toBe('La ausencia de coordinador durante le primer año y medio de implementación ha impactado negativamente en el avance del PC y en la articulación del mismo como una intervención conjunta mas allá de sus componentes agenciales. Desde junio 2011 se cuenta con una coordinadora nacional.')
    expect(text('sustainability.narrative')).toMatch(/^De momento los elementos enunciados son muy genéricos/)
    expect(text('scalability.narrative')).toMatch(/^El concepto de Industria cultural creativa/)
    expect(text('externalFactors.narrative')).toMatch(/^Muchas de las dificultades identificadas son de origen interno\./)
    expect(text('communication.narrative')).toMatch(/^Se ha desarrollado un plan con énfasis principal.*agosto 2011\.$/)
    expect(text('monitoring.narrative').split('\n')).toHaveLength(3)
    for (const label of ['Liderazgo de la/s', 'Involucramiento', 'Armonización y alineamiento', 'Rol de la OCR', 'Coordinación interagencial', 'Plan de sostenibilidad', 'Plan C&I']) {
      expect(JSON.stringify(parsed.data.narratives)).not.toContain(label)
    }
    expect(parsed.report.notes.some((n) => n.message.startsWith('dao.procedures: the sub-label'))).toBe(true)
  })

  it('renders with one warning only: transferred falls in 2010-2', () => {
    const warnings = sheetWarnings(doc)
    expect(warnings.map((w) => [w.code, w.params['period'], w.params['column']])).toEqual([['cumulative-decrease', '2010-2', 'transferred']])
  })

  it('reports what it mapped, the one piece of text no field took, and its decisions', () => {
    const { report } = parsed
    expect(report).toMatchObject({ format: 'template', language: 'es' })
    for (const id of ['budget.total', 'list:agencyBudgets', 'list:entities', 'list:tranches', 'list:finance', 'list:results',
      'list:regions', 'list:mdgTargets', 'list:missions', 'text:summary', 'text:status', 'text:paris.leadership',
      'text:dao.interagency', 'text:communication', 'plans.communication', 'evaluation.evaluator']) {
      expect(report.mapped).toContain(id)
    }
    expect(report.mapped).not.toContain('text:observations')
    expect(report.unmapped).toEqual([
      { where: 'Estado de ejecución financiera según informe semestral de julio 2011', text: 'según informe semestral de julio 2011' },
    ])
    expect(report.notes).toHaveLength(7)
  })

  it('reads the same sheet with CRLF line ends, and again identically (re-import changes nothing)', () => {
    const crlf = parseTemplateSheet(SEED.replace(/\n/g, '\r\n'))
    expect(crlf).toEqual(parsed)
    const before = Y.encodeStateVector(doc)
    applySheetData(doc, parseTemplateSheet(SEED).data)
    expect(Y.encodeStateVector(doc)).toEqual(before)
  })
})
