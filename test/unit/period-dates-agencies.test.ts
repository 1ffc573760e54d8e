import { describe, it, expect } from 'vitest'
import { comparePeriods, formatPeriod, isPeriod, nextPeriod, parsePeriod, periodLabel, periodOfDate } from '../../shared/period.js'
import { addMonths, compareCalendar, isIsoDay, isIsoMonth } from '../../shared/dates.js'
import { AGENCIES, isAgencyCode, resolveAgency } from '../../shared/agencies.js'

describe('reporting periods YYYY-S', () => {
  it('parses and validates', () => {
    expect(parsePeriod('2011-1')).toEqual({ year: 2011, half: 1 })
    for (const bad of ['2011-3', '2011-0', '2011/1', '11-1', '2011-01', '2011-S1', '']) expect(isPeriod(bad), bad).toBe(false)
  })

  it('orders chronologically, invalid last', () => {
    const periods = ['2011-1', 'x', '2009-2', '2010-2', '2010-1']
    expect([...periods].sort(comparePeriods)).toEqual(['2009-2', '2010-1', '2010-2', '2011-1', 'x'])
  })

  it('formats, steps and labels', () => {
    expect(formatPeriod({ year: 2010, half: 2 })).toBe('2010-2')
    expect(nextPeriod({ year: 2010, half: 2 })).toEqual({ year: 2011, half: 1 })
    expect(periodOfDate('2011-07-15')).toBe('2011-2')
    expect(periodLabel('2011-1', 'en')).toBe('Jan–Jun 2011')
    expect(periodLabel('2011-1', 'es')).toBe('ene–jun 2011')
    expect(periodLabel('2010-2', 'es')).toBe('jul–dic 2010')
    expect(periodLabel('nope', 'en')).toBe('nope')
  })
})

describe('calendar days and months', () => {
  it('accepts only real dates', () => {
    expect(isIsoDay('2009-12-15')).toBe(true)
    expect(isIsoDay('2011-02-30')).toBe(false)
    expect(isIsoDay('2012-02-29')).toBe(true)
    expect(isIsoDay('2011-02-29')).toBe(false)
    expect(isIsoDay('15/12/2009')).toBe(false)
    expect(isIsoMonth('2009-04')).toBe(true)
    expect(isIsoMonth('2009-13')).toBe(false)
  })

  it('compares by month when either side only has a month', () => {
    expect(compareCalendar('2009-12-15', '2012-12-15')).toBe(-1)
    expect(compareCalendar('2009-12', '2009-12-15')).toBe(0)
    expect(compareCalendar('2009-04', '2009-12-15')).toBe(-1)
    expect(compareCalendar('2011-02-30', '2011-03-01')).toBeNull()
  })

  it('adds months, clamping the day', () => {
    expect(addMonths('2012-12-15', 12)).toBe('2013-12-15')
    expect(addMonths('2012-01-31', 1)).toBe('2012-02-29')
    expect(addMonths('2011-11', 3)).toBe('2012-02')
    expect(addMonths('bad', 1)).toBeNull()
  })
})

describe('the controlled agency list', () => {
  it('resolves the aliases of Spanish sheets', () => {
    const cases: [string, string][] = [
      ['OIT', 'ILO'], ['PNUD', 'UNDP'], ['ONUDI', 'UNIDO'], ['OMT', 'UNWTO'], ['WTO', 'UNWTO'],
      ['OMS', 'WHO'], ['OPS', 'WHO'], ['PNUMA', 'UNEP'], ['ACNUR', 'UNHCR'], ['OIM', 'IOM'], ['PMA', 'WFP'],
      ['UNIFEM', 'UN-WOMEN'], ['UN Women', 'UN-WOMEN'], ['pnud ', 'UNDP'], ['Organización Mundial del Turismo', 'UNWTO'],
      ['FAO', 'FAO'], ['UNESCO', 'UNESCO'],
    ]
    for (const [text, code] of cases) expect(resolveAgency(text), text).toBe(code)
    expect(resolveAgency('World Bank')).toBeNull()
  })

  it('has unique codes and knows them', () => {
    const codes = AGENCIES.map((a) => a.code)
    expect(new Set(codes).size).toBe(codes.length)
    expect(isAgencyCode('UNWTO')).toBe(true)
    expect(isAgencyCode('WTO')).toBe(false)
  })
})
