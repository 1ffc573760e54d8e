/**
 * Exact money for fact sheets.
 *
 * Amounts travel as canonical decimal strings (`"5000000"`, `"1429667.5"`) and are computed as
 * integer cents, so sums of agency budgets or tranches never pick up binary-float drift. Cents stay
 * within Number's safe integers (≈ 90 trillion units), which is far above any programme budget.
 */
import { numberFormat } from './intl.js'

/** Integer number of cents (1/100 of the currency unit). Always a safe integer. */
export type Cents = number

/** The largest amount: past it, integer cents are no longer exact in a Number. */
export const MAX_CENTS: Cents = Number.MAX_SAFE_INTEGER

/** A valid stored amount: digits, no leading zeros, optionally '.' and one or two decimals. */
const CANONICAL_MONEY = /^(0|[1-9]\d*)(\.\d{1,2})?$/

/**
 * Parse a stored money string into integer cents; `null` when empty, not canonical or too large.
 *
 * @example parseMoney('1429667.5') // 142966750
 */
export function parseMoney(value: string | null | undefined): Cents | null {
  if (value == null) return null
  const match = CANONICAL_MONEY.exec(value)
  if (!match) return null
  const units = match[1] ?? '0'
  const fraction = (match[2] ?? '').slice(1).padEnd(2, '0')
  const cents = Number(units) * 100 + Number(fraction)
  // Beyond 2^53 the multiplication above is already inexact: refuse rather than store a wrong figure.
  if (!Number.isSafeInteger(cents) || !Number.isSafeInteger(Number(units) * 100)) return null
  return cents
}

/** True when `value` is a stored money string that {@link parseMoney} accepts. */
export function isMoney(value: string): boolean {
  return parseMoney(value) !== null
}

/**
 * Canonical string of an amount in cents, with the fewest decimals needed.
 *
 * @example centsToMoney(142966750) // '1429667.5'
 */
export function centsToMoney(cents: Cents): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`not a storable amount: ${cents}`)
  const units = Math.floor(cents / 100)
  const rest = cents % 100
  if (rest === 0) return String(units)
  const fraction = String(rest).padStart(2, '0').replace(/0$/, '')
  return `${units}.${fraction}`
}

/**
 * Cents as a JSON number in currency units. Dividing an integer by 100 yields the double nearest
 * to the decimal, which JSON prints as the decimal itself (142966750 → 1429667.5).
 */
export function centsToUnits(cents: Cents): number {
  return cents / 100
}

/**
 * The cents of an amount carried as a JSON number in currency units, as {@link centsToUnits}
 * writes it; `null` for a number it never writes (past {@link MAX_CENTS}, Infinity, negative,
 * -0, a fraction of a cent). Read from the number's shortest decimal, which for `cents / 100` is
 * the amount's own: `Math.round(units * 100)` would round a forged 0.005 to a cent.
 *
 * @example unitsToCents(1429667.5) // 142966750
 */
export function unitsToCents(units: number): Cents | null {
  return Object.is(units, -0) ? null : parseMoney(String(units))
}

/**
 * Exact sum of amounts in cents; `null` if the sum leaves the safe-integer range (never throws,
 * since sums are taken over whatever people typed).
 */
export function sumCents(values: Iterable<Cents>): Cents | null {
  let total = 0
  for (const value of values) {
    total += value
    if (!Number.isSafeInteger(total)) return null
  }
  return total
}

/** -1, 0 or 1, for sorting and for the "≤" rules of the sheet. */
export function compareCents(a: Cents, b: Cents): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * `amount ÷ total × 100`, rounded half-up to two decimals, computed in integers so that the
 * percentage shown beside a figure is the one a person would get on paper (1,429,667 of 5,000,000
 * is 28.59). `null` when the total is zero or missing: there is no percentage of nothing.
 */
export function percentOf(amount: Cents | null, total: Cents | null): number | null {
  if (amount === null || total === null || total <= 0) return null
  const scaled = BigInt(amount) * 10000n
  const divisor = BigInt(total)
  let hundredths = scaled / divisor
  const remainder = scaled % divisor
  // Half-up on the magnitude; amounts are non-negative so remainder ≥ 0.
  if (remainder * 2n >= divisor) hundredths += 1n
  return Number(hundredths) / 100
}

/**
 * A percentage as every screen and export shows it: two decimals, as {@link percentOf} computes it
 * (`28,59 %` / `28.59%`; `25,00 %`, not `25 %`, so a column of figures lines up); an em dash
 * when there is none.
 */
