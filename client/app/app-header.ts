import { LitElement, html, nothing } from 'lit'
import type { Me } from '../context.js'
import { t } from '../i18n/app-messages.js'
import { LANGS, type Lang } from '../i18n/lang.js'
import { LangChangeEvent, SignOutEvent } from './app-events.js'
import { initialsOf } from './me.js'
import { t as tf } from '../i18n/follow-up-messages.js'

const LANG_NAMES: Record<Lang, string> = { es: 'Español', en: 'English' }

/**
 * The top bar: product name (a link home), the signed-in person (their account page, the
 * accounts page for admins, sign-out) and the interface language. It only reports choices
 * (typed events); the shell owns the session and the language.
 */
export class AppHeader extends LitElement {
  static override properties = {
    lang: { attribute: false },
    me: { attribute: false },
  }
  declare lang: Lang
  declare me: Me | null

  constructor() {
    super()
    this.me = null
  }

  override createRenderRoot() {
    return this
  }

  override render() {
    const lang = this.lang
    const me = this.me
    return html`<header class="bar">
      <a class="brand" href="/" aria-label=${`${t(lang, 'app.name')} — ${t(lang, 'list.title')}`}>Fi<span>cha</span></a>
      <span class="tagline">${t(lang, 'app.tagline')}</span>
      ${me
        ? html`<nav class="control who" aria-label=${t(lang, 'app.signedInAs', { name: me.name, email: me.email })}>
            <a class="me" href="/account" data-account-link title=${t(lang, 'app.signedInAs', { name: me.name, email: me.email })}>
              <span class="swatch" style=${`background:${me.color}`} aria-hidden="true">${initialsOf(me.name)}</span>
              <span class="me-name">${me.name}</span>
            </a>
            <a href="/me" data-me-link>${tf(lang, 'me.link')}</a>
            ${me.role === 'admin' ? html`<a href="/admin" data-admin-link>${t(lang, 'app.admin')}</a>` : nothing}
            <button type="button" data-signout @click=${() => this.dispatchEvent(new SignOutEvent())}>${t(lang, 'app.signOut')}</button>
          </nav>`
        : nothing}
      <div class="control">
        <label for="ficha-lang">${t(lang, 'app.language')}</label>
        <select id="ficha-lang" data-lang-switch @change=${(e: Event) => this.dispatchEvent(new LangChangeEvent((e.target as HTMLSelectElement).value as Lang))}>
          ${LANGS.map((code) => html`<option value=${code} lang=${code} ?selected=${code === lang}>${LANG_NAMES[code]}</option>`)}
        </select>
      </div>
    </header>`
  }
}
customElements.define('ficha-app-header', AppHeader)
