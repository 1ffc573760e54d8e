/**
 * The structured facts at the top of the sheet: identity, budget and agency budgets, government
 * entities, dates, disbursement tranches, regions, MDG targets and contacts.
 */
import { resolveAgency } from '../../../shared/agencies.js'
import type { SheetDataRow } from '../../../shared/sheet/data.js'
import { WINDOW_OPTIONS } from '../../../shared/sheet/options.js'
import type { FieldId } from '../../../shared/sheet/schema.js'
import type { ImportContext } from './context.js'
import { blockContent, type Block } from './rows.js'
import { normalise, plainText } from './text.js'
import { isPlaceholder, parseAmount, parseDay, parseMdgTargets } from './values.js'

/** The block's text, cells joined by spaces, placeholders read as empty. */
function blockText(ctx: ImportContext, block: Block): string {
  const text = plainText(blockContent(block).join(' '))
  if (text !== '' && isPlaceholder(text)) {
    ctx.note('placeholder', { where: block.label, text })
    return ''
  }
  return text
}

/** A text field (title, code, country). */
export function readText(ctx: ImportContext, block: Block, id: FieldId): void {
  ctx.field(id, blockText(ctx, block).replace(/\.$/, ''))
}

/** The thematic window, by its Spanish or English name or its code; kept as typed otherwise. */
export function readWindow(ctx: ImportContext, block: Block): void {
  const text = blockText(ctx, block)
  const wanted = normalise(text)
  const option = WINDOW_OPTIONS.find((o) => [o.code, o.label.es, o.label.en].some((name) => normalise(name) === wanted))
  if (text !== '' && !option) ctx.note('notWindow', { where: 'identity.window', text })
  ctx.field('identity.window', option?.code ?? text)
}

export function readAmountField(ctx: ImportContext, block: Block, id: FieldId): void {
  ctx.parsedField(id, blockText(ctx, block), parseAmount, 'notAmount')
}

export function readDateField(ctx: ImportContext, block: Block, id: FieldId): void {
  ctx.parsedField(id, blockText(ctx, block), parseDay, 'notDate')
}

const AGENCY_AMOUNT = /([^:;\d]*?)\s*[:=]\s*((?:USD|US\$|\$)?\s*\d[\d.,\u00a0 ]*)/giu

/** `UNESCO: 610,562 WTO: 609,835 …` as (agency, amount) rows; aliases resolved (WTO → UNWTO). */
export function readAgencyBudgets(ctx: ImportContext, block: Block): void {
  const rows: SheetDataRow[] = []
  for (const row of block.rows) {
    const cells = row.cells.map(plainText).filter((cell) => cell !== '')
    // One agency and its amount in two cells (`UNICEF\t250,000`).
    if (cells.length === 2 && !cells[0]!.includes(':') && resolveAgency(cells[0]!) && parseAmount(cells[1]!)) {
      rows.push(agencyRow(ctx, block, cells[0]!, cells[1]!))
      continue
    }
    const text = cells.join(' ')
    for (const match of text.matchAll(AGENCY_AMOUNT)) {
      const name = match[1]!.replace(/^[\s,;.–-]+/, '').trim()
      if (name === '') continue
      rows.push(agencyRow(ctx, block, name, match[2]!.trim()))
    }
    const left = text.replace(AGENCY_AMOUNT, ' ').replace(/[\s,;.]+/g, ' ').trim()
    if (left !== '') ctx.leftover(block.label, left)
  }
  ctx.list('agencyBudgets', rows)
}

function agencyRow(ctx: ImportContext, block: Block, name: string, amountText: string): SheetDataRow {
  const code = resolveAgency(name)
  if (code && code !== name.toUpperCase()) ctx.note('agencyAlias', { where: block.label, text: name, code })
  if (!code) ctx.note('notAgency', { where: block.label, text: name })
  const amount = parseAmount(amountText)
  if (amount === null) ctx.note('notAgencyAmount', { where: block.label, text: amountText, agency: name })
  return { values: { agency: code ?? name, amount: amount ?? amountText } }
}

const ACRONYM = /^[A-ZÁÉÍÓÚÑÇ][A-ZÁÉÍÓÚÑÇ0-9&.+-]{1,15}$/u
const LEAD_MARK = /\s*[(\[]\s*(?:l[ií]der|lead|chef de file|entidad l[ií]der|lead entity)\s*[)\]]\s*|\s*\*\s*$/iu

