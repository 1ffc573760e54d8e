/**
 * The HTML export: a standalone, printable fact sheet laid out from exportSheet(). Every string
 * from the sheet is escaped here; narratives are re-serialised from their parsed blocks, so only
 * the narrative schema's tags can reach the page.
 */
import { escapeHtml } from '../../shared/richtext/render.js'
import type { SheetJson } from '../../shared/sheet/sheet-json.js'
import { exportLanguage, formatTimestamp } from './format.js'
import type { ExportLang } from './format.js'
import { SHEET_CSS } from './html-style.js'
import type { FollowUp } from '../commands/follow-up.js'
import { exportContent } from './follow-up.js'
import type { ExportBlock, ExportCell, ExportSection, ExportSheet, ExportWarning } from './labels.js'
import { blocksToHtml } from './narrative.js'

/** Options of {@link sheetToHtml}. */
export interface HtmlExportOptions {
  /** Language of labels and formats; default: the sheet's language if `es`/`en`, else English. */
  lang?: ExportLang
  /** The document's `<title>`; default `code — title`. */
  title?: string
  /** Shown in the footer; default now. */
  generatedAt?: Date
  /** The programme's evaluations, findings, responses and plan, appended after the sheet; none when absent. */
  followUp?: FollowUp | null
}

const esc = (text: string): string => escapeHtml(text).replace(/"/g, '&quot;')

function marker(w: ExportWarning, ui: ExportSheet['ui']): string {
  return `<a class="warn-mark" id="wm-${w.n}" href="#w-${w.n}" title="${esc(w.message)}" aria-label="${esc(`${ui.warning} ${w.n}`)}">⚠ ${w.n}</a>`
}

function notes(warnings: ExportWarning[]): string {
  if (!warnings.length) return ''
  return `<ul class="warn-notes">${warnings.map((w) => `<li>${w.n}. ${esc(w.message)}</li>`).join('')}</ul>`
}

function cellContent(cell: ExportCell, sheet: ExportSheet, blankIfEmpty = false): string {
  const text = cell.text === '' ? (blankIfEmpty ? '' : `<span class="empty">${sheet.ui.empty}</span>`) : esc(cell.text)
  const value = cell.href ? `<a href="${esc(cell.href)}" rel="noopener noreferrer nofollow">${text}</a>` : text
  const detail = cell.detail ? `<span class="detail">${esc(cell.detail)}</span>` : ''
  return value + cell.warnings.map((w) => marker(w, sheet.ui)).join('') + detail
}

function tdClass(cell: ExportCell): string {
  const classes = [cell.numeric ? 'num' : '', cell.warnings.length ? 'has-warning' : ''].filter(Boolean)
  return classes.length ? ` class="${classes.join(' ')}"` : ''
}

function blockHtml(block: ExportBlock, sheet: ExportSheet): string {
  const ui = sheet.ui
  switch (block.kind) {
    case 'fields':
      return `<dl class="fields">${block.fields.map((f) => `<div><dt>${esc(f.label)}</dt><dd${f.cell.warnings.length ? ' class="has-warning"' : ''}>`
        + `${cellContent(f.cell, sheet)}${notes(f.cell.warnings)}</dd></div>`).join('')}</dl>`
    case 'table': {
      const head = block.columns.map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ''}>${esc(c.label)}</th>`).join('')
      const row = (cells: ExportCell[], total = false) => `<tr>${cells.map((c) => `<td${tdClass(c)}>${cellContent(c, sheet, total)}</td>`).join('')}</tr>`
      const body = block.rows.length
        ? block.rows.map((cells) => row(cells)).join('')
        : `<tr><td colspan="${block.columns.length}" class="empty">${esc(ui.noData)}</td></tr>`
      const foot = block.totals.length ? `<tfoot>${block.totals.map((cells) => row(cells, true)).join('')}</tfoot>` : ''
      const cellWarnings = block.rows.flat().concat(block.totals.flat()).flatMap((c) => c.warnings)
      const listMarks = block.warnings.map((w) => marker(w, ui)).join('')
      return `<table id="t-${esc(block.id)}">${block.label ? `<caption>${esc(block.label)}${listMarks}</caption>` : ''}`
        + `<thead><tr>${head}</tr></thead><tbody>${body}</tbody>${foot}</table>${notes([...block.warnings, ...cellWarnings])}`
    }
    case 'items': {
      const label = block.label ? `<h3>${esc(block.label)}${block.warnings.map((w) => marker(w, ui)).join('')}</h3>` : ''
      const items = block.items.length
        ? `<ul class="items">${block.items.map((c) => `<li>${cellContent(c, sheet)}</li>`).join('')}</ul>`
        : `<p class="empty">${esc(ui.empty)}</p>`
      return label + items + notes([...block.warnings, ...block.items.flatMap((c) => c.warnings)])
    }
    case 'narrative': {
      const label = block.label ? `<h3>${esc(block.label)}${block.warnings.map((w) => marker(w, ui)).join('')}</h3>` : ''
      const body = block.blocks.length ? `<div class="narrative">${blocksToHtml(block.blocks)}</div>` : `<p class="empty">${esc(ui.empty)}</p>`
      return label + body + notes(block.warnings)
    }
  }
}

function sectionHtml(section: ExportSection, sheet: ExportSheet): string {
  const body = section.empty ? `<p class="empty">${esc(sheet.ui.noData)}</p>` : section.blocks.map((b) => blockHtml(b, sheet)).join('\n')
  const cls = section.id === 'identity' ? ' class="identity"' : ''
  return `<section id="s-${esc(section.id)}"${cls}>\n<h2>${esc(section.label)}</h2>\n${body}\n</section>`
}

function summaryHtml(sheet: ExportSheet): string {
  if (!sheet.warnings.length) return ''
  const items = sheet.warnings.map((w) => `<li id="w-${w.n}"><a href="#wm-${w.n}">${esc(w.label)}</a>: ${esc(w.message)}</li>`).join('')
  return `<section class="warnings-summary" aria-label="${esc(sheet.ui.warnings)}"><h2>${esc(sheet.ui.warnings)} (${sheet.warnings.length})</h2><ol>${items}</ol></section>`
}

/**
 * The sheet as a complete HTML5 document with its own screen and print (A4) stylesheet: identity
 * header, a summary of the warnings, every section in paper order, money in tables with the
 * derived percentages, each warning marked beside its field or cell.
 *
 * @example c.html(sheetToHtml(renderSheet(doc), { lang: 'en' }))
 */
export function sheetToHtml(json: SheetJson, options: HtmlExportOptions = {}): string {
  const lang = options.lang ?? exportLanguage(undefined, json)
  const sheet = exportContent(json, lang, options.followUp ?? null)
  const kicker = [sheet.ui.factSheet, sheet.code, sheet.country].filter((part): part is string => !!part).join(' · ')
  const title = options.title ?? [sheet.code, sheet.title].filter((part): part is string => !!part).join(' — ')
  const generated = formatTimestamp(options.generatedAt ?? new Date(), lang)
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${SHEET_CSS}</style>
</head>
<body>
<main class="sheet">
<header><p class="kicker">${esc(kicker)}</p><h1>${esc(sheet.title)}</h1></header>
${summaryHtml(sheet)}
${sheet.sections.map((s) => sectionHtml(s, sheet)).join('\n')}
<footer>${esc(sheet.ui.generated)} ${esc(generated)}</footer>
</main>
</body>
</html>
`
}
