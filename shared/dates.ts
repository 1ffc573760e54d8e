/**
 * Calendar values of the sheet: whole days (`YYYY-MM-DD`) and, where the source only gives a month
 * (missions, evaluation period), months (`YYYY-MM`). Pure string arithmetic: no Date objects, so no
 * time zone can shift a day.
 */

/** A date or month split into parts; `day` is `null` for a month. */
export interface CalendarParts {
  year: number
  month: number
  day: number | null
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const MONTH = /^(\d{4})-(\d{2})$/

/** Days in a month of the Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

/** Parts of a real calendar day `YYYY-MM-DD` (`2011-02-30` is rejected), or `null`. */
export function parseIsoDay(value: string | null | undefined): CalendarParts | null {
  const match = value == null ? null : DAY.exec(value)
  if (!match) return null
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  return { year, month, day }
}

/** Parts of a month `YYYY-MM`, or `null`. */
export function parseIsoMonth(value: string | null | undefined): CalendarParts | null {
  const match = value == null ? null : MONTH.exec(value)
  if (!match) return null
  const month = Number(match[2])
  if (month < 1 || month > 12) return null
  return { year: Number(match[1]), month, day: null }
}

/** A day or a month, whichever `value` is; `null` for anything else. */
export function parseCalendar(value: string | null | undefined): CalendarParts | null {
  return parseIsoDay(value) ?? parseIsoMonth(value)
}

/** True for a real calendar day `YYYY-MM-DD`. */
export function isIsoDay(value: string): boolean {
  return parseIsoDay(value) !== null
}

/** True for a month `YYYY-MM`. */
export function isIsoMonth(value: string): boolean {
  return parseIsoMonth(value) !== null
}

/** ISO string of parts: `YYYY-MM-DD`, or `YYYY-MM` when `day` is null. */
export function formatCalendar(parts: CalendarParts): string {
  const ym = `${String(parts.year).padStart(4, '0')}-${String(parts.month).padStart(2, '0')}`
  return parts.day === null ? ym : `${ym}-${String(parts.day).padStart(2, '0')}`
}

/**
 * Compare two days or months (-1, 0, 1). When either is only a month, the comparison is by month:
 * `2009-12` equals `2009-12-15`, since nothing finer is known. `null` if either is invalid.
 */
export function compareCalendar(a: string, b: string): -1 | 0 | 1 | null {
  const pa = parseCalendar(a)
  const pb = parseCalendar(b)
  if (!pa || !pb) return null
  const byMonth = pa.day === null || pb.day === null
  const ka = (pa.year * 12 + pa.month) * 32 + (byMonth ? 0 : (pa.day ?? 0))
  const kb = (pb.year * 12 + pb.month) * 32 + (byMonth ? 0 : (pb.day ?? 0))
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

/**
 * Add `months` to a day or month, keeping its precision; a day past the end of the target month
 * is clamped (2012-01-31 + 1 month → 2012-02-29). `null` if `value` is invalid.
 */
export function addMonths(value: string, months: number): string | null {
  const parts = parseCalendar(value)
  if (!parts || !Number.isInteger(months)) return null
  const index = parts.year * 12 + (parts.month - 1) + months
  const year = Math.floor(index / 12)
  const month = index - year * 12 + 1
  const day = parts.day === null ? null : Math.min(parts.day, daysInMonth(year, month))
  return formatCalendar({ year, month, day })
}
