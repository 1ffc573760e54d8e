import { ContextConsumer } from '@lit/context'
import { LitElement, html, nothing } from 'lit'
import { ACTION_STATUSES } from '../../shared/evaluation.js'
import { errorText } from '../api/error-text.js'
import { sheetPath } from '../app/router.js'
import { apiContext, langContext } from '../context.js'
import { t } from '../i18n/follow-up-messages.js'
import { absoluteTime, formatDate, relativeTime } from '../i18n/time.js'
import { meApi, type ActionJson, type ThreadJson } from './follow-up-api.js'
import { focusLabel } from '../presence/focus-label.js'

/**
 * `/me`: across programmes, the open threads the person took part in or was mentioned in, and the
 * open actions they are responsible for (overdue marked), each linking to its sheet.
 */
export class MePage extends LitElement {
  static override properties = {
    threads: { state: true },
    actions: { state: true },
    error: { state: true },
  }
  declare threads: ThreadJson[] | null
  declare actions: ActionJson[] | null
  declare error: string
  readonly #lang = new ContextConsumer(this, { context: langContext, subscribe: true })
  readonly #api = new ContextConsumer(this, { context: apiContext })

  constructor() {
    super()
    this.threads = null
    this.actions = null
    this.error = ''
  }

  override createRenderRoot() {
    return this
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void this.#load()
  }

  async #load() {
    const lang = this.#lang.value ?? 'en'
    const api = meApi(this.#api.value!)
    try {
      ;[this.threads, this.actions] = await Promise.all([api.threads(), api.actions()])
    } catch (error) {
      this.error = t(lang, 'me.loadFailed', { message: errorText(lang, error) })
    }
  }

  override render() {
    const lang = this.#lang.value ?? 'en'
    const now = Date.now()
    const threads = this.threads
    const actions = this.actions
    return html`<h1 tabindex="-1">${t(lang, 'me.title')}</h1>
      ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : nothing}
      <section class="me-section" data-my-threads>
        <h2>${t(lang, 'me.threads')}</h2>
        ${threads === null ? html`<p class="muted">…</p>` : threads.length === 0 ? html`<p class="muted">${t(lang, 'me.noThreads')}</p>` : html`<div class="table-scroll"><table class="plain">
          <thead><tr><th scope="col">${t(lang, 'me.programme')}</th><th scope="col">${t(lang, 'threads.title')}</th><th scope="col">${t(lang, 'me.lastComment')}</th></tr></thead>
          <tbody>${threads.map((th) => {
            const last = th.comments.filter((c) => !c.deleted).at(-1)
            const about = th.anchor.kind === 'finding' ? t(lang, 'threads.on.finding', { n: '' }) : focusLabel(th.anchor.field ?? '', lang)
            return html`<tr data-thread=${th.id}>
              <td><a href=${sheetPath(th.programme?.id ?? '')}>${th.programme?.code ?? ''}</a><div class="sub muted">${th.programme?.title ?? ''}</div></td>
              <td>${about}${th.anchor.quote ? html`<div class="sub">“${th.anchor.quote}”</div>` : nothing}</td>
              <td>${last ? html`<strong>${last.authorName}</strong>: ${last.body}<div class="sub muted"><time datetime=${last.createdAt} title=${absoluteTime(last.createdAt, lang)}>${relativeTime(last.createdAt, lang, now)}</time></div>` : nothing}</td>
            </tr>`
          })}</tbody></table></div>`}
      </section>
      <section class="me-section" data-my-actions>
        <h2>${t(lang, 'me.actions')}</h2>
        ${actions === null ? html`<p class="muted">…</p>` : actions.length === 0 ? html`<p class="muted">${t(lang, 'me.noActions')}</p>` : html`<div class="table-scroll"><table class="plain">
          <thead><tr><th scope="col">${t(lang, 'me.programme')}</th><th scope="col">${t(lang, 'findings.action')}</th><th scope="col">${t(lang, 'findings.due')}</th><th scope="col">${t(lang, 'findings.status')}</th></tr></thead>
          <tbody>${actions.map((a) => html`<tr data-action=${a.id} ?data-overdue=${a.overdue} class=${a.overdue ? 'overdue' : ''}>
            <td><a href=${sheetPath(a.programme?.id ?? '')}>${a.programme?.code ?? ''}</a></td>
            <td>${a.description}<div class="sub muted">${a.responsible}</div></td>
            <td>${a.dueDate ? html`<time datetime=${a.dueDate}>${formatDate(a.dueDate, lang)}</time>` : '—'} ${a.overdue ? html`<span class="badge overdue">${t(lang, 'findings.overdue')}</span>` : nothing}</td>
            <td>${ACTION_STATUSES.find((s) => s.code === a.status)?.label[lang] ?? a.status}</td>
          </tr>`)}</tbody></table></div>`}
      </section>`
  }
}
customElements.define('ficha-me-page', MePage)
