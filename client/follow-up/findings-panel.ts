import { COMMENT_ICON } from './icons.js'
import { LitElement, html, nothing } from 'lit'
import { ACTION_STATUSES, CRITERIA, DECISIONS, EVALUATION_KINDS, PRIORITIES, type Decision } from '../../shared/evaluation.js'
import { errorText } from '../api/error-text.js'
import { t } from '../i18n/follow-up-messages.js'
import { localeOf, type Lang } from '../i18n/lang.js'
import type { ActionJson, EvaluationJson, FindingJson } from './follow-up-api.js'
import { StoreController, type FollowUpStore } from './follow-up-store.js'
import './thread-view.js'
import { formatPercent } from '../../shared/money.js'
import { absoluteTime, formatDate } from '../i18n/time.js'
import { requiredLegend, requiredMark } from '../app/required.js'
import { confirmDialog } from '../app/confirm-dialog.js'

type Option = { readonly code: string; readonly label: { readonly es: string; readonly en: string } }
const labelOf = (options: readonly Option[], code: string | null | undefined, lang: Lang) => options.find((o) => o.code === code)?.label[lang] ?? code ?? ''
const optionsOf = (options: readonly Option[], lang: Lang, selected?: string | null) =>
  options.map((o) => html`<option value=${o.code} ?selected=${o.code === selected}>${o.label[lang]}</option>`)

/** Form fields as an object of trimmed strings; empty strings become null where `nullable`. */
function formData(form: HTMLFormElement, nullable: string[] = []): Record<string, string | null> {
  const out: Record<string, string | null> = {}
  for (const [key, value] of new FormData(form)) {
    const text = String(value).trim()
    out[key] = text === '' && nullable.includes(key) ? null : text
  }
  return out
}

/**
 * `<ficha-findings-panel .store .lang>`: the programme's evaluations with their findings
 * (evaluators and the secretariat write them), the management response per recommendation and the
 * key actions (secretariat and coordinators), the improvement plan with overdue actions marked and
 * its progress, and the comment threads of each finding. Everything follows the live store.
 */
export class FindingsPanel extends LitElement {
  static override properties = {
    store: { attribute: false },
    lang: { attribute: false },
    editing: { state: true },
    error: { state: true },
  }
  declare store: FollowUpStore
  declare lang: Lang
  /** What form is open: `evaluation:new`, `evaluation:<id>`, `finding:new:<evaluationId>`, `finding:<id>`, `thread:<findingId>`. */
  declare editing: string | null
  declare error: string

  constructor() {
    super()
    this.editing = null
    this.error = ''
    new StoreController(this, () => this.store)
  }

  override createRenderRoot() {
    return this
  }

