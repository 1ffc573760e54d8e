import { LitElement, html, nothing } from 'lit'
import { resolveFieldAnchor } from '../../shared/anchors.js'
import { errorText } from '../api/error-text.js'
import { t } from '../i18n/follow-up-messages.js'
import type { Lang } from '../i18n/lang.js'
import { absoluteTime, relativeTime } from '../i18n/time.js'
import { focusLabel } from '../presence/focus-label.js'
import type { ThreadAnchor, ThreadJson } from './follow-up-api.js'
import { StoreController, type FollowUpStore } from './follow-up-store.js'
import { confirmDialog } from '../app/confirm-dialog.js'

/** Whether a text thread's span is gone (or never held): computed from the live document when there is one. */
export function isDetached(store: FollowUpStore, thread: ThreadJson): boolean {
  if (thread.anchor.kind !== 'text') return false
  if (store.doc) return resolveFieldAnchor(store.doc, { field: thread.anchor.field ?? '', start: thread.anchor.start, end: thread.anchor.end }).detached
  return thread.anchor.detached ?? false
}

/** What a thread is about, in words. */
export function anchorText(store: FollowUpStore | null, anchor: ThreadJson['anchor'] | ThreadAnchor, lang: Lang): string {
  if (anchor.kind === 'finding') {
    const findingId = 'findingId' in anchor ? anchor.findingId : null
    const finding = store?.evaluations?.flatMap((e) => e.findings).find((f) => f.id === findingId)
    return t(lang, 'threads.on.finding', { n: finding?.number ?? '?' })
  }
  const field = focusLabel(anchor.field ?? '', lang)
  return t(lang, anchor.kind === 'text' ? 'threads.on.text' : 'threads.on.field', { field })
}

/**
 * `<ficha-comment-form>`: a comment box with @mentions picked from the programme's members; the
 * mention inserts `@Name` and sends the person's id while the name stays in the text.
 */
export class CommentForm extends LitElement {
  static override properties = {
    store: { attribute: false },
    lang: { attribute: false },
    submitLabel: { attribute: false },
    initial: { attribute: false },
    busy: { state: true },
    error: { state: true },
  }
  declare store: FollowUpStore
  declare lang: Lang
  declare submitLabel: string
  declare initial: string
  declare busy: boolean
  declare error: string
  /** Called with the text and the mentioned ids; a rejected promise shows its error. */
  onSubmit: (body: string, mentions: string[]) => Promise<unknown> = async () => {}
  onCancel: (() => void) | null = null
  #mentioned = new Map<string, string>()

  constructor() {
    super()
    this.busy = false
    this.error = ''
    this.initial = ''
  }

  override createRenderRoot() {
    return this
  }

  get #area(): HTMLTextAreaElement | null {
    return this.querySelector('textarea')
  }

  #mention(event: Event) {
    const select = event.target as HTMLSelectElement
    const member = this.store.members.find((m) => m.userId === select.value)
    select.value = ''
    const area = this.#area
    if (!member || !area) return
    this.#mentioned.set(member.userId, member.name)
    const at = area.selectionStart ?? area.value.length
    const text = `@${member.name} `
    area.value = area.value.slice(0, at) + text + area.value.slice(at)
    area.focus()
    area.selectionStart = area.selectionEnd = at + text.length
  }

  async #submit(event: SubmitEvent) {
    event.preventDefault()
    const area = this.#area
    const body = area?.value.trim() ?? ''
    if (!body) return
    const mentions = [...this.#mentioned].filter(([, name]) => body.includes(`@${name}`)).map(([id]) => id)
    this.busy = true
    this.error = ''
    try {
      await this.onSubmit(body, mentions)
      if (area) area.value = ''
      this.#mentioned.clear()
    } catch (error) {
      this.error = t(this.lang, 'threads.failed', { message: errorText(this.lang, error) })
    } finally {
      this.busy = false
    }
  }

  override render() {
    const lang = this.lang
    const members = this.store.members
    return html`<form class="comment-form" data-comment-form @submit=${this.#submit}>
      <textarea name="body" rows="3" required aria-label=${t(lang, 'threads.body')} placeholder=${t(lang, 'threads.body')} .value=${this.initial}></textarea>
      <div class="comment-form__row">
        ${members.length > 0
          ? html`<select class="comment-form__mention" data-mention aria-label=${t(lang, 'threads.mentionLabel')} @change=${this.#mention}>
              <option value="">${t(lang, 'threads.mention')}</option>
              ${members.map((m) => html`<option value=${m.userId}>@${m.name}</option>`)}
            </select>`
          : nothing}
        <span class="grow"></span>
        ${this.onCancel ? html`<button type="button" @click=${() => this.onCancel?.()}>${t(lang, 'threads.cancel')}</button>` : nothing}
        <button type="submit" class="primary" ?disabled=${this.busy}>${this.submitLabel}</button>
      </div>
      ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : nothing}
    </form>`
  }
}
customElements.define('ficha-comment-form', CommentForm)