/**
 * Government entities: `Ministerio de Agricultura – MINAG, …, Asociación … (ANPE), Universidades
 * públicas y privadas.` A lead is read only from a mark on the entity (`(líder)`, `(lead)`, `*`);
 * otherwise it is decided later from the Paris Declaration text, or left empty.
 */
export function readEntities(ctx: ImportContext, block: Block): void {
  const text = blockContent(block).map((cell) => cell.replace(/<\/(li|p)>|<br\s*\/?>/gi, ';')).map(plainText).join(';')
  const rows: SheetDataRow[] = []
  for (const piece of text.split(/\s*[,;]\s*/)) {
    let item = piece.trim().replace(/\.$/, '').trim()
    if (item === '') continue
    let lead = ''
    if (LEAD_MARK.test(item)) { lead = 'yes'; item = item.replace(LEAD_MARK, ' ').trim() }
    let name = item
    let acronym = ''
    const dashed = /^(.+?)\s*[–—]\s*(\S+)$/u.exec(item) ?? /^(.+?)\s+-\s*(\S+)$/u.exec(item)
    const bracketed = /^(.+?)\s*\(([^()]+)\)$/u.exec(item)
    const leading = /^(\S+)\s*[–—-]\s+(.+)$/u.exec(item)
    if (dashed && ACRONYM.test(dashed[2]!)) [name, acronym] = [dashed[1]!, dashed[2]!]
    else if (bracketed && ACRONYM.test(bracketed[2]!)) [name, acronym] = [bracketed[1]!, bracketed[2]!]
    else if (leading && ACRONYM.test(leading[1]!)) [acronym, name] = [leading[1]!, leading[2]!]
    rows.push({ values: { name: name.trim(), acronym, lead } })
  }
  if (rows.some((row) => row.values['lead'] === 'yes')) {
    for (const row of rows) if (row.values['lead'] === '') row.values['lead'] = 'no'
  }
  ctx.list('entities', rows)
}

const LEAD_WORDS = /l[ií]der|liderazgo|liderar|lidera|\blead|chef de file|pilot/iu

/**
 * The lead entity, when no entity was marked: the one acronym that the Paris Declaration's
 * leadership text names, most often, in sentences about leading (Peru: MINCETUR). Left empty, with
 * a note, when no single entity stands out.
 */
export function inferLeadEntity(ctx: ImportContext, leadershipText: string): void {
  const rows = ctx.data.lists.entities
  if (!rows || rows.length === 0 || rows.some((row) => row.values['lead'] === 'yes')) return
  const sentences = leadershipText.split(/(?<=[.!?])\s+/).filter((s) => LEAD_WORDS.test(s))
  const counts = rows.map((row) => {
    const acronym = row.values['acronym'] ?? ''
    if (acronym === '') return 0
    const word = new RegExp(`(^|[^\\p{L}])${acronym.replace(/[.+&-]/g, '\\$&')}($|[^\\p{L}])`, 'u')
    return sentences.filter((sentence) => word.test(sentence)).length
  })
  const best = Math.max(0, ...counts)
  const winners = counts.filter((count) => count === best).length
  if (best === 0 || winners > 1) {
    ctx.note('noLead', { where: 'list:entities' })
    return
  }
  const index = counts.indexOf(best)
  rows.forEach((row, i) => { row.values['lead'] = i === index ? 'yes' : 'no' })
  ctx.note('leadFromParis', { where: 'list:entities', acronym: String(rows[index]!.values['acronym']), n: best })
}

const ORDINALS: readonly (readonly [RegExp, number])[] = [
  [/^(primer|primero|first|1st|premier|1er|1°|1º)\b/u, 1],
  [/^(segundo|second|2nd|deuxieme|seconde|2e|2°|2º)\b/u, 2],
  [/^(tercer|tercero|third|3rd|troisieme|3e|3°|3º)\b/u, 3],
  [/^(cuarto|fourth|4th|quatrieme|4e)\b/u, 4],
  [/^(quinto|fifth|5th|cinquieme|5e)\b/u, 5],
]
const TRANCHE_WORD = /(desembolso|disbursement|tranche|tramo|decaissement)\s*(\d)?/u

function trancheNumber(cell: string): number | undefined {
  const t = normalise(cell)
  if (!TRANCHE_WORD.test(t) || t.length > 40) return undefined
  for (const [pattern, number] of ORDINALS) if (pattern.test(t)) return number
  const digit = TRANCHE_WORD.exec(t)?.[2]
  return digit ? Number(digit) : undefined
}

