/**
 * Reading the values the template writes as people typed them: amounts in English or Spanish
 * format, dates and months with Spanish, English or French month names, semesters, counts,
 * yes/no, MDG targets and mission members. Every reader returns the schema's stored string, or
 * `null` when the text does not parse (the caller then keeps the text as typed and says so).
 */
import { parseMoneyInput } from '../../../shared/money.js'
import { formatCalendar, parseIsoDay } from '../../../shared/dates.js'
import { formatPeriod } from '../../../shared/period.js'
import { normalise, plainText } from './text.js'

const MONTHS: Record<string, number> = {}
const MONTH_NAMES: readonly (readonly string[])[] = [
  ['enero', 'ene', 'january', 'jan', 'janvier', 'janv'],
  ['febrero', 'feb', 'february', 'fevrier', 'fevr', 'fev'],
  ['marzo', 'mar', 'march', 'mars'],
  ['abril', 'abr', 'april', 'apr', 'avril', 'avr'],
  ['mayo', 'may', 'mai'],
  ['junio', 'jun', 'june', 'juin'],
  ['julio', 'jul', 'july', 'juillet', 'juil'],
  ['agosto', 'ago', 'august', 'aug', 'aout'],
  ['septiembre', 'setiembre', 'sep', 'sept', 'set', 'september', 'septembre'],
  ['octubre', 'oct', 'october', 'octobre'],
  ['noviembre', 'nov', 'november', 'novembre'],
  ['diciembre', 'dic', 'december', 'dec', 'decembre'],
]
MONTH_NAMES.forEach((names, index) => { for (const name of names) MONTHS[name] = index + 1 })

/** Month number of a Spanish, English or French month name or abbreviation, or undefined. */
export function monthNumber(word: string): number | undefined {
  return MONTHS[normalise(word).replace(/\.$/, '')]
}

const MONTH_WORD = '([a-z]{3,10})\\.?'

/** Day `YYYY-MM-DD` of `Diciembre 15, 2009`, `15 décembre 2009`, `15 de julio de 2011`, `2009-12-15`, `15/12/2009`. */
export function parseDay(text: string): string | null {
  const t = normalise(text).replace(/,/g, ' ').replace(/\s+/g, ' ')
  if (t.length > 60) return null
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t)
  if (iso) return day(Number(iso[1]), Number(iso[2]), Number(iso[3]))
  const slashed = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t)
  // Day first, as the fund's Spanish and French sheets write it; a first number above 12 settles it either way.
  if (slashed) {
    const a = Number(slashed[1])
    const b = Number(slashed[2])
    return b > 12 ? day(Number(slashed[3]), a, b) : day(Number(slashed[3]), b, a)
  }
  const monthFirst = new RegExp(`^${MONTH_WORD} (\\d{1,2})(?:st|nd|rd|th)? (?:de )?(\\d{4})$`).exec(t)
  if (monthFirst) return day(Number(monthFirst[3]), monthNumber(monthFirst[1]!), Number(monthFirst[2]))
  const dayFirst = new RegExp(`^(\\d{1,2})(?:er|st|nd|rd|th|º)? (?:de )?${MONTH_WORD} (?:de |del )?(\\d{4})$`).exec(t)
  if (dayFirst) return day(Number(dayFirst[3]), monthNumber(dayFirst[2]!), Number(dayFirst[1]))
  return null
}

function day(year: number, month: number | undefined, dayOfMonth: number): string | null {
  if (month === undefined) return null
  const iso = formatCalendar({ year, month, day: dayOfMonth })
  return parseIsoDay(iso) ? iso : null
}

/** Month `YYYY-MM` of `Abril, 2009`, `April 2009`, `avril 2009`, `abril de 2009`, `2009-04`, `04/2009`. */
export function parseMonth(text: string): string | null {
  const t = normalise(text).replace(/,/g, ' ').replace(/\s+/g, ' ')
  if (t.length > 40) return null
  const isoMonth = /^(\d{4})-(\d{1,2})$/.exec(t)
  const slashMonth = /^(\d{1,2})[/.-](\d{4})$/.exec(t)
  if (isoMonth || slashMonth) {
    const [year, month] = isoMonth ? [Number(isoMonth[1]), Number(isoMonth[2])] : [Number(slashMonth![2]), Number(slashMonth![1])]
    return month >= 1 && month <= 12 ? formatCalendar({ year, month, day: null }) : null
  }
  const named = new RegExp(`^${MONTH_WORD} (?:de |del )?(\\d{4})$`).exec(t)
  const month = named ? monthNumber(named[1]!) : undefined
  return named && month !== undefined ? formatCalendar({ year: Number(named[2]), month, day: null }) : null
}

