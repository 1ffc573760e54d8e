import { html, nothing, type TemplateResult } from 'lit'
import type { AuditDetail } from '../../shared/audit-detail.js'
import { columnDef, fieldDef, sectionDef, sectionOf } from '../../shared/sheet/schema.js'
import { t } from '../i18n/app-messages.js'
import type { Lang } from '../i18n/lang.js'
import { t as sheetT } from '../i18n/sheet-messages.js'
import { absoluteTime } from '../i18n/time.js'
import { focusLabel } from '../presence/focus-label.js'
import { displayValue } from '../sheet/value-format.js'
import type { AuditEntry } from './audit-api.js'

/** What an entry's field column says: the field's label, or what a decision concerned. */
export function auditFieldLabel(field: string, lang: Lang): string {
  if (field === 'restore') return t(lang, 'audit.field.restore')
  const period = /^period:(.+)$/.exec(field)
  if (period) return t(lang, 'audit.field.period', { period: period[1]! })
  if (field.startsWith('thread:')) return t(lang, 'audit.field.thread')
  return focusLabel(field, lang)
}

/** A stored value as the sheet shows it: amounts and dates in the reader's form, choices by their label. */
function shownValue(field: string, stored: string | null, lang: Lang): string {
  if (stored === null || stored === '') return t(lang, 'audit.noValue')
  const cell = /^list:([^/]+)\/[^/]+\/(.+)$/.exec(field)
  const def = cell ? columnDef(cell[1]!, cell[2]!) : fieldDef(field)
  if (!def || def.kind === 'narrative') return stored
  if (def.kind === 'yesno' && (stored === 'yes' || stored === 'no')) return sheetT(lang, stored === 'yes' ? 'yesno.yes' : 'yesno.no')
  const option = def.options?.find((o) => o.code === stored)
  return option ? option.label[lang] : displayValue(def.kind, stored, lang)
}

const quoted = (text: string, lang: Lang) => (lang === 'es' ? `«${text}»` : `“${text}”`)

/** The change column of an entry: old → new, a narrative's excerpt, or what a decision did. */
export function auditChange(entry: AuditEntry, lang: Lang): TemplateResult | typeof nothing {
  const detail: AuditDetail | null = entry.detail
  if (!detail) return entry.note ? html`<span data-audit-note>${entry.note}</span>` : nothing
  switch (detail.kind) {
    case 'value':
      return html`<span class="diff-old" data-audit-old>${shownValue(entry.field, detail.from, lang)}</span> → <span class="diff-new" data-audit-new>${shownValue(entry.field, detail.to, lang)}</span>`
    case 'text':
      return html`${detail.inserted.trim() ? html`<span class="audit-excerpt" data-audit-inserted>${t(lang, 'audit.inserted')} <ins>${quoted(detail.inserted.trim(), lang)}</ins></span>` : nothing}
        ${detail.deleted.trim() ? html`<span class="audit-excerpt" data-audit-deleted>${t(lang, 'audit.deleted')} <del>${quoted(detail.deleted.trim(), lang)}</del></span>` : nothing}`
    case 'restore': {
      const what = detail.sections ? detail.sections.map((id) => sectionDef(id)?.label[lang] ?? id).join(', ') : t(lang, 'audit.restoreWhole')
      return html`<span data-audit-restore>${t(lang, 'audit.restore', { what, label: detail.label, when: absoluteTime(detail.takenAt, lang, 'second') })}</span>`
    }
    case 'lock':
      return html`<span data-audit-lock>${t(lang, detail.locked ? 'audit.lock' : 'audit.unlock', { period: detail.period })}</span>${entry.note ? html`<span class="sub">${t(lang, 'audit.reason', { reason: entry.note })}</span>` : nothing}`
    case 'threadDeleted': {
      const about = detail.field ? focusLabel(detail.field, lang) : t(lang, 'audit.threadOnFinding')
      return html`<span data-audit-thread>${t(lang, detail.comments === 1 ? 'audit.threadDeleted.one' : 'audit.threadDeleted', { about, excerpt: detail.excerpt, n: detail.comments })}</span>`
    }
  }
}

/** The section an entry's field belongs to, under the field's name. */
export function auditSection(field: string, lang: Lang): string {
  return sectionOf(field)?.label[lang] ?? ''
}
