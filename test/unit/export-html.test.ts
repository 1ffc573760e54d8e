import { describe, it, expect } from 'vitest'
import * as Y from 'yjs'
import { buildPeruSheet, PERU_ROW_IDS } from '../fixtures/peru-sheet.js'
import { renderSheet } from '../../shared/sheet/render.js'
import type { SheetJson } from '../../shared/sheet/sheet-json.js'
import { addRow, setField, sheetNarrative } from '../../shared/sheet/layout.js'
import { paragraphsJSON, setNarrativeFromProsemirrorJSON } from '../../shared/richtext/render.js'
import { SHEET_SECTIONS } from '../../shared/sheet/schema.js'
import { sheetToHtml } from '../../server/export/html.js'

function peru(edit?: (doc: Y.Doc) => void, overrides: Parameters<typeof buildPeruSheet>[1] = {}): SheetJson {
  const doc = new Y.Doc()
  buildPeruSheet(doc, overrides)
  edit?.(doc)
  return renderSheet(doc)
}

const generatedAt = new Date(Date.UTC(2011, 11, 1, 9, 30))
const NBSP = '\u00a0'

/** The `<tr>` of the finance table whose first cell is `period`. */
function financeRow(html: string, period: string): string {
  const table = /<table id="t-finance">[\s\S]*?<\/table>/.exec(html)?.[0] ?? ''
  return /<tr>[\s\S]*?<\/tr>/g[Symbol.match](table)?.find((row) => row.startsWith(`<tr><td>${period}<`)) ?? ''
}

