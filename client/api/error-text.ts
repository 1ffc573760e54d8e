import { t, type AppMessageKey } from '../i18n/app-messages.js'
import type { Lang } from '../i18n/lang.js'
import { ApiError } from './http.js'

/**
 * What to tell the person about a failed request, in the interface language: the common cases
 * (no network, too many attempts with the wait from `Retry-After`, forbidden) from the catalog,
 * `known` for the codes a form expects (e.g. `{conflict: 'admin.exists'}`), and otherwise the
 * server's own message (English), which names the problem precisely.
 */
export function errorText(lang: Lang, error: unknown, known: Partial<Record<string, AppMessageKey>> = {}): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error)
  const key = known[error.code]
  if (key) return t(lang, key)
  if (error.code === 'network') return t(lang, 'error.network')
  if (error.status === 429) {
    const minutes = Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60))
    return minutes === 1 ? t(lang, 'error.tooMany.one') : t(lang, 'error.tooMany', { n: minutes })
  }
  if (error.code === 'forbidden') return t(lang, 'error.forbidden')
  return t(lang, 'error.other', { message: error.message })
}
