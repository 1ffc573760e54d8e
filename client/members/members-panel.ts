import { ContextConsumer } from '@lit/context'
import { LitElement, html, nothing } from 'lit'
import { PROGRAMME_ROLES, type ProgrammeRole } from '../../shared/roles.js'
import { errorText } from '../api/error-text.js'
import { apiContext, langContext, meContext } from '../context.js'
import { t } from '../i18n/app-messages.js'
import { localeOf, type Lang } from '../i18n/lang.js'
import { listMembers, putMember, removeMember, type Member } from './members-api.js'

/**
 * `<ficha-members-panel .programmeId .canManage>`: who belongs to the programme and in which role.
 * Every member sees the list; with `canManage` (the `manageMembers` capability: secretariat,
 * admin) they add people by email, change roles and remove members. Errors sit beside the form.
 */
export class MembersPanel extends LitElement {
  static override properties = {
    programmeId: { attribute: false },
    canManage: { attribute: false },
    members: { state: true },
    error: { state: true },
    busy: { state: true },
  }
  declare programmeId: string
  declare canManage: boolean
  declare members: Member[] | null
  declare error: string
  declare busy: boolean
  readonly #lang = new ContextConsumer(this, { context: langContext, subscribe: true })
  readonly #me = new ContextConsumer(this, { context: meContext, subscribe: true })
  readonly #api = new ContextConsumer(this, { context: apiContext })
  #abort: AbortController | null = null

  constructor() {
    super()
    this.canManage = false
    this.members = null
    this.error = ''
    this.busy = false
  }

  override createRenderRoot() {
    return this
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void this.refresh()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#abort?.abort()
  }

  async refresh(): Promise<void> {
    this.#abort?.abort()
    const abort = (this.#abort = new AbortController())
    try {
      this.members = await listMembers(this.#api.value!, this.programmeId, abort.signal)
    } catch (error) {
      if (abort.signal.aborted) return
      const lang = this.#lang.value ?? 'en'
      this.error = t(lang, 'members.loadFailed', { message: errorText(lang, error) })
    }
  }

  /** Runs one change, then shows the list as the server has it. */
  async #change(action: () => Promise<unknown>): Promise<boolean> {
    const lang = this.#lang.value ?? 'en'
    this.busy = true
    this.error = ''
    try {
      await action()
      return true
    } catch (error) {
      this.error = t(lang, 'members.failed', { message: errorText(lang, error, { not_found: 'members.noAccount' }) })
      return false
    } finally {
      this.busy = false
      await this.refresh()
    }
  }

  readonly #add = async (event: SubmitEvent) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const email = String(data.get('email') ?? '').trim()
    const role = String(data.get('role') ?? 'viewer') as ProgrammeRole
    if (!email) return
    if (await this.#change(() => putMember(this.#api.value!, this.programmeId, email, role))) form.reset()
  }

  #remove(member: Member): void {
    const lang = this.#lang.value ?? 'en'
    if (!confirm(t(lang, 'members.removeConfirm', { name: member.name }))) return
    void this.#change(() => removeMember(this.#api.value!, this.programmeId, member.userId))
  }

  override render() {
    const lang = this.#lang.value ?? 'en'
    const count = this.members ? t(lang, 'members.count', { n: this.members.length.toLocaleString(localeOf(lang)) }) : ''
    return html`<details class="panel" data-members>
      <summary><span class="panel-title">${t(lang, 'members.title')}</span> <span class="muted">${count}</span></summary>
      <div class="panel-body">
        ${this.#table(lang)}
        ${this.canManage ? this.#form(lang) : html`<p class="hint muted">${t(lang, 'members.manageHint')}</p>`}
        ${this.error ? html`<p class="notice error" role="alert" data-members-error>${this.error}</p>` : nothing}
      </div>
    </details>`
  }

  #roleOptions(lang: Lang, selected: ProgrammeRole) {
    return PROGRAMME_ROLES.map((role) => html`<option value=${role} ?selected=${role === selected}>${t(lang, `role.${role}`)}</option>`)
  }

  #table(lang: Lang) {
    const members = this.members
    if (members === null) return html`<p class="muted">${t(lang, 'app.loading')}</p>`
    if (members.length === 0) return html`<p class="muted">${t(lang, 'members.empty')}</p>`
    const myId = this.#me.value?.id
    return html`<div class="table-scroll"><table class="plain">
      <thead><tr>
        <th scope="col">${t(lang, 'members.col.name')}</th><th scope="col">${t(lang, 'members.col.email')}</th>
        <th scope="col">${t(lang, 'members.col.role')}</th>
        ${this.canManage ? html`<th scope="col"><span class="visually-hidden">${t(lang, 'members.col.actions')}</span></th>` : nothing}
      </tr></thead>
      <tbody>${members.map(
        (member) => html`<tr data-member=${member.email}>
          <th scope="row">${member.name}${member.userId === myId ? html` <span class="muted">(${t(lang, 'members.you')})</span>` : nothing}</th>
          <td>${member.email}</td>
          <td>${this.canManage
            ? html`<select aria-label=${t(lang, 'members.roleOf', { name: member.name })} data-member-role ?disabled=${this.busy}
                @change=${(e: Event) => void this.#change(() => putMember(this.#api.value!, this.programmeId, member.email, (e.target as HTMLSelectElement).value as ProgrammeRole))}>
                ${this.#roleOptions(lang, member.role)}
              </select>`
            : t(lang, `role.${member.role}`)}</td>
          ${this.canManage
            ? html`<td><button type="button" ?disabled=${this.busy} aria-label=${t(lang, 'members.removeLabel', { name: member.name })}
                @click=${() => this.#remove(member)}>${t(lang, 'members.remove')}</button></td>`
            : nothing}
        </tr>`,
      )}</tbody>
    </table></div>`
  }

  #form(lang: Lang) {
    return html`<form class="inline-form" data-member-add aria-label=${t(lang, 'members.add')} @submit=${this.#add}>
      <div class="field grow">
        <label for="ficha-member-email">${t(lang, 'members.email')}</label>
        <input id="ficha-member-email" name="email" type="email" required autocomplete="off" spellcheck="false" />
      </div>
      <div class="field">
        <label for="ficha-member-role">${t(lang, 'members.role')}</label>
        <select id="ficha-member-role" name="role">${this.#roleOptions(lang, 'viewer')}</select>
      </div>
      <button type="submit" ?disabled=${this.busy}>${t(lang, 'members.submit')}</button>
    </form>`
  }
}
customElements.define('ficha-members-panel', MembersPanel)
