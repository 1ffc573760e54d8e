import { localeOf, type Lang } from './lang.js'

/** A moment as the reader writes it: "3 Dec 2026, 14:05" / "3 dic 2026, 14:05". */
export function absoluteTime(iso: string, lang: Lang): string {
  return new Date(iso).toLocaleString(localeOf(lang), { dateStyle: 'medium', timeStyle: 'short' })
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
