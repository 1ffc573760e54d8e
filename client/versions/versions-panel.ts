import { LitElement, html, nothing } from 'lit'
import { ApiError } from '../api/http.js'
import { errorText } from '../api/error-text.js'
import { navigate } from '../app/router.js'
import type { SnapshotSummary } from '../follow-up/follow-up-api.js'
import { snapshotApi } from '../follow-up/follow-up-api.js'
import { StoreController, type FollowUpStore } from '../follow-up/follow-up-store.js'
import { t } from '../i18n/follow-up-messages.js'
import type { Lang } from '../i18n/lang.js'
import { absoluteTime } from '../i18n/time.js'
import { requiredLegend, requiredMark } from '../app/required.js'
import { confirmDialog } from '../app/confirm-dialog.js'

const EXPORTS = ['html', 'docx', 'csv', 'json'] as const

export const versionPath = (programmeId: string, snapshotId: string) => `/programmes/${encodeURIComponent(programmeId)}/versions/${encodeURIComponent(snapshotId)}`
export const comparePath = (programmeId: string, from: string, to: string) =>
  `/programmes/${encodeURIComponent(programmeId)}/compare?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`

/** A version's name as people read it: the automatic checkpoints' stored label is a word of ours. */
export const versionLabel = (snapshot: SnapshotSummary, lang: Lang) =>
  snapshot.kind === 'checkpoint' && snapshot.label === 'automatic' ? t(lang, 'versions.automatic') : snapshot.label

/** Versions newest first: the timeline, the compare picker and nothing else order them. */
const newestFirst = (snapshots: readonly SnapshotSummary[]) => [...snapshots].sort((a, b) => b.createdAt.localeCompare(a.createdAt))

/**
 * `<ficha-versions-panel .store .lang>`: the timeline of a sheet — semester snapshots and, apart,
 * the automatic checkpoints — with the locked periods; open a version read-only, compare two
 * versions (or one with now), export one; the secretariat takes a semester snapshot (a period that
 * has one asks to supersede it).
 */
export class VersionsPanel extends LitElement {
  static override properties = {
    store: { attribute: false },
    lang: { attribute: false },
    message: { state: true },
    error: { state: true },
    busy: { state: true },
  }
  declare store: FollowUpStore
  declare lang: Lang
  declare message: string
  declare error: string
  declare busy: boolean

  constructor() {
    super()
    this.message = ''
    this.error = ''
    this.busy = false
    new StoreController(this, () => this.store)
  }

  override createRenderRoot() {
    return this
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void this.store?.reload('versions')
  }

