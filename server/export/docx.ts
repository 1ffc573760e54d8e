/**
 * The Word export: the same content as the HTML export (both lay out exportSheet()), written with
 * the `docx` library as Heading-styled sections, tables for money and fields, narratives rebuilt
 * from their blocks as paragraphs and lists, and warnings as marked notes.
 */
import {
  AlignmentType, Document, ExternalHyperlink, HeadingLevel, LevelFormat, Packer, Paragraph, ShadingType, Table,
  TableCell, TableRow, TextRun, WidthType,
} from 'docx'
import type { ParagraphChild } from 'docx'
import type { SheetJson } from '../../shared/sheet/sheet-json.js'
import { exportLanguage, formatTimestamp } from './format.js'
import type { ExportLang } from './format.js'
import type { FollowUp } from '../commands/follow-up.js'
import { exportContent } from './follow-up.js'
import type { ExportBlock, ExportCell, ExportColumn, ExportSheet, ExportWarning } from './labels.js'
import type { RichBlock, RichInline } from './narrative.js'

/** Options of {@link sheetToDocx}. */
export interface DocxExportOptions {
  /** Language of labels and formats; default: the sheet's language if `es`/`en`, else English. */
  lang?: ExportLang
  /** The document's title property; default `code — title`. */
  title?: string
  /** Shown at the end of the document; default now. */
  generatedAt?: Date
  /** The programme's evaluations, findings, responses and plan, appended after the sheet; none when absent. */
  followUp?: FollowUp | null
}

const ACCENT = '1F4E79'
const MUTED = '5B6472'
const WARN = '8A4B00'
const WARN_FILL = 'FFF3D6'
const HEAD_FILL = 'E8ECF1'

type Body = (Paragraph | Table)[]

/** Writes narrative lists with fresh numbering per ordered list, so each starts again at 1. */
class ListNumbering {
  private next = 1
  instance(): number {
    return this.next++
  }
}

function inlineRuns(inlines: RichInline[]): ParagraphChild[] {
  return inlines.map((inline) => {
    if (inline.kind === 'break') return new TextRun({ text: '', break: 1 })
    const run = { text: inline.text, bold: inline.bold, italics: inline.italic }
    return inline.href
      ? new ExternalHyperlink({ link: inline.href, children: [new TextRun({ ...run, style: 'Hyperlink' })] })
      : new TextRun(run)
  })
}

/** Narrative blocks as Word paragraphs; list items are numbered or bulleted paragraphs by depth. */
function narrativeParagraphs(blocks: RichBlock[], numbering: ListNumbering, level = 0): Paragraph[] {
  return blocks.flatMap((block): Paragraph[] => {
    if (block.kind === 'paragraph') return [new Paragraph({ children: inlineRuns(block.inlines) })]
    if (block.kind === 'heading') {
      return [new Paragraph({ heading: block.level === 3 ? HeadingLevel.HEADING_3 : HeadingLevel.HEADING_4, children: inlineRuns(block.inlines) })]
    }
    const instance = numbering.instance()
    return block.items.flatMap((item) => item.flatMap((child, i): Paragraph[] => {
      if (i === 0 && child.kind !== 'list') {
        return [new Paragraph({
          children: inlineRuns(child.inlines),
          numbering: { reference: block.ordered ? 'numbered' : 'bullets', level: Math.min(level, 2), instance },
        })]
      }
      return narrativeParagraphs([child], numbering, child.kind === 'list' ? level + 1 : level)
    }))
  })
}

function markerRun(w: ExportWarning): TextRun {
  return new TextRun({ text: ` ⚠ ${w.n}`, bold: true, color: WARN, size: 16 })
}

function warningNotes(warnings: ExportWarning[]): Paragraph[] {
  return warnings.map((w) => new Paragraph({
    spacing: { after: 60 },
    children: [new TextRun({ text: `⚠ ${w.n}. `, bold: true, color: WARN }), new TextRun({ text: w.message, color: WARN, size: 18 })],
  }))
}

function cellParagraphs(cell: ExportCell, sheet: ExportSheet, options: { bold?: boolean; blankIfEmpty?: boolean } = {}): Paragraph[] {
  const text = cell.text === '' ? (options.blankIfEmpty ? '' : sheet.ui.empty) : cell.text
  const run = new TextRun({ text, bold: options.bold, color: cell.text === '' ? MUTED : undefined })
  const value: ParagraphChild = cell.href ? new ExternalHyperlink({ link: cell.href, children: [new TextRun({ text, style: 'Hyperlink' })] }) : run
  const paragraphs = [new Paragraph({
    alignment: cell.numeric ? AlignmentType.RIGHT : AlignmentType.LEFT,
    children: [value, ...cell.warnings.map(markerRun)],
  })]
  if (cell.detail) paragraphs.push(new Paragraph({ children: [new TextRun({ text: cell.detail, color: MUTED, size: 16 })] }))
  return paragraphs
}

function tableCell(children: Paragraph[], fill?: string): TableCell {
  return new TableCell({
    children,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    ...(fill ? { shading: { fill, type: ShadingType.CLEAR, color: 'auto' } } : {}),
  })
}

function moneyTable(columns: ExportColumn[], rows: ExportCell[][], totals: ExportCell[][], sheet: ExportSheet): Table {
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: columns.map((c) => tableCell([new Paragraph({
      alignment: c.numeric ? AlignmentType.RIGHT : AlignmentType.LEFT,
      children: [new TextRun({ text: c.label, bold: true })],
    })], HEAD_FILL)),
  })
  const bodyRow = (cells: ExportCell[], total: boolean) => new TableRow({
    cantSplit: true,
    children: cells.map((c) => tableCell(cellParagraphs(c, sheet, { bold: total, blankIfEmpty: total }), c.warnings.length ? WARN_FILL : undefined)),
  })
  const body = rows.length
    ? rows.map((cells) => bodyRow(cells, false))
    : [new TableRow({ children: [new TableCell({ columnSpan: columns.length, children: [new Paragraph({ children: [new TextRun({ text: sheet.ui.noData, color: MUTED })] })] })] })]
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [header, ...body, ...totals.map((cells) => bodyRow(cells, true))],
  })
}