/** Every `Month, YYYY` in running text, in order (`Abril, 2009 Octubre, 2010` → two months). */
export function monthsIn(text: string): { value: string; text: string }[] {
  const found: { value: string; text: string }[] = []
  const t = plainText(text)
  for (const match of t.matchAll(/(\p{L}{3,10})\.?,?\s+(?:de\s+|del\s+)?(\d{4})/gu)) {
    const month = monthNumber(match[1]!)
    if (month !== undefined) found.push({ value: formatCalendar({ year: Number(match[2]), month, day: null }), text: match[0] })
  }
  return found
}

/**
 * Start and end months of a period such as `septiembre-noviembre, 2011`, `September to November
 * 2011`, `octobre 2011` or `Nov 2011 – Jan 2012`; null when it does not read as one.
 */
export function parseMonthRange(text: string): { start: string; end: string } | null {
  const t = normalise(text).replace(/[–—]/g, '-').replace(/,/g, ' ').replace(/\s+/g, ' ')
  if (t.length > 80) return null
  const single = parseMonth(t)
  if (single) return { start: single, end: single }
  const both = new RegExp(`^${MONTH_WORD}(?: (\\d{4}))? ?(?:-|to|a|al|au|hasta|until) ?${MONTH_WORD} (?:de )?(\\d{4})$`).exec(t)
  if (!both) return null
  const first = monthNumber(both[1]!)
  const last = monthNumber(both[3]!)
  if (first === undefined || last === undefined) return null
  const endYear = Number(both[4])
  const startYear = both[2] ? Number(both[2]) : first > last ? endYear - 1 : endYear
  return { start: formatCalendar({ year: startYear, month: first, day: null }), end: formatCalendar({ year: endYear, month: last, day: null }) }
}

/**
 * Canonical amount of `USD 5,000,000`, `5.000.000,00 (100,00%)`, `$ 2,042,474`, `1 429 667,00`.
 * The locale handed to `parseMoneyInput` comes from the shape: one separator followed by exactly
 * three digits is grouping whichever it is (`609,835` in a Spanish sheet is not 609.835).
 */
export function parseAmount(text: string): string | null {
  const t = plainText(text)
  if (t === '' || t.length > 80) return null
  const figure = t.replace(/\(\s*-?[\d.,\s]*%\s*\)\s*$/, '').replace(/[^\d.,]/g, '')
  const dots = figure.split('.').length - 1
  const commas = figure.split(',').length - 1
  let locale = 'en'
  if (dots + commas === 1) {
    const sep = dots === 1 ? '.' : ','
    const grouping = figure.length - figure.indexOf(sep) - 1 === 3
    locale = (sep === ',') === grouping ? 'en' : 'es'
  } else if (dots > 0 && commas > 0) {
    locale = figure.lastIndexOf(',') > figure.lastIndexOf('.') ? 'es' : 'en'
  } else if (dots > 1) {
    locale = 'es'
  }
  const result = parseMoneyInput(t, locale)
  return result.ok ? result.value : null
}

/** A whole count: `1,250`, `1.250`, `1 250`, `980`. */
export function parseCount(text: string): string | null {
  const t = plainText(text).replace(/[\s\u00a0\u202f]/g, '')
  if (/^\d{1,3}([.,]\d{3})+$/.test(t)) return t.replace(/[.,]/g, '')
  if (/^\d{1,15}$/.test(t)) return String(Number(t))
  return null
}

/** A semester `YYYY-S` from `2009-2`, `2009 - 2`, `2009/II`, `2009-S2`, `S2 2009`, `II-2009`. */
export function parsePeriodText(text: string): string | null {
  const t = normalise(text).replace(/\s+/g, '')
  if (t.length > 12) return null
  const yearFirst = /^(\d{4})[-/]?(?:s|sem)?([12]|i{1,2})$/.exec(t)
  const halfFirst = /^(?:s|sem)?([12]|i{1,2})[-/]?(\d{4})$/.exec(t)
  const [year, half] = yearFirst ? [yearFirst[1], yearFirst[2]] : halfFirst ? [halfFirst[2], halfFirst[1]] : [undefined, undefined]
  if (year === undefined || half === undefined) return null
  return formatPeriod({ year: Number(year), half: half === '1' || half === 'i' ? 1 : 2 })
}

