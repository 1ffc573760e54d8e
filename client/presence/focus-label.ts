import { NARRATIVE_DEFS } from '../../shared/sheet/schema.js'
import { fieldLabel } from '../../shared/sheet/warning-messages.js'
import type { Lang } from '../i18n/lang.js'

/**
 * A human label for a focus or field id: a field (`budget.total`), a list or cell
 * (`list:finance/<row>/transferred`) — both through `fieldLabel` — or a narrative
 * (`text:summary`), which `fieldLabel` does not cover.
 */
export function focusLabel(id: string, lang: Lang): string {
  const narrative = /^text:(.+)$/.exec(id)
  if (narrative) return NARRATIVE_DEFS.find((def) => def.id === narrative[1])?.label[lang] ?? narrative[1]!
  return fieldLabel(id, lang)
}
