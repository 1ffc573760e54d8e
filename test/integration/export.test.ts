import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPeruSheet } from '../fixtures/peru-sheet.js'
import { connectClient, waitUntil } from '../support/clients.js'
import { startTestServer } from '../support/server.js'

type Server = Awaited<ReturnType<typeof startTestServer>>

describe('GET /api/programmes/:id/export', () => {
  let server: Server
  const get = (query: string) => server.api(`/api/programmes/MDGF-2081/export${query}`)

  beforeAll(async () => {
    server = await startTestServer()
    await server.api(`/api/programmes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'MDGF-2081', title: 't', country: 'Peru' }),
    })
    const editor = connectClient(server, 'MDGF-2081')
    await editor.synced()
    buildPeruSheet(editor.doc)
    await waitUntil(() => server.registry.get('MDGF-2081')!.doc.getArray('list:missions').length === 3, 'the sheet at the server')
    editor.destroy()
  })
  afterAll(() => server.stop(true))

  it('json: the canonical sheet JSON, as a download', async () => {
    const response = await get('?format=json')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="MDGF-2081.json"')
    const json = await response.json()
    expect(json).toEqual((await (await server.api(`/api/programmes/MDGF-2081`)).json()).sheet)
  })

  it('html: a printable sheet in the sheet language, or the one asked for', async () => {
    const es = await get('?format=html')
    expect(es.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const text = await es.text()
    expect(text).toContain('<html lang="es"')
    expect(text).toContain('@media print')
    expect(text).toContain('28,59')
    const en = await (await get('?format=html&lang=en')).text()
    expect(en).toContain('<html lang="en"')
    expect(en).toContain('28.59')
  })

  it('docx: a Word document whose body holds the figures', async () => {
    const response = await get('?format=docx')
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()))
    expect(Object.keys(files)).toContain('[Content_Types].xml')
    const body = strFromU8(files['word/document.xml']!)
    for (const figure of ['1.942.543', '1.429.667', '28,59', 'Juan Manuel Toledano']) expect(body).toContain(figure)
  })

  it('csv: financial execution with percentages, and budgets and tranches; `;` and decimal comma in Spanish, `,` and `.` in English', async () => {
    const finance = await get('?format=csv')
    expect(finance.headers.get('content-disposition')).toBe('attachment; filename="MDGF-2081-finance.csv"')
    const text = await finance.text()
    expect(text.split('\r\n').filter((line) => /^\d{4}-[12];/.test(line))).toHaveLength(4)
    expect(text).toContain('2010-2;5000000;1409917;28,2;679442;13,59;450670;9,01')
    const en = await (await get('?format=csv&lang=en')).text()
    expect(en).toContain('2010-2,5000000,1409917,28.2,679442,13.59,450670,9.01')
    const budget = await (await get('?format=csv&table=budget')).text()
    expect(budget).toContain('agency;FAO;;1942543;38,85')
  })

  it('html and docx: the follow-up after the sheet (evaluations, findings, response, plan), unless followUp=0', async () => {
    const id = (await (await server.api('/api/programmes/MDGF-2081')).json()).programme.id as string
    const post = async (path: string, body: unknown, method = 'POST') => {
      const response = await server.api(`/api/programmes/${id}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      expect(response.status, path).toBeLessThan(300)
      return response.json()
    }
    const { evaluation } = await post('/evaluations', { kind: 'mid-term', evaluators: 'Evaluadora Externa', periodStart: '2011-09', periodEnd: '2011-11', reportUrl: 'https://example.org/informe.pdf' })
    const { finding } = await post('/findings', { evaluationId: evaluation.id, criterion: 'efficiency', finding: 'La ejecución financiera va retrasada.', recommendation: 'Acelerar los desembolsos <de> las agencias.', priority: 'high' })
    await post(`/findings/${finding.id}/response`, { decision: 'partially-accepted', reason: 'Depende de la contraparte nacional.' }, 'PUT')
    await post('/actions', { findingId: finding.id, description: 'Revisar el calendario de desembolsos', responsible: 'Coordinación', dueDate: '2012-01-31', status: 'in-progress' })

    const html = await (await get('?format=html')).text()
    for (const text of ['Evaluaciones y hallazgos', 'Evaluación de medio término', 'Evaluadora Externa', 'septiembre de 2011 – noviembre de 2011', 'href="https://example.org/informe.pdf"',
      'Hallazgo 1 · Eficiencia · prioridad alta', 'La ejecución financiera va retrasada.', 'Acelerar los desembolsos &lt;de&gt; las agencias.',
      'Respuesta de la gerencia', 'Parcialmente aceptada — Depende de la contraparte nacional.',
      'Plan de mejora', '0 de 1 acciones completadas', 'Revisar el calendario de desembolsos', 'Coordinación', '31 de enero de 2012', 'En curso', 'vencida']) {
      expect(html).toContain(text)
    }
    // After every section of the sheet: only the plan follows the evaluations.
    const after = html.slice(html.indexOf('id="s-evaluations"'))
    expect([...after.matchAll(/<section id="s-([\w-]+)"/g)].map((m) => m[1])).toEqual(['improvement-plan'])
    expect(await (await get('?format=html&lang=en')).text()).toContain('Management response')
    const without = await (await get('?format=html&followUp=0')).text()
    expect(without).not.toContain('Evaluaciones y hallazgos')
    expect(without).toContain('28,59')

    const docx = async (query: string) => strFromU8(unzipSync(new Uint8Array(await (await get(query)).arrayBuffer()))['word/document.xml']!)
    const word = await docx('?format=docx')
    for (const text of ['Evaluaciones y hallazgos', 'Parcialmente aceptada — Depende de la contraparte nacional.', 'Plan de mejora', 'Revisar el calendario de desembolsos']) expect(word).toContain(text)
    expect(await docx('?format=docx&followUp=0')).not.toContain('Revisar el calendario de desembolsos')
    expect((await get('?format=html&followUp=yes')).status).toBe(400)
  })

  it('refuses unknown formats, languages and programmes', async () => {
    expect((await get('?format=pdf')).status).toBe(400)
    expect((await get('?format=html&lang=de')).status).toBe(400)
    expect((await server.api(`/api/programmes/NOPE/export?format=json`)).status).toBe(404)
  })
})