describe('sheetToHtml on the Peru seed', () => {
  const sheet = peru()
  const es = sheetToHtml(sheet, { lang: 'es', generatedAt })
  const en = sheetToHtml(sheet, { lang: 'en', generatedAt })

  it('is a standalone HTML5 document in the export language', () => {
    expect(es.startsWith('<!doctype html>\n<html lang="es">')).toBe(true)
    expect(en).toContain('<html lang="en">')
    expect(es).toContain('<meta charset="utf-8">')
    expect(es).toContain('<title>MDGF-2081 — Industrias creativas inclusivas')
    expect(es.trimEnd().endsWith('</html>')).toBe(true)
  })

  it('defaults to the sheet language, and to English for a French sheet', () => {
    expect(sheetToHtml(sheet)).toContain('<html lang="es">')
    expect(sheetToHtml(peru(undefined, { language: 'fr' }))).toContain('<html lang="en">')
  })

  it('formats money, percentages and dates per language', () => {
    // Intl's Spanish groups from five digits: every seed figure has seven.
    expect(es).toContain('<td class="num">5.000.000</td>')
    expect(es).toContain('<td class="num">1.942.543</td>')
    expect(es).toContain(`28,59${NBSP}%`)
    expect(es).toContain(`<dd>5.000.000,00${NBSP}US$</dd>`)
    expect(es).toContain('15 de diciembre de 2009')
    expect(es).toContain('abril de 2009')
    expect(en).toContain('<td class="num">5,000,000</td>')
    expect(en).toContain('28.59%')
    expect(en).toContain('15 December 2009')
    expect(en).toContain('April 2009')
  })

  it('shows the finance table per period with amounts and derived percentages', () => {
    expect(financeRow(en, '2011-1')).toContain('<td class="num">1,251,038</td><td class="num">25.02%</td>')
    expect(financeRow(es, '2010-1')).toContain(`<td class="num">84.045</td><td class="num">1,68${NBSP}%</td>`)
    expect(es).toContain(`<td class="num">3.472.141</td><td class="num">69,44${NBSP}%</td>`) // tranche sum
  })

  it('labels enums, yes/no, agencies and periods', () => {
    expect(es).toContain('<dd>Retrasado</dd>')
    expect(en).toContain('<dd>Delayed</dd>')
    expect(es).toContain('<dd>Desarrollo y sector privado</dd>')
    expect(en).toContain('UNWTO<span class="detail">World Tourism Organization</span>')
    expect(en).toContain('<td>Yes</td>')
    expect(es).toContain('2010-2<span class="detail">jul–dic 2010</span>')
  })

  it('marks the 2010-2 warning on its cell and lists it in the summary', () => {
    const row = financeRow(es, '2010-2')
    expect(row).toMatch(/<td class="num has-warning">1\.409\.917<a class="warn-mark" id="wm-1" href="#w-1"[^>]*>⚠ 1<\/a><\/td>/)
    expect(financeRow(es, '2010-1')).not.toContain('warn-mark')
    expect(es).toContain('<h2>Advertencias (1)</h2>')
    expect(es).toContain('<li id="w-1"><a href="#wm-1">Ejecución financiera por periodo — Transferido</a>: 2010-2: transferido bajó de 1.429.667 (2010-1) a 1.409.917')
    expect(en).toContain('2010-2: transferred fell from 1,429,667 (2010-1) to 1,409,917')
    expect(es.indexOf('warnings-summary')).toBeLessThan(es.indexOf('id="s-identity"'))
  })

  it('has every section heading in paper order', () => {
    for (const [html, lang] of [[es, 'es'], [en, 'en']] as const) {
      const headings = [...html.matchAll(/<section id="s-[^"]+"[^>]*>\n<h2>([^<]*)<\/h2>/g)].map((m) => m[1])
      expect(headings).toEqual(SHEET_SECTIONS.map((s) => s.label[lang].replace(/&/g, '&amp;')))
    }
  })

  it('shows an empty section quietly and ends with the generation time', () => {
    expect(es).toMatch(/<h2>Beneficiarios a la fecha<\/h2>\n<p class="empty">Sin datos<\/p>/)
    expect(en).toMatch(/<h2>Beneficiaries to date<\/h2>\n<p class="empty">No data<\/p>/)
    expect(es).toMatch(/<footer>Generado el 1 de diciembre de 2011 a las 9:30 UTC<\/footer>/)
  })

  it('has a print stylesheet for A4 that keeps rows whole and headings with what follows', () => {
    const print = es.slice(es.indexOf('@media print'))
    expect(print).toContain('size: A4')
    expect(print).toMatch(/tr[^{]*\{[^}]*break-inside: avoid/)
    expect(print).toMatch(/h2[^{]*\{[^}]*break-after: avoid/)
  })
})

describe('sheetToHtml escaping', () => {
  it('never lets a script or handler through from fields, cells or narratives', () => {
    const sheet = peru((doc) => {
      setField(doc, 'identity.title', '<script>alert("title")</script>')
      setField(doc, 'contacts.rco.name', '"><img src=x onerror=alert(1)>')
      addRow(doc, 'agencyBudgets', { agency: '<script>alert("agency")</script>', amount: '1' })
      setNarrativeFromProsemirrorJSON(sheetNarrative(doc, 'summary'), paragraphsJSON('<script>alert("narrative")</script>'))
    })
    // A narrative's HTML that did not come from our renderer is rebuilt from the schema's tags.
    sheet.assessment.observations.html = '<p onclick="x()">ok <a href="javascript:alert(1)">link</a></p><script>alert("raw")</script><iframe src="x"></iframe>'
    const html = sheetToHtml(sheet, { lang: 'en', title: '</title><script>alert("t")</script>' })
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/<img|<iframe|onclick=|javascript:/i)
    expect(html).toContain('&lt;script&gt;alert("narrative")&lt;/script&gt;')
    expect(html).toContain('<h1>&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;</h1>')
    expect(html).toContain('<p>ok link</p>')
  })

  it('keeps a narrative structure and safe links', () => {
    const sheet = peru()
    sheet.monitoring.narrative.html = '<h3>Plan</h3><ul><li><p><strong>Uno</strong> &amp; <em>dos</em></p></li></ul><ol start="3"><li><p><a href="https://mdgfund.org">F-ODM</a></p></li></ol>'
    const html = sheetToHtml(sheet, { lang: 'es' })
    expect(html).toContain('<div class="narrative"><h4>Plan</h4><ul><li><p><strong>Uno</strong> &amp; <em>dos</em></p></li></ul>'
      + '<ol start="3"><li><p><a href="https://mdgfund.org" rel="noopener noreferrer nofollow">F-ODM</a></p></li></ol></div>')
  })

  it('marks a field warning beside its field', () => {
    const sheet = peru((doc) => setField(doc, 'dates.extendedEnd', '2014-12-15'))
    const html = sheetToHtml(sheet, { lang: 'en' })
    expect(html).toMatch(/<dt>Extension \(new end date\)<\/dt><dd class="has-warning">15 December 2014<a class="warn-mark" id="wm-\d"[^>]*>⚠ \d<\/a><ul class="warn-notes"><li>\d\. The extension to 15 Dec 2014 is more than 12 months/)
    expect(PERU_ROW_IDS.finance).toHaveLength(4)
  })
})