/**
 * `<ficha-thread .store .thread .lang>`: one thread with its comments, reply, edit/delete own,
 * resolve/reopen; the secretariat deletes the whole thread after confirming in place.
 */
export class ThreadView extends LitElement {
  static override properties = {
    store: { attribute: false },
    thread: { attribute: false },
    lang: { attribute: false },
    compact: { attribute: false },
    editing: { state: true },
    confirmingDelete: { state: true },
    error: { state: true },
  }
  declare store: FollowUpStore
  declare thread: ThreadJson
  declare lang: Lang
  /** In the findings panel: no anchor line. */
  declare compact: boolean
  declare editing: string | null
  /** The in-place question before deleting the thread is shown. */
  declare confirmingDelete: boolean
  declare error: string

  constructor() {
    super()
    this.editing = null
    this.confirmingDelete = false
    this.error = ''
    this.compact = false
    new StoreController(this, () => this.store)
  }

  override createRenderRoot() {
    return this
  }

  async #run(action: () => Promise<unknown>) {
    this.error = ''
    try {
      await action()
      await this.store.reload('threads')
    } catch (error) {
      this.error = t(this.lang, 'threads.failed', { message: errorText(this.lang, error) })
    }
  }

  override updated(changed: Map<string, unknown>) {
    // The question takes the focus, on its safe answer: Enter or Space does not delete by surprise.
    if (changed.has('confirmingDelete') && this.confirmingDelete) this.querySelector<HTMLButtonElement>('[data-thread-delete-no]')?.focus()
  }

  async #delete() {
    const { store, thread } = this
    this.confirmingDelete = false
    await this.#run(async () => {
      await store.calls.deleteThread(thread.id)
      const active = store.active
      if (active && 'threadId' in active && active.threadId === thread.id) store.close()
    })
  }

  #deleteThread() {
    const { lang, thread } = this
    if (!this.confirmingDelete) {
      return html`<div><button type="button" class="link" data-thread-delete @click=${() => (this.confirmingDelete = true)}>${t(lang, 'threads.deleteThread')}</button></div>`
    }
    return html`<div class="notice warn" role="alertdialog" aria-label=${t(lang, 'threads.deleteThread')} data-thread-delete-confirm>
      <p>${t(lang, 'threads.deleteThreadConfirm', { n: thread.comments.length })}</p>
      <button type="button" class="primary" data-thread-delete-yes @click=${() => void this.#delete()}>${t(lang, 'threads.deleteThreadYes')}</button>
      <button type="button" data-thread-delete-no @click=${() => (this.confirmingDelete = false)}>${t(lang, 'threads.cancel')}</button>
    </div>`
  }

  #show() {
    const anchor = this.thread.anchor
    const target = anchor.kind === 'text'
      ? document.querySelector(`[data-thread-highlight="${CSS.escape(this.thread.id)}"]`) ?? document.querySelector(`[data-focus-id="${CSS.escape(anchor.field ?? '')}"]`)
      : document.querySelector(`[data-focus-id="${CSS.escape(anchor.field ?? '')}"]`)
    target?.scrollIntoView({ block: 'center', behavior: 'smooth' })
  }

  override render() {
    const { store, thread, lang } = this
    const detached = isDetached(store, thread)
    const now = Date.now()
    return html`<article class="thread ${thread.resolved ? 'thread--resolved' : ''}" data-thread=${thread.id} ?data-resolved=${thread.resolved} ?data-detached=${detached}>
      ${this.compact ? nothing : html`<header class="thread__head">
        <span class="thread__anchor">${anchorText(store, thread.anchor, lang)}</span>
        ${thread.resolved ? html`<span class="badge ok" data-resolved-mark>${t(lang, 'threads.resolvedMark')}</span>` : nothing}
        ${thread.anchor.kind !== 'finding' && !detached ? html`<button type="button" class="link" @click=${() => this.#show()}>${t(lang, 'threads.go')}</button>` : nothing}
      </header>`}
      ${thread.anchor.kind === 'text'
        ? html`<blockquote class="thread__quote ${detached ? 'thread__quote--detached' : ''}" title=${detached ? t(lang, 'threads.detachedHint') : t(lang, 'threads.quote')}>
            ${thread.anchor.quote}${detached ? html` <span class="badge warn" data-detached>${t(lang, 'threads.detached')}</span>` : nothing}
          </blockquote>`
        : nothing}
      <ol class="thread__comments">
        ${thread.comments.map((c) => html`<li class="comment" data-comment=${c.id}>
          <div class="comment__meta"><strong>${c.authorName ?? '?'}</strong>
            <time datetime=${c.createdAt} title=${absoluteTime(c.createdAt, lang)}>${relativeTime(c.createdAt, lang, now)}</time>
            ${c.edited && !c.deleted ? html`<span class="muted">(${t(lang, 'threads.edited')})</span>` : nothing}</div>
          ${c.deleted
            ? html`<p class="muted comment__body">${t(lang, 'threads.deleted')}</p>`
            : this.editing === c.id
              ? this.#editForm(c.id, c.body)
              : html`<p class="comment__body">${c.body}</p>
                  ${c.authorId === store.meId && store.canComment
                    ? html`<div class="comment__tools">
                        <button type="button" class="link" data-comment-edit @click=${() => (this.editing = c.id)}>${t(lang, 'threads.edit')}</button>
                        <button type="button" class="link" data-comment-delete @click=${async () => (await confirmDialog(lang, { message: t(lang, 'threads.deleteConfirm'), confirm: t(lang, 'threads.delete'), danger: true })) && void this.#run(() => store.calls.deleteComment(thread.id, c.id))}>${t(lang, 'threads.delete')}</button>
                      </div>`
                    : nothing}`}
        </li>`)}
      </ol>
      ${store.canComment
        ? html`<div class="thread__actions">
            ${thread.resolved
              ? nothing
              : html`<ficha-comment-form .store=${store} .lang=${lang} .submitLabel=${t(lang, 'threads.sendReply')}
                  .onSubmit=${(body: string, mentions: string[]) => this.#run(() => store.calls.reply(thread.id, body, mentions))}></ficha-comment-form>`}
            <button type="button" data-thread-resolve=${thread.resolved ? 'reopen' : 'resolve'}
              @click=${() => void this.#run(() => store.calls.resolve(thread.id, !thread.resolved))}>${thread.resolved ? t(lang, 'threads.reopen') : t(lang, 'threads.resolve')}</button>
          </div>`
        : nothing}
      ${store.secretariat ? this.#deleteThread() : nothing}
      ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : nothing}
    </article>`
  }

  #editForm(commentId: string, body: string) {
    return html`<ficha-comment-form .store=${this.store} .lang=${this.lang} .initial=${body} .submitLabel=${t(this.lang, 'threads.save')}
      .onCancel=${() => (this.editing = null)}
      .onSubmit=${async (text: string) => {
        await this.store.calls.editComment(this.thread.id, commentId, text)
        this.editing = null
        await this.store.reload('threads')
      }}></ficha-comment-form>`
  }
}
customElements.define('ficha-thread', ThreadView)

