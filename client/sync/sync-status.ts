import { ContextConsumer } from '@lit/context'
import { LitElement, html } from 'lit'
import { langContext } from '../context.js'
import { t } from '../i18n/app-messages.js'
import { localeOf } from '../i18n/lang.js'
import type { SyncStatus } from './sheet-sync-controller.js'

/**
 * The connection pill: online / offline / syncing, and how many local changes wait. The
 * attributes `data-sync-status` and `data-pending` are stable hooks for browser tests.
 * Announced politely so that a screen reader hears "Offline" without losing its place.
 */
export class SyncStatusPill extends LitElement {
  static override properties = {
    status: {},
    pending: { type: Number },
  }
  declare status: SyncStatus
  declare pending: number
  readonly #lang = new ContextConsumer(this, { context: langContext, subscribe: true })

  constructor() {
    super()
    this.status = 'connecting'
    this.pending = 0
  }

  override createRenderRoot() {
    return this
  }

  override render() {
    const lang = this.#lang.value ?? 'en'
    const pending = this.pending === 0 ? '' : this.pending === 1 ? t(lang, 'sync.pending.one') : t(lang, 'sync.pending', { n: this.pending.toLocaleString(localeOf(lang)) })
    const label = t(lang, `sync.${this.status}`)
    return html`<span
      class="pill"
      role="status"
      aria-label=${`${t(lang, 'sync.label')}: ${label}${pending ? `, ${pending}` : ''}`}
      title=${this.status === 'offline' ? t(lang, 'sync.offlineHint') : ''}
      data-sync-status=${this.status}
      data-pending=${String(this.pending)}
      ><span class="dot" aria-hidden="true"></span>${label}${pending ? html` · ${pending}` : ''}</span
    >`
  }
}
customElements.define('ficha-sync-status', SyncStatusPill)