/**
 * Tranches: `Primer Desembolso:\tDiciembre 15, 2009\tUSD1,429,667`, one per row; at least three
 * rows, an empty tranche kept empty.
 */
export function readTranches(ctx: ImportContext, block: Block): void {
  const tranches: SheetDataRow[] = []
  let current: { values: Record<string, string> } | undefined
  for (const row of block.rows) {
    for (const cell of row.cells) {
      const text = plainText(cell)
      if (text === '') continue
      const number = trancheNumber(text)
      if (number !== undefined) {
        current = { values: { date: '', amount: '' } }
        tranches[number - 1] = current
        continue
      }
      if (!current) { ctx.leftover(block.label, text); continue }
      const date = parseDay(text)
      const amount = date ? null : parseAmount(text)
      if (date && current.values['date'] === '') current.values['date'] = date
      else if (amount && current.values['amount'] === '') current.values['amount'] = amount
      else if (!date && !amount && /\d/.test(text) && /[a-z]{3}/i.test(text) && current.values['date'] === '') {
        current.values['date'] = text
        ctx.note('notDate', { where: block.label, text })
      } else if (!date && !amount && /\d/.test(text) && current.values['amount'] === '') {
        current.values['amount'] = text
        ctx.note('notAmount', { where: block.label, text })
      } else {
        ctx.leftover(block.label, text)
      }
    }
  }
  const rows = Array.from({ length: Math.max(3, tranches.length) }, (_, i) => tranches[i] ?? { values: { date: '', amount: '' } })
  const empty = rows.filter((row) => row.values['date'] === '' && row.values['amount'] === '').length
  if (empty > 0) ctx.note('emptyTranches', { where: 'list:tranches', n: empty })
  ctx.list('tranches', rows)
}

/** Regions: `Ayacucho, Cusco, Lambayeque y Puno.` */
export function readRegions(ctx: ImportContext, block: Block): void {
  const text = blockContent(block).map((cell) => cell.replace(/<\/(li|p)>|<br\s*\/?>/gi, ',')).map(plainText).join(',')
  const names = text.split(/\s*(?:[,;]|\s(?:y|e|and|et)\s)\s*/u).map((name) => name.trim().replace(/\.$/, '')).filter((name) => name !== '')
  ctx.list('regions', names.map((name) => ({ values: { name } })))
}

/** MDG targets: `MDG1 T1A&T1.B ; MDG3 T3.A ;` → `MDG1 T1.A`, `MDG1 T1.B`, `MDG3 T3.A`. */
export function readMdgTargets(ctx: ImportContext, block: Block): void {
  const { codes, unread } = parseMdgTargets(blockContent(block).map(plainText).join(' ; '))
  for (const group of unread) ctx.note('notMdgTarget', { where: 'list:mdgTargets', text: group })
  ctx.list('mdgTargets', [...codes, ...unread].map((code) => ({ values: { code } })))
}

const EMAIL = /[^\s<>"':;,()]+@[^\s<>"':;,()]+\.[^\s<>"':;,()]+/u
const RCO_MARK = /\b(?:OCR|RCO|BCR)\s*:/u

/** `Coordinador/a del Programa: Name email OCR: Name email`, on one line or two. */
export function readContacts(ctx: ImportContext, block: Block, startsWithRco: boolean): void {
  const text = plainText(blockContent(block).join(' '))
  const at = RCO_MARK.exec(text)
  const [coordinator, rco] = startsWithRco ? ['', text] : at ? [text.slice(0, at.index), text.slice(at.index + at[0].length)] : [text, '']
  person(ctx, block, coordinator, 'contacts.coordinator.name', 'contacts.coordinator.email')
  person(ctx, block, rco, 'contacts.rco.name', 'contacts.rco.email')
}

function person(ctx: ImportContext, block: Block, text: string, nameId: FieldId, emailId: FieldId): void {
  const email = EMAIL.exec(text)?.[0]?.replace(/^mailto:/i, '').replace(/\.$/, '') ?? ''
  const name = (email ? text.replace(EMAIL, ' ') : text).replace(/\s+/g, ' ').replace(/^[\s,;:–-]+|[\s,;:–-]+$/g, '')
  if (name !== '') ctx.field(nameId, name)
  if (email !== '') ctx.field(emailId, email)
  if (name === '' && email === '' && text.trim() !== '') ctx.leftover(block.label, text)
}