  async #run(action: () => Promise<unknown>, reload: 'evaluations' | 'threads' = 'evaluations'): Promise<boolean> {
    this.error = ''
    try {
      await action()
      this.editing = null
      await this.store.reload(reload)
      return true
    } catch (error) {
      this.error = t(this.lang, 'findings.failed', { message: errorText(this.lang, error) })
      return false
    }
  }

  get #canEvaluate() {
    return this.store.access?.evaluate ?? false
  }
  get #canRespond() {
    return this.store.access?.respond ?? false
  }

  override render() {
    const { store, lang } = this
    const evaluations = store.evaluations
    return html`<section class="findings-panel" data-findings aria-labelledby="ficha-findings-title">
      <h2 id="ficha-findings-title">${t(lang, 'findings.title')}</h2>
      ${this.error ? html`<p class="notice error" role="alert" data-findings-error>${this.error}</p>` : nothing}
      ${evaluations === null
        ? html`<p class="muted" role="status">${t(lang, 'findings.loading')}</p>`
        : evaluations.length === 0
          ? html`<p class="muted">${t(lang, 'findings.none')}</p>`
          : evaluations.map((e) => this.#evaluation(e))}
      ${this.#canEvaluate
        ? this.editing === 'evaluation:new'
          ? this.#evaluationForm(null)
          : html`<button type="button" data-add-evaluation @click=${() => (this.editing = 'evaluation:new')}>+ ${t(lang, 'findings.addEvaluation')}</button>`
        : nothing}
    </section>`
  }

  #evaluationForm(evaluation: EvaluationJson | null) {
    const lang = this.lang
    const submit = (event: SubmitEvent) => {
      event.preventDefault()
      const body = formData(event.currentTarget as HTMLFormElement, ['periodStart', 'periodEnd', 'reportUrl'])
      void this.#run(() => (evaluation ? this.store.calls.editEvaluation(evaluation.id, body) : this.store.calls.addEvaluation(body)))
    }
    return html`<form class="card-form" data-evaluation-form @submit=${submit}>
      ${requiredLegend(lang)}
      <div class="form-grid">
        <label class="field">${t(lang, 'findings.kind')}<select name="kind">${optionsOf(EVALUATION_KINDS, lang, evaluation?.kind)}</select></label>
        <label class="field grow">${t(lang, 'findings.evaluators')} ${requiredMark}<input name="evaluators" required .value=${evaluation?.evaluators ?? ''} /></label>
        <label class="field">${t(lang, 'findings.periodStart')}<input name="periodStart" pattern="\\d{4}-\\d{2}" placeholder="2011-09" .value=${evaluation?.periodStart ?? ''} /></label>
        <label class="field">${t(lang, 'findings.periodEnd')}<input name="periodEnd" pattern="\\d{4}-\\d{2}" placeholder="2011-11" .value=${evaluation?.periodEnd ?? ''} /></label>
        <label class="field grow">${t(lang, 'findings.reportUrl')}<input name="reportUrl" type="url" placeholder="https://" .value=${evaluation?.reportUrl ?? ''} /></label>
      </div>
      <div class="form-actions"><button type="submit" class="primary">${t(lang, 'findings.save')}</button>
        <button type="button" @click=${() => (this.editing = null)}>${t(lang, 'findings.cancel')}</button></div>
    </form>`
  }

  #progress(evaluation: EvaluationJson) {
    const lang = this.lang
    const p = evaluation.progress
    if (p.actions === 0) return html`<p class="muted progress" data-progress>${t(lang, 'findings.progressNone')}</p>`
    const percent = formatPercent(p.percentDone ?? 0, localeOf(lang))
    return html`<div class="progress" data-progress>
      <div class="progress__bar" role="img" aria-label=${`${percent}`}><span style=${`width:${p.percentDone ?? 0}%`}></span></div>
      <p>${t(lang, 'findings.progress', { done: p.done, actions: p.actions, percent, inProgress: p.inProgress, notStarted: p.notStarted, overdue: p.overdue })}</p>
    </div>`
  }

  #evaluation(evaluation: EvaluationJson) {
    const lang = this.lang
    const editing = this.editing === `evaluation:${evaluation.id}`
    return html`<section class="evaluation" data-evaluation=${evaluation.id}>
      ${editing
        ? this.#evaluationForm(evaluation)
        : html`<header class="evaluation__head">
            <h3>${labelOf(EVALUATION_KINDS, evaluation.kind, lang)}</h3>
            <p class="muted">${evaluation.evaluators}
              ${evaluation.periodStart || evaluation.periodEnd ? html` · ${t(lang, 'findings.period', { start: evaluation.periodStart ? formatDate(evaluation.periodStart, lang) : '…', end: evaluation.periodEnd ? formatDate(evaluation.periodEnd, lang) : '…' })}` : nothing}
              · ${evaluation.reportUrl ? html`<a href=${evaluation.reportUrl} target="_blank" rel="noopener">${t(lang, 'findings.report')}</a>` : t(lang, 'findings.noReport')}</p>
            ${this.#canEvaluate ? html`<button type="button" class="link" @click=${() => (this.editing = `evaluation:${evaluation.id}`)}>${t(lang, 'findings.editEvaluation')}</button>` : nothing}
          </header>`}
      ${this.#progress(evaluation)}
      ${evaluation.findings.length === 0 ? html`<p class="muted">${t(lang, 'findings.noFindings')}</p>` : evaluation.findings.map((f) => this.#finding(f))}
      ${this.#canEvaluate
        ? this.editing === `finding:new:${evaluation.id}`
          ? this.#findingForm(evaluation.id, null)
          : html`<button type="button" data-add-finding=${evaluation.id} @click=${() => (this.editing = `finding:new:${evaluation.id}`)}>+ ${t(lang, 'findings.addFinding')}</button>`
        : nothing}
      ${this.#plan(evaluation)}
    </section>`
  }

  #findingForm(evaluationId: string, finding: FindingJson | null) {
    const lang = this.lang
    const submit = (event: SubmitEvent) => {
      event.preventDefault()
      const body = formData(event.currentTarget as HTMLFormElement)
      void this.#run(() => (finding ? this.store.calls.editFinding(finding.id, body) : this.store.calls.addFinding({ ...body, evaluationId })))
    }
    return html`<form class="card-form" data-finding-form @submit=${submit}>
      ${requiredLegend(lang)}
      <div class="form-grid">
        <label class="field">${t(lang, 'findings.criterion')}<select name="criterion">${optionsOf(CRITERIA, lang, finding?.criterion)}</select></label>
        <label class="field">${t(lang, 'findings.priority')}<select name="priority">${optionsOf(PRIORITIES, lang, finding?.priority ?? 'medium')}</select></label>
      </div>
      <label class="field">${t(lang, 'findings.finding')} ${requiredMark}<textarea name="finding" rows="3" required .value=${finding?.finding ?? ''}></textarea></label>
      <label class="field">${t(lang, 'findings.recommendation')}<textarea name="recommendation" rows="2" .value=${finding?.recommendation ?? ''}></textarea></label>
      <div class="form-actions"><button type="submit" class="primary">${t(lang, 'findings.save')}</button>
        <button type="button" @click=${() => (this.editing = null)}>${t(lang, 'findings.cancel')}</button></div>
    </form>`
  }

  #finding(finding: FindingJson) {
    const lang = this.lang
    const store = this.store
    if (this.editing === `finding:${finding.id}`) return this.#findingForm(finding.evaluationId, finding)
    const threads = store.threads.filter((th) => th.anchor.kind === 'finding' && th.anchor.findingId === finding.id)
    return html`<article class="finding finding--${finding.priority}" data-finding=${finding.id}>
      <header class="finding__head">
        <h4>${t(lang, 'findings.number', { n: finding.number })} · ${labelOf(CRITERIA, finding.criterion, lang)}</h4>
        <span class="badge priority-${finding.priority}">${t(lang, 'findings.priorityOf', { priority: labelOf(PRIORITIES, finding.priority, lang) })}</span>
        ${this.#canEvaluate
          ? html`<span class="grow"></span>
              <button type="button" class="link" @click=${() => (this.editing = `finding:${finding.id}`)}>${t(lang, 'findings.edit')}</button>
              <button type="button" class="link" @click=${async () => (await confirmDialog(lang, { message: t(lang, 'findings.deleteConfirm', { n: finding.number }), confirm: t(lang, 'findings.delete'), danger: true })) && void this.#run(() => store.calls.deleteFinding(finding.id))}>${t(lang, 'findings.delete')}</button>`
          : nothing}
      </header>
      <p class="finding__text">${finding.finding}</p>
      ${finding.recommendation ? html`<p class="finding__recommendation"><strong>${t(lang, 'findings.recommendation')}:</strong> ${finding.recommendation}</p>` : nothing}
      ${this.#response(finding)}
      ${this.#actions(finding)}
      <div class="finding__threads">
        ${threads.map((th) => html`<ficha-thread .store=${store} .thread=${th} .lang=${lang} .compact=${true}></ficha-thread>`)}
        ${store.canComment
          ? this.editing === `thread:${finding.id}`
            ? html`<ficha-comment-form .store=${store} .lang=${lang} .submitLabel=${t(lang, 'threads.send')} .onCancel=${() => (this.editing = null)}
                .onSubmit=${(body: string, mentions: string[]) => this.#run(() => store.calls.openThread({ kind: 'finding', findingId: finding.id }, body, mentions), 'threads')}></ficha-comment-form>`
            : html`<button type="button" data-comment-finding=${finding.id} @click=${() => (this.editing = `thread:${finding.id}`)}>${COMMENT_ICON} ${t(lang, 'findings.comment')}</button>`
          : nothing}
      </div>
    </article>`
  }

  /**
   * The management response, shown once: read-only with who answered and when once it is given
   * (an Edit button for those who may change it), the form only while there is none yet or while
   * someone edits it.
   */
  #response(finding: FindingJson) {
    const lang = this.lang
    const response = finding.response
    const editKey = `response:${finding.id}`
    const editing = this.#canRespond && (response === null || this.editing === editKey)
    const heading = html`<h5>${t(lang, 'findings.response')}</h5>`
    if (!editing) {
      return html`<div class="finding__response">${heading}${response
        ? html`<p data-response=${response.decision}><strong>${labelOf(DECISIONS, response.decision, lang)}</strong>${response.reason ? html` — ${response.reason}` : nothing}</p>
          <p class="muted finding__byline" data-response-by>${t(lang, 'findings.respondedBy', {
            name: response.respondedByName ?? t(lang, 'findings.someone'),
            when: absoluteTime(response.updatedAt, lang),
          })}${this.#canRespond
            ? html` <button type="button" class="link" data-edit-response=${finding.id} @click=${() => (this.editing = editKey)}>${t(lang, 'findings.editResponse')}</button>`
            : nothing}</p>`
        : html`<p class="muted">${t(lang, 'findings.noResponse')}</p>`}</div>`
    }
    const submit = (event: SubmitEvent) => {
      event.preventDefault()
      const form = event.currentTarget as HTMLFormElement
      const { decision, reason } = formData(form)
      if (decision !== 'accepted' && !reason) {
        this.error = t(lang, 'findings.reasonRequired')
        form.querySelector<HTMLTextAreaElement>('textarea')?.focus()
        return
      }
      void this.#run(() => this.store.calls.respond(finding.id, decision as Decision, reason ?? ''))
    }
    return html`<div class="finding__response">${heading}
      <form class="inline-form" data-response-form @submit=${submit}>
        <label class="field">${t(lang, 'findings.decision')}<select name="decision">${optionsOf(DECISIONS, lang, response?.decision ?? 'accepted')}</select></label>
        <label class="field grow">${t(lang, 'findings.reason')}<textarea name="reason" rows="1" .value=${response?.reason ?? ''}></textarea></label>
        <button type="submit">${t(lang, 'findings.respond')}</button>
        ${response ? html`<button type="button" @click=${() => (this.editing = null)}>${t(lang, 'findings.cancel')}</button>` : nothing}
      </form></div>`
  }

  #statusSelect(action: ActionJson) {
    const lang = this.lang
    if (!this.#canRespond) return labelOf(ACTION_STATUSES, action.status, lang)
    return html`<select aria-label=${t(lang, 'findings.status')} data-action-status=${action.id}
      @change=${(e: Event) => void this.#run(() => this.store.calls.editAction(action.id, { status: (e.target as HTMLSelectElement).value }))}>
      ${optionsOf(ACTION_STATUSES, lang, action.status)}</select>`
  }

  #actions(finding: FindingJson) {
    const lang = this.lang
    const store = this.store
    const submit = (event: SubmitEvent) => {
      event.preventDefault()
      const body = formData(event.currentTarget as HTMLFormElement, ['dueDate', 'responsibleUserId'])
      if (body['responsibleUserId'] === null) delete body['responsibleUserId']
      void this.#run(async () => {
        await store.calls.addAction({ ...body, findingId: finding.id })
        ;(event.target as HTMLFormElement).reset()
      })
    }
    return html`<div class="finding__actions"><h5>${t(lang, 'findings.actions')}</h5>
      ${finding.actions.length === 0
        ? html`<p class="muted">${t(lang, 'findings.noActions')}</p>`
        : html`<ul class="action-list">${finding.actions.map((a) => html`<li data-action=${a.id} ?data-overdue=${a.overdue}>
            ${a.description} — ${a.responsible}${a.dueDate ? html` · <time datetime=${a.dueDate}>${formatDate(a.dueDate, lang)}</time>` : nothing}
            · ${this.#statusSelect(a)} ${a.overdue ? html`<span class="badge overdue">${t(lang, 'findings.overdue')}</span>` : nothing}</li>`)}</ul>`}
      ${this.#canRespond
        ? html`<form class="inline-form" data-action-form @submit=${submit}>
            <label class="field grow">${t(lang, 'findings.action')} ${requiredMark}<input name="description" required /></label>
            <label class="field">${t(lang, 'findings.responsible')} ${requiredMark}<input name="responsible" required /></label>
            <label class="field">${t(lang, 'findings.responsibleUser')}<select name="responsibleUserId"><option value="">${t(lang, 'findings.nobody')}</option>
              ${store.members.map((m) => html`<option value=${m.userId}>${m.name}</option>`)}</select></label>
            <label class="field">${t(lang, 'findings.due')}<input name="dueDate" type="date" /></label>
            <label class="field">${t(lang, 'findings.status')}<select name="status">${optionsOf(ACTION_STATUSES, lang, 'not-started')}</select></label>
            <button type="submit">+ ${t(lang, 'findings.addAction')}</button>
            ${requiredLegend(lang)}
          </form>`
        : nothing}
    </div>`
  }

  #plan(evaluation: EvaluationJson) {
    const lang = this.lang
    const rows = evaluation.findings.flatMap((f) => f.actions.map((a) => ({ finding: f, action: a })))
    return html`<div class="plan"><h4>${t(lang, 'findings.plan')}</h4>
      ${rows.length === 0
        ? html`<p class="muted">${t(lang, 'findings.planEmpty')}</p>`
        : html`<div class="table-scroll"><table class="plain plan-table" data-plan>
            <thead><tr><th scope="col">#</th><th scope="col">${t(lang, 'findings.action')}</th><th scope="col">${t(lang, 'findings.responsible')}</th>
              <th scope="col">${t(lang, 'findings.due')}</th><th scope="col">${t(lang, 'findings.status')}</th></tr></thead>
            <tbody>${rows.map(({ finding, action }) => html`<tr data-plan-action=${action.id} ?data-overdue=${action.overdue} class=${action.overdue ? 'overdue' : ''}>
              <td>${finding.number}</td><td>${action.description}</td><td>${action.responsible}</td>
              <td>${action.dueDate ? html`<time datetime=${action.dueDate}>${formatDate(action.dueDate, lang)}</time>` : '—'} ${action.overdue ? html`<span class="badge overdue">${t(lang, 'findings.overdue')}</span>` : nothing}</td>
              <td>${this.#statusSelect(action)}</td></tr>`)}</tbody>
          </table></div>`}
    </div>`
  }
}
customElements.define('ficha-findings-panel', FindingsPanel)
