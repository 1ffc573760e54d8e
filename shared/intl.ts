/**
 * Intl formatters, built once per locale and options. Building one costs some 30 µs here and
 * formatting with it about 2: a checkpoint's render built two for every warning it wrote, an
 * export one for every figure. Bounded, since a locale or a currency code can come from input.
 */
const MAX_CACHED = 200

const numberFormats = new Map<string, Intl.NumberFormat>()
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>()

function cached<F>(cache: Map<string, F>, key: string, build: () => F): F {
  let format = cache.get(key)
  if (format) return format
  // Built before it is kept: a locale or currency Intl refuses throws, as `new Intl.…` would.
  format = build()
  if (cache.size >= MAX_CACHED) cache.clear()
  cache.set(key, format)
  return format
}

/** `new Intl.NumberFormat(locale, options)`, or the one built before with the same arguments. */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached(numberFormats, `${locale} ${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options))
}

/** `new Intl.DateTimeFormat(locale, options)`, or the one built before with the same arguments. */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  return cached(dateTimeFormats, `${locale} ${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options))
}
