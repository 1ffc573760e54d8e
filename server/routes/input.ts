import { isIsoDay, isIsoMonth } from '../../shared/dates.js'
import { isWebUrl } from '../../shared/sheet/values.js'
import { validationFailed } from '../errors.js'

/**
 * Reading a JSON body field by field, each failure a 422 naming the field. `partial` (for PATCH)
 * leaves absent fields undefined instead of requiring them.
 */
export function bodyReader(body: unknown, partial = false) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw validationFailed('request.notObject')
  const record = body as Record<string, unknown>
  const present = (key: string) => record[key] !== undefined

  function text(key: string, options: { max?: number; optional?: boolean } = {}): string | undefined {
    if (!present(key)) {
      if (partial || options.optional) return undefined
      throw validationFailed('input.required', { field: key })
    }
    const value = record[key]
    if (typeof value !== 'string') throw validationFailed('input.notText', { field: key })
    const trimmed = value.trim()
    if (!options.optional && trimmed === '') throw validationFailed('input.empty', { field: key })
    if (trimmed.length > (options.max ?? 10_000)) throw validationFailed('input.tooLong', { field: key, max: options.max ?? 10_000 })
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
      if (!(codes as string[]).includes(value)) throw validationFailed('input.oneOf', { field: key, options: codes.join(', ') })
      return value as T
    },
    /** `null` clears; '' is read as null too. */
    nullable(key: string, check: 'month' | 'day' | 'url' | 'text', max = 2000): string | null | undefined {
      if (!present(key)) return undefined
      if (record[key] === null || record[key] === '') return null
      const value = text(key, { max, optional: true })!
      const ok = check === 'month' ? isIsoMonth(value) : check === 'day' ? isIsoDay(value) : check === 'url' ? isWebUrl(value) : true
      if (!ok) throw validationFailed(check === 'month' ? 'input.month' : check === 'day' ? 'input.day' : 'input.url', { field: key })
      return value
    },
    stringList(key: string, max = 50): string[] {
      const value = record[key]
      if (value === undefined) return []
      if (!Array.isArray(value) || value.length > max || value.some((v) => typeof v !== 'string')) throw validationFailed('input.ids', { field: key })
      return [...new Set(value as string[])]
    },
    raw: (key: string) => record[key],
  }
}
