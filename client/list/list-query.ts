import { STATUS_OPTIONS, WINDOW_OPTIONS } from '../../shared/sheet/options.js'
import type { Lang } from '../i18n/lang.js'
import { localeOf } from '../i18n/lang.js'
import type { ProgrammeItem } from './programmes-api.js'

/** Columns the list sorts by. */
export const SORT_KEYS = ['title', 'country', 'window', 'status', 'total', 'execution', 'warnings'] as const
export type SortKey = (typeof SORT_KEYS)[number]
export interface Sort {
  key: SortKey
  direction: 'ascending' | 'descending'
}

export interface Filters {
  country: string
  window: string
  status: string
  text: string
}

export const NO_FILTERS: Filters = { country: '', window: '', status: '', text: '' }

/** Label of a thematic window in the interface language; an unknown code shows as stored. */
export function windowLabel(code: string | null | undefined, lang: Lang): string {
  if (!code) return ''
  return WINDOW_OPTIONS.find((option) => option.code === code)?.label[lang] ?? code
}

export function statusLabel(code: string | null | undefined, lang: Lang): string {
  if (!code) return ''
  return STATUS_OPTIONS.find((option) => option.code === code)?.label[lang] ?? code
}

/** Case- and accent-insensitive text for search ("peru" finds "Perú"). */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

export function filterProgrammes(items: readonly ProgrammeItem[], filters: Filters): ProgrammeItem[] {
  const needle = fold(filters.text.trim())
  return items.filter(
    (item) =>
      (!filters.country || item.country === filters.country) &&
      (!filters.window || item.summary?.window === filters.window) &&
      (!filters.status || item.summary?.status === filters.status) &&
      (!needle || fold(`${item.title} ${item.code} ${item.country}`).includes(needle)),
  )
}

function sortValue(item: ProgrammeItem, key: SortKey, lang: Lang): string | number | null {
  switch (key) {
    case 'title': return item.title
    case 'country': return item.country
    case 'window': return windowLabel(item.summary?.window, lang) || null
    case 'status': return statusLabel(item.summary?.status, lang) || null
    case 'total': return item.summary?.total ?? null
    case 'execution': return item.summary?.latest?.disbursed ?? null
    case 'warnings': return item.summary?.warnings ?? null
  }
}

/** Sorted copy; programmes without a value go last in either direction. */
export function sortProgrammes(items: readonly ProgrammeItem[], sort: Sort, lang: Lang): ProgrammeItem[] {
  const collator = new Intl.Collator(localeOf(lang), { sensitivity: 'base', numeric: true })
  const sign = sort.direction === 'ascending' ? 1 : -1
  return [...items].sort((a, b) => {
    const x = sortValue(a, sort.key, lang)
    const y = sortValue(b, sort.key, lang)
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y))
    return sign * order || collator.compare(a.code, b.code)
  })
}

/** Distinct values present in the list, for the filter menus. */
export function distinct(values: Iterable<string | null | undefined>): string[] {
  return [...new Set([...values].filter((value): value is string => !!value))]
}
