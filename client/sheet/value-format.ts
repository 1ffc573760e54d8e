/**
 * How each kind of value is shown and read back in an input. Stored strings are canonical (ISO
 * dates, `1429667.5`, agency codes); people type in their locale. What cannot be read is stored
 * exactly as typed, and the sheet's warnings flag it: a value is never refused.
 */
import { resolveAgency } from '../../shared/agencies.js'
import { parseIsoDay, parseIsoMonth, formatCalendar } from '../../shared/dates.js'
import { formatMoney, formatPercent as formatSharedPercent, parseMoneyInput } from '../../shared/money.js'
import { formatPeriod } from '../../shared/period.js'
import type { ValueKind } from '../../shared/sheet/definition.js'
import type { Lang } from '../i18n/lang.js'
import { localeOf } from '../i18n/lang.js'
import { numberFormat } from '../../shared/intl.js'
import { formatDate } from '../i18n/time.js'

/** The text an unfocused input shows for a stored value: formatted for the interface language. */
export function displayValue(kind: ValueKind, stored: string, lang: Lang): string {
  if (stored === '') return ''
  const locale = localeOf(lang)
  switch (kind) {
    case 'money':
      return formatMoney(stored, locale)
    case 'count':
      return /^\d+$/.test(stored) && Number.isSafeInteger(Number(stored))
        ? numberFormat(locale).format(Number(stored))
        : stored
    case 'date':
      return parseIsoDay(stored) ? formatDate(stored, lang) : stored
    case 'month':
      return parseIsoMonth(stored) ? formatDate(stored, lang) : stored
    default:
      return stored
  }
}

/**
 * The text a focused input shows: the stored value in a form the person can edit and that reads
 * back to the same value (dates as dd/mm/yyyy, money without grouping in the locale's decimal mark).
 */
export function editableValue(kind: ValueKind, stored: string, lang: Lang): string {
  if (kind === 'date') {
    const day = parseIsoDay(stored)
    return day ? `${pad(day.day ?? 1)}/${pad(day.month)}/${day.year}` : stored
  }
  if (kind === 'month') {
    const month = parseIsoMonth(stored)
    return month ? `${pad(month.month)}/${month.year}` : stored
  }
  if (kind === 'money' && lang === 'es' && /^\d+\.\d{1,2}$/.test(stored)) return stored.replace('.', ',')
  return stored
}

/** The string to store for what was typed: canonical when it can be read, else as typed. */
export function storedValue(kind: ValueKind, typed: string, lang: Lang): string {
  const text = typed.trim()
  if (text === '') return ''
  switch (kind) {
    case 'money': {
      const read = parseMoneyInput(text, localeOf(lang))
      return read.ok ? read.value : text
    }
    case 'count': {
      const digits = text.replace(/[\s\u00a0\u202f.,']/g, '')
      return /^\d+$/.test(digits) && /^\d{1,3}([\s\u00a0\u202f.,']\d{3})*$|^\d+$/.test(text) ? digits.replace(/^0+(?=\d)/, '') : text
    }
    case 'date':
      return readDay(text) ?? text
    case 'month':
      return readMonth(text) ?? text
    case 'period': {
      const match = /^(\d{4})\s*[-/.\s]\s*(?:S\s*)?([12]|I{1,2})$/i.exec(text)
      if (!match) return text
      const half = match[2] === '1' || match[2]?.toUpperCase() === 'I' ? 1 : 2
      return formatPeriod({ year: Number(match[1]), half })
    }
    case 'agency':
      return resolveAgency(text) ?? text
    case 'yesno':
      return /^(yes|sí|si|y|s)$/i.test(text) ? 'yes' : /^(no|n)$/i.test(text) ? 'no' : text
    default:
      return text
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/** ISO day from `2009-12-15`, `15/12/2009`, `15-12-2009` or `15.12.2009` (day first, as both interfaces write it). */
function readDay(text: string): string | null {
  if (parseIsoDay(text)) return text
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text)
  if (!match) return null
  const iso = formatCalendar({ year: Number(match[3]), month: Number(match[2]), day: Number(match[1]) })
  return parseIsoDay(iso) ? iso : null
}

/** ISO month from `2009-04`, `04/2009` or `4-2009`. */
function readMonth(text: string): string | null {
  if (parseIsoMonth(text)) return text
  const match = /^(\d{1,2})[/.-](\d{4})$/.exec(text)
  if (!match) return null
  const iso = formatCalendar({ year: Number(match[2]), month: Number(match[1]), day: null })
  return parseIsoMonth(iso) ? iso : null
}

/** A percentage in the interface language (`28,20 %`, `28.20%`); an em dash when there is none. */
export function formatPercent(value: number | null, lang: Lang): string {
  return formatSharedPercent(value, localeOf(lang))
}
