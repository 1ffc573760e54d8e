import { describe, it, expect } from 'vitest'
import {
  centsToMoney, centsToUnits, compareCents, formatMoney, parseMoney, parseMoneyInput, percentOf, sumCents,
} from '../../shared/money.js'

const cents = (value: string) => parseMoney(value) as number

describe('stored money strings', () => {
  it('parses canonical amounts into integer cents', () => {
    expect(parseMoney('5000000')).toBe(500000000)
    expect(parseMoney('1429667.5')).toBe(142966750)
    expect(parseMoney('0.07')).toBe(7)
    expect(parseMoney('0')).toBe(0)
  })

  it('rejects anything not canonical', () => {
    for (const value of ['', ' 5', '5,000', '1.234.567', '1.005', '-3', '007', '1e6', 'USD 5', '.5', '5.']) {
      expect(parseMoney(value), value).toBeNull()
    }
  })

  it('rejects amounts beyond safe integers instead of rounding them', () => {
    expect(parseMoney('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER)
    expect(parseMoney('90071992547409.92')).toBeNull()
    expect(parseMoney('900719925474100')).toBeNull()
  })

  it('writes cents back with the fewest decimals', () => {
    expect(centsToMoney(142966750)).toBe('1429667.5')
    expect(centsToMoney(500000000)).toBe('5000000')
    expect(centsToMoney(7)).toBe('0.07')
    expect(centsToUnits(142966750)).toBe(1429667.5)
  })

  it('sums exactly where binary floats drift', () => {
    expect(0.1 + 0.2).not.toBe(0.3)
    expect(sumCents([cents('0.1'), cents('0.2')])).toBe(cents('0.3'))
    const many = Array.from({ length: 1000 }, () => cents('0.01'))
    expect(sumCents(many)).toBe(cents('10'))
  })

  it('adds the seed agencies up to exactly 5,000,000', () => {
    const agencies = ['610562', '609835', '608377', '623220', '605463', '1942543']
    expect(sumCents(agencies.map(cents))).toBe(cents('5000000'))
  })

  it('returns null rather than an inexact sum', () => {
    expect(sumCents([Number.MAX_SAFE_INTEGER, 1])).toBeNull()
  })

  it('compares', () => {
    expect(compareCents(cents('1409917'), cents('1429667'))).toBe(-1)
    expect(compareCents(5, 5)).toBe(0)
  })
})

describe('percentages of a total, derived exactly', () => {
  const total = cents('5000000')
  it('matches the seed table', () => {
    expect(percentOf(cents('1429667'), total)).toBe(28.59)
    expect(percentOf(cents('108520'), total)).toBe(2.17)
    expect(percentOf(cents('1015309'), total)).toBe(20.31)
    expect(percentOf(cents('1409917'), total)).toBe(28.2)
    expect(percentOf(cents('84045'), total)).toBe(1.68)
    expect(percentOf(total, total)).toBe(100)
  })

  it('rounds half up', () => {
    expect(percentOf(1, 8)).toBe(12.5)
    expect(percentOf(1, 16)).toBe(6.25)
    expect(percentOf(1, 32)).toBe(3.13) // 3.125 → 3.13
    expect(percentOf(1, 3)).toBe(33.33)
    expect(percentOf(2, 3)).toBe(66.67)
  })

  it('is null without a total', () => {
    expect(percentOf(100, 0)).toBeNull()
    expect(percentOf(100, null)).toBeNull()
    expect(percentOf(null, 100)).toBeNull()
  })
})

describe('reading typed amounts in a locale', () => {
  const ok = (value: string) => ({ ok: true, value })
  it.each([
    ['USD 5,000,000', 'en', '5000000'],
    ['USD 5,000,000', 'es', '5000000'],
    ['USD1,429,667', 'es', '1429667'],
    ['5.000.000,00', 'es', '5000000'],
    ['5.000.000,00', 'en', '5000000'],
    ['1.429.667,00 (28,59%)', 'es', '1429667'],
    ['0,00 (0,00%)', 'es', '0'],
    ['5000000', 'en', '5000000'],
    ['1,429,667.50', 'en', '1429667.5'],
    ['1429667,5', 'es', '1429667.5'],
    ['1.429', 'es', '1429'],
    ['1,429', 'en', '1429'],
    ['12,5', 'en', '12.5'],
    ['US$ 2 042 474', 'fr', '2042474'],
    ['2\u202f042\u202f474,25 €', 'fr', '2042474.25'],
    ['$ 84,045', 'en', '84045'],
    ['5.000', 'en', '5'],
  ])('%s (%s) → %s', (text, locale, expected) => {
    expect(parseMoneyInput(text, locale)).toEqual(ok(expected))
  })

  it.each([
    ['', 'empty'],
    ['USD', 'empty'],
    ['abc', 'not-a-number'],
    ['-5', 'negative'],
    ['1.429', 'too-many-decimals'],
    ['1,42,9667', 'bad-grouping'],
    ['1.2.3,4.5', 'not-a-number'],
    ['99999999999999999', 'too-large'],
  ])('refuses %j (%s)', (text, error) => {
    expect(parseMoneyInput(text, 'en')).toEqual({ ok: false, error })
  })
})

describe('formatting for the reader', () => {
  it('uses the locale', () => {
    expect(formatMoney('5000000', 'en')).toBe('5,000,000')
    expect(formatMoney('1429667.5', 'es')).toBe('1.429.667,50')
    expect(formatMoney('1429667.5', 'en', { currency: 'USD' })).toBe('$1,429,667.50')
  })

  it('shows an invalid figure as typed', () => {
    expect(formatMoney('cinco millones', 'es')).toBe('cinco millones')
  })
})
