import { isIsoDay, isIsoMonth } from '../../shared/dates.js'
import { isWebUrl } from '../../shared/sheet/values.js'
import { validationFailed } from '../errors.js'

/**
 * Reading a JSON body field by field, each failure a 422 naming the field. `partial` (for PATCH)
 * leaves absent fields undefined instead of requiring them.
 */
export function bodyReader(body: unknown, partial = false) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw validationFailed('expected a JSON object')
  const record = body as Record<string, unknown>
  const present = (key: string) => record[key] !== undefined

  function text(key: string, options: { max?: number; optional?: boolean } = {}): string | undefined {
    if (!present(key)) {
      if (partial || options.optional) return undefined
      throw validationFailed(`${key} is required`)
    }
    const value = record[key]
    if (typeof value !== 'string') throw validationFailed(`${key} must be text`)
    const trimmed = value.trim()
    if (!options.optional && trimmed === '') throw validationFailed(`${key} must not be empty`)
    if (trimmed.length > (options.max ?? 10_000)) throw validationFailed(`${key} is longer than ${options.max ?? 10_000} characters`)
    return trimmed
  }

  return {
    text,
    required: (key: string, max?: number) => text(key, max === undefined ? {} : { max }) as string,
    choice<T extends string>(key: string, options: readonly { code: T }[], optional = false): T | undefined {
      const value = text(key, { optional })
      if (value === '') return undefined
      if (value === undefined) return undefined
      const codes = options.map((o) => o.code)
      if (!(codes as string[]).includes(value)) throw validationFailed(`${key} must be one of ${codes.join(', ')}`)
      return value as T
    },
    /** `null` clears; '' is read as null too. */
    nullable(key: string, check: 'month' | 'day' | 'url' | 'text', max = 2000): string | null | undefined {
      if (!present(key)) return undefined
      if (record[key] === null || record[key] === '') return null
      const value = text(key, { max, optional: true })!
      const ok = check === 'month' ? isIsoMonth(value) : check === 'day' ? isIsoDay(value) : check === 'url' ? isWebUrl(value) : true
      if (!ok) throw validationFailed(`${key} must be ${check === 'month' ? 'a month YYYY-MM' : check === 'day' ? 'a date YYYY-MM-DD' : 'an http(s) address'}`)
      return value
    },
    stringList(key: string, max = 50): string[] {
      const value = record[key]
      if (value === undefined) return []
      if (!Array.isArray(value) || value.length > max || value.some((v) => typeof v !== 'string')) throw validationFailed(`${key} must be a list of ids`)
      return [...new Set(value as string[])]
    },
    raw: (key: string) => record[key],
  }
}
