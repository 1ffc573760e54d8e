import { ContextConsumer } from '@lit/context'
import { LitElement, html } from 'lit'
import { langContext } from '../context.js'
import { t } from '../i18n/app-messages.js'
import { localeOf, type Lang } from '../i18n/lang.js'
import { focusLabel } from '../presence/focus-label.js'
import { UNNAMED_CHANGES } from './pending-changes.js'
import type { SyncStatus } from './sheet-sync-controller.js'

/** Field names shown in the pill before "and N more": enough to recognise, short enough for a phone. */
const NAMED = 2

/**
 * The connection pill: online / offline / syncing, and which fields changed here wait for the
 * server ("2 campos sin enviar: Presupuesto total, Resumen"). The attributes `data-sync-status`
 * and `data-pending` (the number of fields) are stable hooks for browser tests. Announced
 * politely so that a screen reader hears "Offline" without losing its place.
 */
export class SyncStatusPill extends LitElement {
  static override properties = {
    status: {},
    pending: { attribute: false },
  }
  declare status: SyncStatus
  /** Field ids changed here and not yet confirmed. */
  declare pending: readonly string[]
  readonly #lang = new ContextConsumer(this, { context: langContext, subscribe: true })

  constructor() {
    super()
    this.status = 'connecting'
    this.pending = []
  }

  override createRenderRoot() {
    return this
  }

  override render() {
    const lang = this.#lang.value ?? 'en'
    const pending = pendingText(this.pending, lang)
    const label = t(lang, `sync.${this.status}`)
    return html`<span
      class="pill"
      role="status"
      aria-label=${`${t(lang, 'sync.label')}: ${label}${pending ? `, ${pending.full}` : ''}`}
      title=${[this.status === 'offline' ? t(lang, 'sync.offlineHint') : '', pending?.full ?? ''].filter(Boolean).join('\n')}
      data-sync-status=${this.status}
      data-pending=${String(this.pending.length)}
      ><span class="dot" aria-hidden="true"></span>${label}${pending ? html` · <span data-pending-fields>${pending.short}</span>` : ''}</span
    >`
  }
}
customElements.define('ficha-sync-status', SyncStatusPill)

/** "2 campos sin enviar: Presupuesto total, Resumen" in full, and with the first names only. */
function pendingText(fields: readonly string[], lang: Lang): { short: string; full: string } | null {
  if (fields.length === 0) return null
  const n = fields.length
  const count = n === 1 ? t(lang, 'sync.pending.one') : t(lang, 'sync.pending', { n: n.toLocaleString(localeOf(lang)) })
  // Two cells of one column read alike ("Ejecución financiera — Comprometido"): name each once.
  const names = [...new Set(fields.map((f) => (f === UNNAMED_CHANGES ? t(lang, 'sync.pendingUnnamed') : focusLabel(f, lang))))]
  const shown = names.length > NAMED + 1 ? [...names.slice(0, NAMED), t(lang, 'sync.pendingMore', { n: names.length - NAMED })] : names
  return {
    short: t(lang, 'sync.pendingFields', { n: count, fields: shown.join(', ') }),
    full: t(lang, 'sync.pendingFields', { n: count, fields: names.join(', ') }),
  }
}