/** `yes` / `no` of `si`, `sí`, `yes`, `oui`, `no`, `non`. */
export function parseYesNo(text: string): 'yes' | 'no' | null {
  const t = normalise(text).replace(/[.!]+$/, '')
  if (['si', 'yes', 'oui', 'y', 's', 'x'].includes(t)) return 'yes'
  if (['no', 'non', 'n'].includes(t)) return 'no'
  return null
}

/** Placeholders the template leaves where a value belongs; read as empty. */
const PLACEHOLDERS = new Set([
  'generado por el sistema', 'generated by the system', 'system generated', 'genere par le systeme',
  'link', 'enlace', 'lien', 'n/a', 'n/d', 'na', 'nd', 's/d', '-', '--', '...', '…', 'tbd', 'por definir', 'a definir', 'xxx',
])

/** True when the text is only a placeholder of the template. */
export function isPlaceholder(text: string): boolean {
  return PLACEHOLDERS.has(normalise(text))
}

/**
 * MDG targets of `MDG1 T1A&T1.B ; MDG3 T3.A ;` as `MDG1 T1.A`, `MDG1 T1.B`, `MDG3 T3.A`. A group
 * that does not read as `MDG<n> T<n>.<letter>…` is returned in `unread`, as typed.
 */
export function parseMdgTargets(text: string): { codes: string[]; unread: string[] } {
  const codes: string[] = []
  const unread: string[] = []
  for (const group of plainText(text).split(/[;\n]+/).map((g) => g.trim().replace(/[.,]+$/, '')).filter((g) => g !== '')) {
    const goal = /^(?:MDG|ODM|OMD|Goal|Objetivo|Objectif)\s*-?\s*(\d{1,2})\b\s*[:,-]?\s*(.*)$/i.exec(group)
    if (!goal) { unread.push(group); continue }
    const rest = goal[2]!.trim()
    if (rest === '') { codes.push(`MDG${goal[1]}`); continue }
    const parts = rest.split(/\s*(?:&|,|\/|\+|\s(?:y|and|et)\s)\s*|\s+/i).filter((p) => p !== '' && !/^(target|meta|cible)s?$/i.test(p))
    const targets = parts.map((part) => /^(?:T|Meta|Target|Cible)?\s*(\d{1,2})\s*\.?\s*([A-Za-z])$/i.exec(part))
    if (targets.some((t) => t === null)) { unread.push(group); continue }
    for (const t of targets) codes.push(`MDG${goal[1]} T${t![1]}.${t![2]!.toUpperCase()}`)
  }
  return { codes, unread }
}

/** Members of each mission from `JAG/PFP PFP JAG/PFP` (missions separated by spaces, people by `/`, `+`, `&`, `y`). */
export function splitMissionMembers(text: string): string[] {
  return plainText(text)
    .replace(/\s*([/+&,])\s*/g, '/')
    .replace(/\s+(?:y|and|et)\s+/gi, '/')
    .split(/\s+/)
    .map((group) => group.replace(/^\/+|\/+$/g, ''))
    .filter((group) => group !== '')
}

const STATUS_WORDS: readonly (readonly [string, string])[] = [
  ['retrasado', 'delayed'], ['retrasada', 'delayed'], ['con retraso', 'delayed'], ['delayed', 'delayed'],
  ['behind schedule', 'delayed'], ['en retard', 'delayed'], ['retarde', 'delayed'],
  ['en curso', 'on-track'], ['segun lo previsto', 'on-track'], ['en plazo', 'on-track'], ['on track', 'on-track'],
  ['on-track', 'on-track'], ['on schedule', 'on-track'], ['en bonne voie', 'on-track'], ['dans les temps', 'on-track'],
  ['en riesgo', 'at-risk'], ['at risk', 'at-risk'], ['at-risk', 'at-risk'], ['a risque', 'at-risk'], ['en danger', 'at-risk'],
  ['suspendido', 'suspended'], ['suspendida', 'suspended'], ['suspended', 'suspended'], ['suspendu', 'suspended'],
  ['cerrado', 'closed'], ['finalizado', 'closed'], ['closed', 'closed'], ['completed', 'closed'], ['clos', 'closed'], ['cloture', 'closed'],
]

/** Status code (STATUS_OPTIONS) of the words a status cell starts with (`Retrasado. Reformulación…` → `delayed`). */
export function parseStatusWord(text: string): string | null {
  const t = normalise(text)
  for (const [word, code] of STATUS_WORDS) {
    if (t === word || (t.startsWith(word) && !/[\p{L}\p{N}]/u.test(t[word.length] ?? ''))) return code
  }
  return null
}
