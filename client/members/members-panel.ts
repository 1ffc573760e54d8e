import { ContextConsumer } from '@lit/context'
import { LitElement, html, nothing } from 'lit'
import { PROGRAMME_ROLES, type ProgrammeRole } from '../../shared/roles.js'
import { errorText } from '../api/error-text.js'
import { ServerList } from '../api/server-list.js'
import { apiContext, langContext, meContext } from '../context.js'
import { t } from '../i18n/app-messages.js'
import { localeOf, type Lang } from '../i18n/lang.js'
import { listMembers, putMember, removeMember, type Member } from './members-api.js'
import { confirmDialog } from '../app/confirm-dialog.js'

/**
 * `<ficha-members-panel .programmeId .canManage>`: who belongs to the programme and in which role.
 * Every member sees the list; with `canManage` (the `manageMembers` capability: secretariat,
 * admin) they add people by email, change roles and remove members. Errors sit beside the form.
 */
export class MembersPanel extends LitElement {
  static override properties = {
    programmeId: { attribute: false },
    canManage: { attribute: false },
  }
  declare programmeId: string
  declare canManage: boolean
  readonly #lang = new ContextConsumer(this, { context: langContext, subscribe: true })
  readonly #me = new ContextConsumer(this, { context: meContext, subscribe: true })
  readonly #api = new ContextConsumer(this, { context: apiContext })
  readonly #members = new ServerList<Member>(this, {
    load: (signal) => listMembers(this.#api.value!, this.programmeId, signal),
    errorText: (error, during) => {
      const lang = this.#lang.value ?? 'en'
      return during === 'load'
        ? t(lang, 'members.loadFailed', { message: errorText(lang, error) })
        : t(lang, 'members.failed', { message: errorText(lang, error, { not_found: 'members.noAccount' }) })
    },
  })

  constructor() {
    super()
    this.canManage = false
  }

  override createRenderRoot() {
    return this
  }

  readonly #add = async (event: SubmitEvent) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const email = String(data.get('email') ?? '').trim()
    const role = String(data.get('role') ?? 'viewer') as ProgrammeRole
    if (!email) return
    if (await this.#members.change(() => putMember(this.#api.value!, this.programmeId, email, role))) form.reset()
  }

  async #remove(member: Member): Promise<void> {
    const lang = this.#lang.value ?? 'en'
    if (!(await confirmDialog(lang, { message: t(lang, 'members.removeConfirm', { name: member.name }), confirm: t(lang, 'members.remove'), danger: true }))) return
    void this.#members.change(() => removeMember(this.#api.value!, this.programmeId, member.userId))
  }

  override render() {
    const lang = this.#lang.value ?? 'en'
    const { items: members, error } = this.#members
    const count = members ? t(lang, 'members.count', { n: members.length.toLocaleString(localeOf(lang)) }) : ''
    return html`<details class="panel" data-members>
      <summary><span class="panel-title">${t(lang, 'members.title')}</span> <span class="muted">${count}</span></summary>
      <div class="panel-body">
        ${this.#table(lang)}
        ${this.canManage ? this.#form(lang) : html`<p class="hint muted">${t(lang, 'members.manageHint')}</p>`}
        ${error ? html`<p class="notice error" role="alert" data-members-error>${error}</p>` : nothing}
      </div>
    </details>`
  }

  #roleOptions(lang: Lang, selected: ProgrammeRole) {
    return PROGRAMME_ROLES.map((role) => html`<option value=${role} ?selected=${role === selected}>${t(lang, `role.${role}`)}</option>`)
  }

  #table(lang: Lang) {
    const members = this.#members.items
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
            ? html`<select aria-label=${t(lang, 'members.roleOf', { name: member.name })} data-member-role ?disabled=${this.#members.busy}
                @change=${(e: Event) => void this.#members.change(() => putMember(this.#api.value!, this.programmeId, member.email, (e.target as HTMLSelectElement).value as ProgrammeRole))}>
                ${this.#roleOptions(lang, member.role)}
              </select>`
            : t(lang, `role.${member.role}`)}</td>
          ${this.canManage
            ? html`<td><button type="button" ?disabled=${this.#members.busy} aria-label=${t(lang, 'members.removeLabel', { name: member.name })}
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
      <button type="submit" ?disabled=${this.#members.busy}>${t(lang, 'members.submit')}</button>
    </form>`
  }
}
customElements.define('ficha-members-panel', MembersPanel)
