import { errorMessage } from '../../shared/errors.js'
import { t, type AppMessageKey } from '../i18n/app-messages.js'
import type { Lang } from '../i18n/lang.js'
import { ApiError } from './http.js'

/**
 * What to tell the person about a failed request, in the interface language: `known` for what a
 * form says in its own words (by reason or code, e.g. `{conflict: 'admin.exists'}`), the common
 * cases (no network, too many attempts with the wait from `Retry-After`), then the catalog's words
 * for the server's stable reason (shared/errors.ts). Only an answer without a reason (a proxy, an
 * older server) falls back to its own message.
 */
export function errorText(lang: Lang, error: unknown, known: Partial<Record<string, AppMessageKey>> = {}): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error)
  const key = (error.reason ? known[error.reason] : undefined) ?? known[error.code]
  if (key) return t(lang, key)
  if (error.code === 'network') return t(lang, 'error.network')
  if (error.status === 429) {
    const minutes = Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60))
    return minutes === 1 ? t(lang, 'error.tooMany.one') : t(lang, 'error.tooMany', { n: minutes })
  }
  if (error.reason) return capitalized(errorMessage(lang, error.reason, error.params))
  if (error.code === 'forbidden') return t(lang, 'error.forbidden')
  return t(lang, 'error.other', { message: error.message })
}

/** The catalog writes messages to read inside a sentence too; shown alone, one starts with a capital. */
function capitalized(message: string): string {
  return message.charAt(0).toLocaleUpperCase() + message.slice(1)
}
