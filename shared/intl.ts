/**
 * Intl formatters, built once per locale and options. Building one costs some 30 µs here and
 * formatting with it about 2: a checkpoint's render built two for every warning it wrote, an
 * export one for every figure. Bounded, since a locale or a currency code can come from input.
 */
import { parseIsoDay, parseIsoMonth } from './dates.js'

const MAX_CACHED = 200

const numberFormats = new Map<string, Intl.NumberFormat>()
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>()

function cached<F>(cache: Map<string, F>, key: string, build: () => F): F {
  let format = cache.get(key)
  if (format) return format
  // Built before it is kept: a locale or currency Intl refuses throws, as `new Intl.…` would.
  format = build()
  if (cache.size >= MAX_CACHED) cache.clear()
  cache.set(key, format)
  return format
}

/** `new Intl.NumberFormat(locale, options)`, or the one built before with the same arguments. */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached(numberFormats, `${locale} ${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options))
}

/** `new Intl.DateTimeFormat(locale, options)`, or the one built before with the same arguments. */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  return cached(dateTimeFormats, `${locale} ${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options))
}

/**
 * The locale each interface language formats in. English is en-GB ("31 Jan 2012", day first like
 * the Spanish "31 ene 2012"), the form of the fund's English documents.
 */
export const UI_LOCALES = { es: 'es-ES', en: 'en-GB' } as const

/** Day or month shown in the interface: one form for every screen (sheet, findings, plan, warnings). */
const DAY_OPTIONS: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeZone: 'UTC' }
const MONTH_OPTIONS: Intl.DateTimeFormatOptions = { month: 'short', year: 'numeric', timeZone: 'UTC' }
/** A moment (a version taken, a comment written): the same date followed by the time, in the reader's zone. */
const MOMENT_OPTIONS: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }
/** The same with seconds: where two moments of one list may fall in one minute (checkpoints). */
const MOMENT_SECONDS_OPTIONS: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'medium' }

/**
 * A calendar day `YYYY-MM-DD` or a month `YYYY-MM` as the reader writes it (`31 ene 2012`,
 * `31 Jan 2012`; `sept 2011`, `Sept 2011`); anything else (a date typed as it came, not yet
 * readable) exactly as given. Formatted in UTC, so no time zone moves a day.
 */
export function formatCalendarDate(value: string, locale: string): string {
  const day = parseIsoDay(value)
  if (day) return dateTimeFormat(locale, DAY_OPTIONS).format(Date.UTC(day.year, day.month - 1, day.day ?? 1))
  const month = parseIsoMonth(value)
  if (month) return dateTimeFormat(locale, MONTH_OPTIONS).format(Date.UTC(month.year, month.month - 1, 1))
  return value
}

/**
 * A moment (an ISO timestamp) as date and time in the reader's time zone: `5 dic 2026, 10:00`,
 * or with `'second'` precision `5 dic 2026, 10:00:07`.
 */
export function formatMoment(iso: string, locale: string, precision: 'minute' | 'second' = 'minute'): string {
  const time = Date.parse(iso)
  return Number.isNaN(time) ? iso : dateTimeFormat(locale, precision === 'second' ? MOMENT_SECONDS_OPTIONS : MOMENT_OPTIONS).format(time)
}
