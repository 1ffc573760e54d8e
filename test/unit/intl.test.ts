import { describe, expect, it } from 'vitest'
import { dateTimeFormat, numberFormat } from '../../shared/intl.js'

describe('cached Intl formatters', () => {
  it('builds one formatter per locale and options, and formats as a new one would', () => {
    const es = numberFormat('es', { maximumFractionDigits: 2 })
    expect(numberFormat('es', { maximumFractionDigits: 2 })).toBe(es)
    expect(numberFormat('en', { maximumFractionDigits: 2 })).not.toBe(es)
    expect(numberFormat('es', { maximumFractionDigits: 0 })).not.toBe(es)
    expect(es.format(1234567.891)).toBe(new Intl.NumberFormat('es', { maximumFractionDigits: 2 }).format(1234567.891))
    const day = dateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' })
    expect(dateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' })).toBe(day)
    expect(day.format(Date.UTC(2009, 11, 15))).toBe('15 December 2009')
  })

  it('throws as Intl does for a currency or locale it refuses, and keeps serving the others', () => {
    expect(() => numberFormat('es', { style: 'currency', currency: 'dólares' })).toThrow(RangeError)
    expect(() => numberFormat('not a locale!')).toThrow(RangeError)
    expect(numberFormat('es', { style: 'currency', currency: 'USD' }).format(5)).toContain('5,00')
  })

  it('stays bounded when locales come from input', () => {
    const first = numberFormat('en')
    for (let i = 0; i < 500; i++) numberFormat('en', { minimumIntegerDigits: 1 + (i % 20), maximumFractionDigits: Math.floor(i / 20) % 20 })
    // The cache was emptied on the way: the first formatter is built again, still correct.
    expect(numberFormat('en')).not.toBe(first)
    expect(numberFormat('en').format(1000)).toBe('1,000')
  })
})
