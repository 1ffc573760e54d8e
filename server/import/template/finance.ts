/**
 * The financial execution table. Word exports it more than once (an HTML table, then the same
 * figures as tab-separated cells, in the seed even twice): every copy is read, the first row of
 * each period is kept and later identical rows are counted as duplicates; a later row that
 * differs is reported rather than silently preferred.
 */
import type { SheetDataRow } from '../../../shared/sheet/data.js'
import type { ImportContext } from './context.js'
import type { Block } from './rows.js'
import { elementsOf, normalise, plainText, withoutElements } from './text.js'
import { parseAmount, parsePeriodText } from './values.js'

const COLUMNS = ['period', 'total', 'transferred', 'committed', 'disbursed'] as const
type Column = (typeof COLUMNS)[number]

const HEADERS: Record<string, Column> = {
  periodo: 'period', period: 'period', periode: 'period', semestre: 'period', semester: 'period',
  total: 'total', 'presupuesto total': 'total', 'budget total': 'total', 'total budget': 'total',
  transferred: 'transferred', transferido: 'transferred', transfere: 'transferred', 'montant transfere': 'transferred',
  committed: 'committed', comprometido: 'committed', engage: 'committed', 'montant engage': 'committed',
  disbursed: 'disbursed', desembolsado: 'disbursed', decaisse: 'disbursed', 'montant decaisse': 'disbursed',
}

/** A header cell's column, or undefined. */
function headerOf(cell: string): Column | undefined {
  return HEADERS[normalise(cell)]
}

interface Copy {
  source: string
  rows: string[][]
}

/** Cells of the HTML tables of a cell, row by row. */
function tableRows(html: string): string[][] {
  return elementsOf(html, 'table').flatMap((table) =>
    elementsOf(table, 'tr').map((tr) => {
      const cells: string[] = []
      const lower = tr.toLowerCase()
      // Header and data cells in document order.
      let at = 0
      for (;;) {
        const td = lower.indexOf('<td', at)
        const th = lower.indexOf('<th', at)
        const open = td === -1 ? th : th === -1 ? td : Math.min(td, th)
        if (open === -1) break
        const tag = lower.startsWith('<td', open) ? 'td' : 'th'
        const start = lower.indexOf('>', open)
        const end = lower.indexOf(`</${tag}>`, start)
        if (start === -1) break
        cells.push(plainText(tr.slice(start + 1, end === -1 ? undefined : end)))
        if (end === -1) break
        at = end + 5
      }
      return cells
    }))
}

/** Tab-separated cells (one long row or several) cut into table rows at every period or header. */
function tabRows(cells: string[]): string[][] {
  const rows: string[][] = []
  let current: string[] | undefined
  for (const cell of cells.map(plainText).filter((c) => c !== '')) {
    const starts = parsePeriodText(cell) !== null || (headerOf(cell) === 'period')
    if (starts || !current) {
      current = []
      rows.push(current)
    }
    current.push(cell)
  }
  return rows
}

/** Read the finance block into `list:finance`. */
export function readFinance(ctx: ImportContext, block: Block): void {
  const copies: Copy[] = []
  const tabCells: string[] = []
  for (const row of block.rows) {
    for (const cell of row.cells) {
      if (/<table\b/i.test(cell)) {
        copies.push({ source: 'HTML table', rows: tableRows(cell) })
        tabCells.push(withoutElements(cell, 'table'))
      } else {
        tabCells.push(cell)
      }
    }
  }
  // Each header row of the tab cells starts a new copy of the table.
  let tabCopy: Copy | undefined
  for (const cells of tabRows(tabCells)) {
    if (!tabCopy || headerOf(cells[0] ?? '') === 'period') {
      tabCopy = { source: 'tab-separated rows', rows: [] }
      copies.push(tabCopy)
    }
    tabCopy.rows.push(cells)
  }

  const byPeriod = new Map<string, SheetDataRow>()
  const rows: SheetDataRow[] = []
  let duplicates = 0
  for (const copy of copies) {
    let order: readonly Column[] = COLUMNS
    for (const cells of copy.rows) {
      const headers = cells.map(headerOf)
      if (headers.every((h) => h !== undefined)) {
        order = headers as Column[]
        continue
      }
      const row = financeRow(ctx, block, cells, order)
      if (!row) continue
      const key = row.values['period'] ?? ''
      const seen = byPeriod.get(key)
      if (!seen) {
        byPeriod.set(key, row)
        rows.push(row)
      } else if (COLUMNS.every((c) => seen.values[c] === row.values[c])) {
        duplicates++
      } else {
        ctx.note('financeCopyDiffers', { where: 'list:finance', source: copy.source, period: key })
        ctx.leftover(`${block.label} (${copy.source}, ${key})`, cells.join(' '))
      }
    }
  }
  if (copies.length > 1 && duplicates > 0) {
    ctx.note('financeCopies', { where: 'list:finance', n: copies.length, sources: [...new Set(copies.map((c) => c.source))].join(', ') })
  }
  ctx.list('finance', rows)
}

function financeRow(ctx: ImportContext, block: Block, cells: string[], order: readonly Column[]): SheetDataRow | undefined {
  // Text that is neither a semester nor followed by amounts is not a row of the table.
  const periodAt = order.indexOf('period')
  const figures = cells.filter((cell, index) => index !== periodAt && parseAmount(cell) !== null).length
  if (parsePeriodText(cells[periodAt] ?? '') === null && figures === 0) {
    ctx.leftover(block.label, cells.join(' '))
    return undefined
  }
  const values: Record<string, string> = {}
  cells.forEach((cell, index) => {
    const column = order[index]
    if (!column) { ctx.leftover(block.label, cell); return }
    const value = column === 'period' ? parsePeriodText(cell) : parseAmount(cell)
    if (value === null) ctx.note(column === 'period' ? 'notSemester' : 'notAmount', { where: 'list:finance', text: cell })
    values[column] = value ?? cell
  })
  return { values }
}