  async #take(event: SubmitEvent) {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const body = { period: String(data.get('period') ?? '').trim(), label: String(data.get('label') ?? '').trim(), note: String(data.get('note') ?? '').trim() }
    this.busy = true
    this.error = ''
    this.message = ''
    try {
      try {
        await this.store.calls.takeSnapshot(body)
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 409)) throw error
        if (!(await confirmDialog(this.lang, { message: t(this.lang, 'versions.exists', { period: body.period }), confirm: t(this.lang, 'versions.supersede') }))) return
        await this.store.calls.takeSnapshot({ ...body, supersede: true })
      }
      this.message = t(this.lang, 'versions.taken', { period: body.period })
      form.reset()
      await this.store.reload('versions')
    } catch (error) {
      this.error = t(this.lang, 'versions.failed', { message: errorText(this.lang, error) })
    } finally {
      this.busy = false
    }
  }

  #compare(event: SubmitEvent) {
    event.preventDefault()
    const data = new FormData(event.currentTarget as HTMLFormElement)
    navigate(comparePath(this.store.programmeId, String(data.get('from')), String(data.get('to'))))
  }

  #item(snapshot: SnapshotSummary) {
    const { store, lang } = this
    const exports = snapshotApi(store.api)
    return html`<li class="timeline__item ${snapshot.supersededBy ? 'timeline__item--superseded' : ''}" data-snapshot=${snapshot.id} data-kind=${snapshot.kind}>
      <div class="timeline__dot" aria-hidden="true"></div>
      <div class="timeline__body">
        <div><strong>${versionLabel(snapshot, lang)}</strong>${snapshot.period && snapshot.period !== snapshot.label ? html` <code>${snapshot.period}</code>` : nothing}
          ${snapshot.supersededBy ? html` <span class="badge">${t(lang, 'versions.superseded')}</span>` : nothing}</div>
        <div class="muted"><time datetime=${snapshot.createdAt}>${absoluteTime(snapshot.createdAt, lang, 'second')}</time>
          ${snapshot.createdBy && store.nameOf(snapshot.createdBy) ? html` · ${t(lang, 'versions.by', { name: store.nameOf(snapshot.createdBy) })}` : nothing}</div>
        ${snapshot.note ? html`<p class="timeline__note">${snapshot.note}</p>` : nothing}
        <div class="timeline__tools">
          <a href=${versionPath(store.programmeId, snapshot.id)} data-open-snapshot=${snapshot.id}>${t(lang, 'versions.open')}</a>
          <a href=${comparePath(store.programmeId, snapshot.id, 'now')} data-compare-now=${snapshot.id}>${t(lang, 'versions.compareNow')}</a>
          <span class="muted">${t(lang, 'versions.exports')}:</span>
          ${EXPORTS.map((format) => html`<a href=${exports.exportUrl(snapshot.id, format, lang)} ?download=${format !== 'html'}
            target=${format === 'html' ? '_blank' : nothing} rel=${format === 'html' ? 'noopener' : nothing}>${format.toUpperCase()}</a>`)}
        </div>
      </div>
    </li>`
  }

  override render() {
    const { store, lang } = this
    const versions = store.versions
    // Newest first, as the timeline lists them.
    const all = versions ? newestFirst([...versions.semesters, ...versions.checkpoints]) : []
    const option = (s: SnapshotSummary) => html`<option value=${s.id}>${versionLabel(s, lang)} — ${absoluteTime(s.createdAt, lang, 'second')}</option>`
    return html`<section class="versions-panel" data-timeline aria-labelledby="ficha-versions-title">
      <h2 id="ficha-versions-title">${t(lang, 'versions.title')}</h2>
      ${versions === null
        ? html`<p class="muted" role="status">${t(lang, 'versions.loading')}</p>`
        : html`<p class="muted" data-locked-periods>${versions.lockedPeriods.length > 0 ? t(lang, 'versions.locked', { periods: versions.lockedPeriods.join(', ') }) : t(lang, 'versions.noLocked')}</p>
          <div class="versions-grid">
            <div>
              <h3>${t(lang, 'versions.semesters')}</h3>
              ${versions.semesters.length === 0 ? html`<p class="muted">${t(lang, 'versions.noSemesters')}</p>` : html`<ol class="timeline" data-timeline-semesters>${newestFirst(versions.semesters).map((s) => this.#item(s))}</ol>`}
            </div>
            <div>
              <h3>${t(lang, 'versions.checkpoints')}</h3>
              ${versions.checkpoints.length === 0 ? html`<p class="muted">${t(lang, 'versions.noCheckpoints')}</p>` : html`<ol class="timeline timeline--checkpoints" data-timeline-checkpoints>${newestFirst(versions.checkpoints).map((s) => this.#item(s))}</ol>`}
            </div>
          </div>
          ${all.length > 0
            ? html`<form class="inline-form" data-compare-form @submit=${this.#compare}>
                <label class="field">${t(lang, 'versions.compareFrom')}<select name="from">${all.map(option)}</select></label>
                <label class="field">${t(lang, 'versions.compareTo')}<select name="to"><option value="now">${t(lang, 'versions.now')}</option>${all.map(option)}</select></label>
                <button type="submit">${t(lang, 'versions.compare')}</button>
              </form>`
            : nothing}`}
      ${store.secretariat
        ? html`<form class="card-form" data-snapshot-form @submit=${this.#take}>
            <h3>${t(lang, 'versions.take')}</h3>
            ${requiredLegend(lang)}
            <div class="form-grid">
              <label class="field">${t(lang, 'versions.period')} ${requiredMark}<input name="period" required pattern="\\d{4}-[12]" placeholder="2011-1" /></label>
              <label class="field grow">${t(lang, 'versions.label')}<input name="label" /></label>
            </div>
            <label class="field">${t(lang, 'versions.note')}<textarea name="note" rows="2"></textarea></label>
            <div class="form-actions"><button type="submit" class="primary" ?disabled=${this.busy}>${t(lang, 'versions.submit')}</button></div>
          </form>`
        : html`<p class="muted hint">${t(lang, 'versions.secretariatOnly')}</p>`}
      ${this.message ? html`<p class="notice ok" role="status" data-snapshot-taken>${this.message}</p>` : nothing}
      ${this.error ? html`<p class="notice error" role="alert">${this.error}</p>` : nothing}
    </section>`
  }
}
customElements.define('ficha-versions-panel', VersionsPanel)
