import { describe, it, expect } from 'vitest'
import * as Y from 'yjs'
import { strFromU8, unzipSync } from 'fflate'
import { buildPeruSheet } from '../fixtures/peru-sheet.js'
import { renderSheet } from '../../shared/sheet/render.js'
import { SHEET_SECTIONS } from '../../shared/sheet/schema.js'
import { sheetToDocx } from '../../server/export/docx.js'

function peru() {
  const doc = new Y.Doc()
  buildPeruSheet(doc)
  return renderSheet(doc)
}

const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** The visible text runs of document.xml, in order. */
function runs(documentXml: string): string[] {
  return [...documentXml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1] ?? '')
}

/** Texts of the paragraphs styled `style`, in order. */
function styled(documentXml: string, style: string): string[] {
  return [...documentXml.matchAll(/<w:p>(?:(?!<\/w:p>).)*?<w:pStyle w:val="([^"]+)"\/>(?:(?!<\/w:p>).)*<\/w:p>/gs)]
    .filter((m) => m[1] === style)
    .map((m) => runs(m[0]).join(''))
}

async function open(lang: 'es' | 'en', sheet = peru()) {
  const buffer = await sheetToDocx(sheet, { lang, generatedAt: new Date(Date.UTC(2011, 11, 1)) })
  const files = unzipSync(new Uint8Array(buffer))
  return { buffer, files, xml: strFromU8(files['word/document.xml'] ?? new Uint8Array()) }
}

describe('sheetToDocx on the Peru seed', () => {
  it('is a valid Word package', async () => {
    const { buffer, files } = await open('es')
    expect(buffer.subarray(0, 2).toString()).toBe('PK')
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml', 'word/numbering.xml']))
    expect(strFromU8(files['[Content_Types].xml'] ?? new Uint8Array())).toContain('wordprocessingml.document.main+xml')
  })

  it('holds the figures and percentages formatted for the language', async () => {
    const es = runs((await open('es')).xml)
    for (const figure of ['5.000.000', '1.942.543', '1.429.667', '1.409.917', '1.251.038', '3.472.141']) expect(es).toContain(figure)
    expect(es).toContain('28,59\u00a0%')
    expect(es).toContain('69,44\u00a0%')
    const en = runs((await open('en')).xml)
    expect(en).toContain('5,000,000')
    expect(en).toContain('28.59%')
    expect(en).toContain('15 December 2009')
  })

  it('has a Heading 1 per section in paper order, after the title and the warnings', async () => {
    const { xml } = await open('es')
    expect(styled(xml, 'Title')).toEqual(['Industrias creativas inclusivas: una herramienta innovadora para el alivio de la pobreza en el Perú'])
    expect(styled(xml, 'Heading1')).toEqual(['Advertencias (1)', ...SHEET_SECTIONS.map((s) => xmlText(s.label.es))])
    expect(styled(xml, 'Heading2')).toContain('Ejecución financiera por periodo')
  })

  it('names the evaluator and the contacts, and writes narratives', async () => {
    const text = runs((await open('en')).xml).join('\n')
    expect(text).toContain('Juan Manuel Toledano')
    expect(text).toContain('Josefa Nolte')
    expect(text).toContain('Plan C&amp;I:')
    expect(text).toContain('Muchas de las dificultades identificadas son de origen interno.')
  })

  it('marks the 2010-2 warning beside its figure and notes it', async () => {
    const { xml } = await open('es')
    const text = runs(xml)
    const at = text.indexOf('1.409.917')
    expect(text[at + 1]).toBe(' ⚠ 1')
    expect(text.join('')).toContain('⚠ 1. 2010-2: transferido bajó de 1.429.667 (2010-1) a 1.409.917; las cifras acumuladas no deberían bajar.')
  })

  it('turns narrative lists into numbered paragraphs and links into hyperlinks', async () => {
    const sheet = peru()
    sheet.monitoring.narrative.html = '<ul><li><p>uno</p></li><li><p>dos</p></li></ul><ol><li><p><a href="https://mdgfund.org">F-ODM</a></p></li></ol>'
    const { files, xml } = await open('es', sheet)
    const before = (await open('es')).xml
    // Regions and MDG targets are bulleted already; the narrative adds three list paragraphs.
    expect((xml.match(/<w:numPr>/g)?.length ?? 0) - (before.match(/<w:numPr>/g)?.length ?? 0)).toBe(3)
    expect(xml).toMatch(/<w:hyperlink [^>]*r:id="[^"]+"[^>]*>.*?F-ODM/s)
    expect(strFromU8(files['word/_rels/document.xml.rels'] ?? new Uint8Array())).toContain('https://mdgfund.org')
  })
})
