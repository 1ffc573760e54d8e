/**
 * Reporting periods: semesters written `YYYY-S`, S = 1 (January–June) or 2 (July–December).
 * The financial execution table and semester snapshots are keyed by them.
 */

/** A reporting period string such as `2011-1`. */
export type Period = `${number}-${1 | 2}`

/** A period split into its parts. */
export interface PeriodParts {
  year: number
  half: 1 | 2
}

const PERIOD = /^(\d{4})-([12])$/

/** Parts of a `YYYY-S` string, or `null` if it is not one. */
export function parsePeriod(value: string | null | undefined): PeriodParts | null {
  const match = value == null ? null : PERIOD.exec(value)
  if (!match) return null
  return { year: Number(match[1]), half: match[2] === '1' ? 1 : 2 }
}

/** True when `value` is a valid `YYYY-S` period. */
export function isPeriod(value: string): value is Period {
  return parsePeriod(value) !== null
}

/** The `YYYY-S` string of a period. */
export function formatPeriod(parts: PeriodParts): Period {
  return `${String(parts.year).padStart(4, '0')}-${parts.half}` as Period
}

/** Chronological comparison of two valid periods (-1, 0, 1); invalid ones sort after valid ones. */
export function comparePeriods(a: string, b: string): -1 | 0 | 1 {
  const pa = parsePeriod(a)
  const pb = parsePeriod(b)
  if (!pa || !pb) return pa ? -1 : pb ? 1 : 0
  const ka = pa.year * 2 + pa.half
  const kb = pb.year * 2 + pb.half
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

/** The semester after `period` (`2011-2` → `2012-1`). */
export function nextPeriod(period: PeriodParts): PeriodParts {
  return period.half === 1 ? { year: period.year, half: 2 } : { year: period.year + 1, half: 1 }
}

/** The semester that contains an ISO date or month (`2011-07-15` → `2011-2`), or `null`. */
export function periodOfDate(isoDate: string): Period | null {
  const match = /^(\d{4})-(\d{2})/.exec(isoDate)
  if (!match) return null
  const month = Number(match[2])
  if (month < 1 || month > 12) return null
  return formatPeriod({ year: Number(match[1]), half: month <= 6 ? 1 : 2 })
}

const LABELS = {
  en: ['Jan–Jun', 'Jul–Dec'],
  es: ['ene–jun', 'jul–dic'],
} as const

/**
 * Human label of a period; returns the input unchanged when it is not a valid period, so an
 * invalid value is still shown as typed.
 *
 * @example periodLabel('2011-1', 'en') // 'Jan–Jun 2011'
 */
export function periodLabel(value: string, lang: 'en' | 'es'): string {
  const parts = parsePeriod(value)
  if (!parts) return value
  return `${LABELS[lang][parts.half - 1]} ${parts.year}`
}
