import { describe, it, expect } from 'vitest'
import * as Y from 'yjs'
import { buildPeruSheet, PERU_ROW_IDS } from '../fixtures/peru-sheet.js'
import { renderSheet } from '../../shared/sheet/render.js'
import { setCell } from '../../shared/sheet/layout.js'
import { exportLanguage } from '../../server/export/format.js'
import { exportSheet } from '../../server/export/labels.js'
import type { ExportBlock } from '../../server/export/labels.js'
import { narrativeBlocks } from '../../server/export/narrative.js'

function peru(edit?: (doc: Y.Doc) => void) {
  const doc = new Y.Doc()
  buildPeruSheet(doc)
  edit?.(doc)
  return renderSheet(doc)
}

function table(sheet: ReturnType<typeof exportSheet>, id: string): Extract<ExportBlock, { kind: 'table' }> {
  const block = sheet.sections.flatMap((s) => s.blocks).find((b) => b.kind === 'table' && b.id === id)
  if (block?.kind !== 'table') throw new Error(`no table ${id}`)
  return block
}

describe('exportLanguage', () => {
  it('takes the requested language, else the sheet’s, else English', () => {
    const sheet = (language: string | null) => ({ identity: { title: null, code: null, country: null, window: null, language } })
    expect(exportLanguage('en', sheet('es'))).toBe('en')
    expect(exportLanguage(undefined, sheet('es'))).toBe('es')
    expect(exportLanguage('de', sheet('fr'))).toBe('en')
    expect(exportLanguage(null, sheet(null))).toBe('en')
  })
})

describe('exportSheet', () => {
  it('adds the percentage of the total to agencies and tranches, with their sums', () => {
    const sheet = exportSheet(peru(), 'en')
    const agencies = table(sheet, 'agencyBudgets')
    expect(agencies.columns.map((c) => c.label)).toEqual(['Agency', 'Amount (USD)', '% of total'])
    expect(agencies.rows[5]?.map((c) => c.text)).toEqual(['FAO', '1,942,543', '38.85%'])
    expect(agencies.totals.map((row) => row.map((c) => c.text))).toEqual([
      ['Sum of the agencies', '5,000,000', '100.00%'], ['Total budget', '5,000,000', '100.00%'],
    ])
    const tranches = table(sheet, 'tranches')
    expect(tranches.rows.map((row) => row.map((c) => c.text))).toEqual([
      ['1', '15 December 2009', '1,429,667', '28.59%'], ['2', '15 July 2011', '2,042,474', '40.85%'], ['3', '', '', ''],
    ])
    expect(tranches.totals[0]?.map((c) => c.text)).toEqual(['', 'Sum of the tranches', '3,472,141', '69.44%'])
  })

  it('places each warning once: on its cell, else on its list, and always in the summary', () => {
    const sheet = exportSheet(peru((doc) => {
      setCell(doc, 'tranches', PERU_ROW_IDS.tranches[2], 'amount', '9000000')
      setCell(doc, 'tranches', PERU_ROW_IDS.tranches[2], 'date', '2009-01-01')
    }), 'es')
    const tranches = table(sheet, 'tranches')
    expect(tranches.warnings.map((w) => w.message)).toEqual([expect.stringContaining('Los desembolsos suman 12.472.141')])
    expect(tranches.rows[2]?.[1]?.warnings.map((w) => w.message)).toEqual([expect.stringContaining('El desembolso 3 (1 ene 2009)')])
    const placed = sheet.sections.flatMap((s) => s.blocks).flatMap((b) => b.kind === 'fields'
      ? b.fields.flatMap((f) => f.cell.warnings)
      : b.kind === 'table' ? [...b.warnings, ...b.rows.flat().flatMap((c) => c.warnings)] : b.warnings)
    expect(placed.map((w) => w.n).sort()).toEqual(sheet.warnings.map((w) => w.n))
  })
})

describe('narrativeBlocks', () => {
  it('reads the narrative schema’s tags and drops anything else', () => {
    expect(narrativeBlocks({ text: '', html: '<p>a <strong>b</strong><br><a href="javascript:x()">c</a></p><script>x()</script><ol start="2"><li><p>d</p><ul><li><p>e</p></li></ul></li></ol>' })).toEqual([
      { kind: 'paragraph', inlines: [
        { kind: 'text', text: 'a ', bold: false, italic: false, href: null },
        { kind: 'text', text: 'b', bold: true, italic: false, href: null },
        { kind: 'break' },
        { kind: 'text', text: 'c', bold: false, italic: false, href: null },
      ] },
      { kind: 'list', ordered: true, start: 2, items: [[
        { kind: 'paragraph', inlines: [{ kind: 'text', text: 'd', bold: false, italic: false, href: null }] },
        { kind: 'list', ordered: false, start: 1, items: [[{ kind: 'paragraph', inlines: [{ kind: 'text', text: 'e', bold: false, italic: false, href: null }] }]] },
      ]] },
    ])
  })

  it('falls back to the plain text, one paragraph per line', () => {
    expect(narrativeBlocks({ text: 'uno\n\ndos', html: '' }).length).toBe(2)
    expect(narrativeBlocks({ text: '', html: '' })).toEqual([])
  })
})
