import { fillPlaceholders, type Params } from '../../shared/placeholders.js'
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
  return (lang: Lang, key: K, params: Params = {}): string => fillPlaceholders(catalog[lang][key], params)
}