function label(text: string, warnings: ExportWarning[] = []): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_2, keepNext: true, children: [new TextRun(text), ...warnings.map(markerRun)] })
}

function blockBody(block: ExportBlock, sheet: ExportSheet, numbering: ListNumbering): Body {
  switch (block.kind) {
    case 'fields': {
      const table = new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: block.fields.map((f) => new TableRow({
          cantSplit: true,
          children: [
            tableCell([new Paragraph({ children: [new TextRun({ text: f.label, color: MUTED })] })]),
            tableCell(cellParagraphs(f.cell, sheet), f.cell.warnings.length ? WARN_FILL : undefined),
          ],
        })),
      })
      return [table, ...warningNotes(block.fields.flatMap((f) => f.cell.warnings)), new Paragraph({})]
    }
    case 'table': {
      const cellWarnings = [...block.rows, ...block.totals].flat().flatMap((c) => c.warnings)
      return [
        ...(block.label ? [label(block.label, block.warnings)] : []),
        moneyTable(block.columns, block.rows, block.totals, sheet),
        ...warningNotes([...block.warnings, ...cellWarnings]),
        new Paragraph({}),
      ]
    }
    case 'items':
      return [
        ...(block.label ? [label(block.label, block.warnings)] : []),
        ...(block.items.length
          ? block.items.map((c) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun(c.text || sheet.ui.empty), ...c.warnings.map(markerRun)] }))
          : [new Paragraph({ children: [new TextRun({ text: sheet.ui.empty, color: MUTED })] })]),
        ...warningNotes([...block.warnings, ...block.items.flatMap((c) => c.warnings)]),
      ]
    case 'narrative':
      return [
        ...(block.label ? [label(block.label, block.warnings)] : []),
        ...(block.blocks.length
          ? narrativeParagraphs(block.blocks, numbering)
          : [new Paragraph({ children: [new TextRun({ text: sheet.ui.empty, color: MUTED })] })]),
        ...warningNotes(block.warnings),
      ]
  }
}

function summary(sheet: ExportSheet): Body {
  if (!sheet.warnings.length) return []
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_1, keepNext: true, children: [new TextRun({ text: `${sheet.ui.warnings} (${sheet.warnings.length})`, color: WARN })] }),
    ...sheet.warnings.map((w) => new Paragraph({
      shading: { fill: WARN_FILL, type: ShadingType.CLEAR, color: 'auto' },
      children: [new TextRun({ text: `⚠ ${w.n}. ${w.label}: `, bold: true, color: WARN }), new TextRun(w.message)],
    })),
  ]
}

const levels = (format: (typeof LevelFormat)[keyof typeof LevelFormat], text: (level: number) => string) =>
  [0, 1, 2].map((level) => ({
    level, format, text: text(level), alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
  }))

/**
 * The sheet as a Word document (.docx): title, a summary of the warnings, one Heading 1 per
 * section in paper order, money and fields in tables with the derived percentages, narratives as
 * paragraphs and lists, each warning marked beside its field or cell and noted below it.
 *
 * @example const bytes = await sheetToDocx(renderSheet(doc), { lang: 'es' })
 */
export async function sheetToDocx(json: SheetJson, options: DocxExportOptions = {}): Promise<Buffer> {
  const lang = options.lang ?? exportLanguage(undefined, json)
  const sheet = exportContent(json, lang, options.followUp ?? null)
  const numbering = new ListNumbering()
  const kicker = [sheet.ui.factSheet, sheet.code, sheet.country].filter((part): part is string => !!part).join(' · ')
  const body: Body = [
    new Paragraph({ children: [new TextRun({ text: kicker, color: MUTED, allCaps: true, size: 18 })] }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(sheet.title)] }),
    ...summary(sheet),
  ]
  for (const section of sheet.sections) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, keepNext: true, children: [new TextRun(section.label)] }))
    if (section.empty) body.push(new Paragraph({ children: [new TextRun({ text: sheet.ui.noData, color: MUTED, italics: true })] }))
    else for (const block of section.blocks) body.push(...blockBody(block, sheet, numbering))
  }
  body.push(new Paragraph({
    spacing: { before: 480 },
    children: [new TextRun({ text: `${sheet.ui.generated} ${formatTimestamp(options.generatedAt ?? new Date(), lang)}`, color: MUTED, size: 16 })],
  }))
  const document = new Document({
    title: options.title ?? [sheet.code, sheet.title].filter((part): part is string => !!part).join(' — '),
    creator: 'Ficha',
    styles: {
      default: {
        document: { run: { font: 'Calibri', size: 21 } },
        title: { run: { color: ACCENT, size: 40 } },
        heading1: { run: { color: ACCENT, size: 28, bold: true }, paragraph: { spacing: { before: 360, after: 120 } } },
        heading2: { run: { size: 22, bold: true }, paragraph: { spacing: { before: 200, after: 80 } } },
      },
    },
    numbering: {
      config: [
        { reference: 'bullets', levels: levels(LevelFormat.BULLET, (level) => ['•', '◦', '▪'][level] ?? '•') },
        { reference: 'numbered', levels: levels(LevelFormat.DECIMAL, (level) => `%${level + 1}.`) },
      ],
    },
    sections: [{
      properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1020, bottom: 1134, left: 907, right: 907 } } },
      children: body,
    }],
  })
  return Packer.toBuffer(document)
}
