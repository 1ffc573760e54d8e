import { formatCalendarDate, formatMoment } from '../../shared/intl.js'
import { localeOf, type Lang } from './lang.js'

/**
 * A day `YYYY-MM-DD` or a month `YYYY-MM` as the reader writes it: "31 Jan 2012" / "31 ene 2012",
 * "Sept 2011" / "sept 2011". Every screen that shows a stored day (sheet, findings, plan, the me
 * page) goes through here, so no ISO string reaches a person; what is not a date stays as given.
 */
export function formatDate(value: string, lang: Lang): string {
  return formatCalendarDate(value, localeOf(lang))
}

/**
 * A moment as the reader writes it: "3 Dec 2026, 14:05" / "3 dic 2026, 14:05" (the same date as
 * {@link formatDate}, then the time); with `'second'`, "14:05:07", for lists of versions where
 * two checkpoints can fall in one minute.
 */
export function absoluteTime(iso: string, lang: Lang, precision: 'minute' | 'second' = 'minute'): string {
  return formatMoment(iso, localeOf(lang), precision)
}

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity],
]

/** How long ago, in the reader's language: "5 minutes ago" / "hace 5 minutos". */
export function relativeTime(iso: string, lang: Lang, now: number = Date.now()): string {
  let value = (new Date(iso).getTime() - now) / 1000
  const format = new Intl.RelativeTimeFormat(localeOf(lang), { numeric: 'auto' })
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return format.format(Math.round(value), unit)
    value /= size
  }
  return format.format(Math.round(value), 'year')
}
