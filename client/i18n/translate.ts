import type { Lang } from './lang.js'

/** A catalog: the same keys in every language. */
export type Catalog<K extends string> = Record<Lang, Record<K, string>>

/**
 * Builds a translator for one catalog. `{name}` placeholders are replaced from `params`.
 *
 * @example
 * const t = translator(APP_MESSAGES)
 * t('es', 'list.count', { n: 3 }) // '3 programas'
 */
export function translator<K extends string>(catalog: Catalog<K>) {
  return (lang: Lang, key: K, params: Record<string, string | number> = {}): string =>
    catalog[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}