export function formatPercent(percent: number | null, locale: string): string {
  if (percent === null) return '—'
  return numberFormat(locale, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(percent / 100)
}

/** Why a typed amount could not be read. */
export type MoneyInputError = 'empty' | 'not-a-number' | 'negative' | 'too-many-decimals' | 'bad-grouping' | 'too-large'

/** Outcome of {@link parseMoneyInput}. */
export type MoneyInputResult = { ok: true; value: string } | { ok: false; error: MoneyInputError }

/** Decimal and group separators of a locale, taken from Intl so that any BCP 47 tag works. */
function separatorsOf(locale: string): { decimal: string; group: string } {
  let parts: Intl.NumberFormatPart[]
  try {
    parts = numberFormat(locale).formatToParts(12345.5)
  } catch {
    parts = numberFormat('en').formatToParts(12345.5)
  }
  return {
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
  }
}

// Spaces, no-break spaces and narrow no-break spaces are all used as thousands separators.
const SPACES = /[\s\u00a0\u202f]/g

/**
 * Read an amount as people type or paste it, in their locale, into the canonical stored string.
 * Accepts a currency code or symbol (`USD 5,000,000`, `USD1,429,667`, `US$`, `$`, `€`), a trailing
 * percentage as pasted from the financial table (`1.429.667,00 (28,59%)`), and both separators.
 * When only one separator appears once and could be either, the locale decides (`1.429` is one thousand
 * four hundred and twenty-nine in `es`, an error in `en` because money has at most two decimals).
 *
 * @example parseMoneyInput('5.000.000,00', 'es') // { ok: true, value: '5000000' }
 */
export function parseMoneyInput(text: string, locale: string): MoneyInputResult {
  let s = text.trim()
  s = s.replace(/\(\s*-?[\d.,\s]*%\s*\)\s*$/, '').replace(/-?[\d.,]+\s*%\s*$/, '').trim()
  s = s.replace(/^(USD|US\$|EUR|\$|€)\s*/i, '').replace(/\s*(USD|US\$|EUR|\$|€)$/i, '').trim()
  if (s === '') return { ok: false, error: 'empty' }
  if (s.startsWith('-')) return { ok: false, error: 'negative' }
  s = s.replace(SPACES, '')
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return { ok: false, error: 'not-a-number' }

  const { decimal: localeDecimal } = separatorsOf(locale)
  const dots = s.split('.').length - 1
  const commas = s.split(',').length - 1
  let decimalSep: string | null = null
  if (dots > 0 && commas > 0) {
    decimalSep = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ','
  } else if (dots + commas === 1) {
    const sep = dots === 1 ? '.' : ','
    const after = s.length - s.indexOf(sep) - 1
    // One separator followed by exactly three digits reads as grouping unless the locale says decimal.
    decimalSep = after === 3 && sep !== localeDecimal ? null : sep
  }
  // A separator repeated more than once can only be grouping (1,429,667 / 5.000.000).

  let integer = s
  let fraction = ''
  if (decimalSep !== null) {
    const at = s.lastIndexOf(decimalSep)
    integer = s.slice(0, at)
    fraction = s.slice(at + 1)
    if (fraction.includes('.') || fraction.includes(',')) return { ok: false, error: 'not-a-number' }
  }
  const groupSep = decimalSep === '.' ? ',' : decimalSep === ',' ? '.' : dots > 0 ? '.' : ','
  if (decimalSep !== null && integer.includes(decimalSep)) return { ok: false, error: 'not-a-number' }
  if (integer.includes(groupSep) && !new RegExp(`^\\d{1,3}(\\${groupSep}\\d{3})+$`).test(integer)) {
    return { ok: false, error: 'bad-grouping' }
  }
  integer = integer.split(groupSep).join('')
  if (integer === '') integer = '0'
  if (!/^\d+$/.test(integer) || !/^\d*$/.test(fraction)) return { ok: false, error: 'not-a-number' }
  // Trailing zeros beyond the cents are harmless ("5.000" read as a decimal is still exactly 5).
  fraction = fraction.replace(/0+$/, '')
  if (fraction.length > 2) return { ok: false, error: 'too-many-decimals' }
  const units = integer.replace(/^0+(?=\d)/, '')
  const canonical = fraction === '' ? units : `${units}.${fraction}`
  const cents = parseMoney(canonical)
  if (cents === null) return { ok: false, error: 'too-large' }
  return { ok: true, value: centsToMoney(cents) }
}

/**
 * Show a stored amount in the reader's locale. The canonical string is passed to Intl as a
 * numeric string, so formatting is exact too. Returns the input unchanged if it is not money
 * (an invalid figure is shown as typed).
 *
 * @example formatMoney('1429667.5', 'es', { currency: 'USD' }) // '1.429.667,50 US$'
 */
export function formatMoney(value: string, locale: string, options: { currency?: string } = {}): string {
  const cents = parseMoney(value)
  if (cents === null) return value
  const numeric = centsToMoney(cents) as Intl.StringNumericLiteral
  const format = options.currency
    ? numberFormat(locale, { style: 'currency', currency: options.currency })
    : numberFormat(locale, { minimumFractionDigits: cents % 100 === 0 ? 0 : 2, maximumFractionDigits: 2 })
  return format.format(numeric)
}
