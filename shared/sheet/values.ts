/**
 * Reading the stored strings of the sheet by kind. Values are stored exactly as typed; whether one
 * is usable is decided here, when reading, so that an invalid figure is kept and flagged instead
 * of being refused (DOMAIN.md: warnings beside the field, never a refusal to store).
 */
import { isAgencyCode } from '../agencies.js'
import { isIsoDay, isIsoMonth } from '../dates.js'
import { centsToUnits, parseMoney } from '../money.js'
import { isPeriod } from '../period.js'
import type { ValueDef, ValueKind } from './definition.js'

/** A stored value read for its kind. */
export type ReadValue =
  | { state: 'empty' }
  | { state: 'valid'; value: string | number | boolean | string[]; raw: string }
  | { state: 'invalid'; raw: string }

const COUNT = /^(0|[1-9]\d*)$/
// Deliberately loose: one @, a dot in the domain, no spaces. Mail servers are the real judge.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** The text of a stored value: strings as they are; numbers/booleans (from older clients) as text. */
export function rawText(stored: unknown): string {
  if (typeof stored === 'string') return stored
  if (typeof stored === 'number' || typeof stored === 'boolean') return String(stored)
  return ''
}

/** True for an http(s) address that parses as a URL. */
export function isWebUrl(value: string): boolean {
  if (/\s/.test(value)) return false
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

/** Split a members cell such as `JAG/PFP` or `JAG + PFP` into initials. */
export function splitInitials(value: string): string[] {
  return value.split(/[\s/,;+&]+/).filter((part) => part !== '')
}

/** Read one stored value against its definition. Never throws. */
export function readValue(def: Pick<ValueDef, 'kind' | 'options'>, stored: unknown): ReadValue {
  const raw = rawText(stored)
  if (stored !== undefined && stored !== null && raw === '' && typeof stored !== 'string') {
    // A Y type or object where a string belongs: unusable, but say so rather than show it empty.
    return { state: 'invalid', raw: Object.prototype.toString.call(stored) }
  }
  if (raw.trim() === '') return { state: 'empty' }
  const value = parsed(def, raw)
  return value === undefined ? { state: 'invalid', raw } : { state: 'valid', value, raw }
}

function parsed(def: Pick<ValueDef, 'kind' | 'options'>, raw: string): string | number | boolean | string[] | undefined {
  switch (def.kind) {
    case 'text':
      return raw
    case 'money': {
      const cents = parseMoney(raw)
      return cents === null ? undefined : centsToUnits(cents)
    }
    case 'date':
      return isIsoDay(raw) ? raw : undefined
    case 'month':
      return isIsoMonth(raw) ? raw : undefined
    case 'period':
      return isPeriod(raw) ? raw : undefined
    case 'enum':
      return def.options?.some((o) => o.code === raw) ? raw : undefined
    case 'count':
      return COUNT.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : undefined
    case 'yesno':
      return raw === 'yes' ? true : raw === 'no' ? false : undefined
    case 'url':
      return isWebUrl(raw) ? raw : undefined
    case 'email':
      return EMAIL.test(raw) ? raw : undefined
    case 'agency':
      return isAgencyCode(raw) ? raw : undefined
    case 'initials':
      return splitInitials(raw)
  }
}

/** What a valid value of each kind looks like, for warning messages. */
export const EXPECTED_FORM: Record<ValueKind, { en: string; es: string }> = {
  text: { en: 'text', es: 'texto' },
  money: { en: 'an amount such as 1429667.50', es: 'un monto como 1429667.50' },
  date: { en: 'a date YYYY-MM-DD', es: 'una fecha AAAA-MM-DD' },
  month: { en: 'a month YYYY-MM', es: 'un mes AAAA-MM' },
  period: { en: 'a semester YYYY-1 or YYYY-2', es: 'un semestre AAAA-1 o AAAA-2' },
  enum: { en: 'one of the listed options', es: 'una de las opciones de la lista' },
  count: { en: 'a whole number', es: 'un número entero' },
  yesno: { en: 'yes or no', es: 'sí o no' },
  url: { en: 'a web address (http or https)', es: 'una dirección web (http o https)' },
  email: { en: 'an email address', es: 'una dirección de correo' },
  agency: { en: 'an agency of the list', es: 'una agencia de la lista' },
  initials: { en: 'initials', es: 'iniciales' },
}