/**
 * `<ficha-threads-panel .store .lang>`: the comments beside the sheet — the open (or resolved)
 * threads, the thread being read, or a new thread on the anchor just chosen.
 */
export class ThreadsPanel extends LitElement {
  static override properties = {
    store: { attribute: false },
    lang: { attribute: false },
    showResolved: { state: true },
  }
  declare store: FollowUpStore
  declare lang: Lang
  declare showResolved: boolean

  constructor() {
    super()
    this.showResolved = false
    new StoreController(this, () => this.store)
  }

  override createRenderRoot() {
    return this
  }

  override render() {
    const { store, lang } = this
    if (!store) return nothing
    const active = store.active
    const sheetThreads = store.threads.filter((th) => th.anchor.kind !== 'finding')
    let body
    if (active && 'draft' in active) {
      const anchor = active.draft
      body = html`<div class="thread thread--draft" data-thread-draft>
        <header class="thread__head"><strong>${t(lang, 'threads.new')}</strong> <span class="thread__anchor">${anchorText(store, anchor, lang)}</span></header>
        ${anchor.kind === 'text' ? html`<blockquote class="thread__quote">${anchor.quote}</blockquote>` : nothing}
        <ficha-comment-form .store=${store} .lang=${lang} .submitLabel=${t(lang, 'threads.send')} .onCancel=${() => store.close()}
          .onSubmit=${async (text: string, mentions: string[]) => {
            const { thread } = await store.calls.openThread(anchor, text, mentions)
            store.threads = [...store.threads.filter((x) => x.id !== thread.id), thread]
            store.open(thread.id)
            void store.reload('threads')
          }}></ficha-comment-form>
      </div>`
    } else if (active && 'threadId' in active) {
      const thread = store.threads.find((th) => th.id === active.threadId)
      body = html`<button type="button" class="link" @click=${() => store.close()}>← ${t(lang, 'threads.back')}</button>
        ${thread ? html`<ficha-thread .store=${store} .thread=${thread} .lang=${lang}></ficha-thread>` : html`<p class="muted" data-thread-gone>${t(lang, 'threads.gone')}</p>`}`
    } else {
      const open = sheetThreads.filter((th) => !th.resolved)
      const resolved = sheetThreads.filter((th) => th.resolved)
      const shown = this.showResolved ? resolved : open
      body = html`<div class="threads-tabs" role="group">
          <button type="button" aria-pressed=${String(!this.showResolved)} @click=${() => (this.showResolved = false)}>${t(lang, 'threads.open', { n: open.length })}</button>
          <button type="button" aria-pressed=${String(this.showResolved)} @click=${() => (this.showResolved = true)}>${t(lang, 'threads.resolved', { n: resolved.length })}</button>
        </div>
        ${shown.length === 0
          ? html`<p class="muted hint">${this.showResolved ? t(lang, 'threads.noneResolved') : t(lang, 'threads.none')}</p>`
          : html`<ul class="thread-list">${shown.map((th) => {
              const detached = isDetached(store, th)
              const first = th.comments[0]
              return html`<li><button type="button" class="thread-item" data-thread-item=${th.id} @click=${() => store.open(th.id)}>
                <span class="thread__anchor">${anchorText(store, th.anchor, lang)}${detached ? html` <span class="badge warn" data-detached>${t(lang, 'threads.detached')}</span>` : nothing}</span>
                ${th.anchor.quote ? html`<span class="thread-item__quote">“${th.anchor.quote}”</span>` : nothing}
                <span class="thread-item__first">${first?.authorName ?? ''}: ${first?.deleted ? '…' : first?.body ?? ''}</span>
                <span class="muted">${t(lang, 'threads.comments', { n: th.comments.length })}</span>
              </button></li>`
            })}</ul>`}
        ${store.canComment ? nothing : html`<p class="muted hint">${t(lang, 'threads.readOnly')}</p>`}`
    }
    return html`<aside class="threads-panel" data-threads-panel aria-label=${t(lang, 'threads.title')}>
      <h2 class="threads-panel__title">${t(lang, 'threads.title')}${store.live === 'connecting' ? html` <span class="muted live-note" title=${t(lang, 'live.connecting')}>⟳</span>` : nothing}</h2>
      ${body}
    </aside>`
  }
}
customElements.define('ficha-threads-panel', ThreadsPanel)
