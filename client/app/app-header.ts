import { LitElement, html } from 'lit'
import type { Me } from '../context.js'
import { t } from '../i18n/app-messages.js'
import { LANGS, type Lang } from '../i18n/lang.js'
import { LangChangeEvent, NameChangeEvent } from './app-events.js'

const LANG_NAMES: Record<Lang, string> = { es: 'Español', en: 'English' }

/**
 * The top bar: product name (a link home), the interface language and the person's name. It
 * only reports choices (typed events); the shell owns and remembers them.
 */
export class AppHeader extends LitElement {
  static override properties = {
    lang: { attribute: false },
    me: { attribute: false },
  }
  declare lang: Lang
  declare me: Me

  override createRenderRoot() {
    return this
  }

  override render() {
    const lang = this.lang
    return html`<header class="bar">
      <a class="brand" href="/" aria-label=${`${t(lang, 'app.name')} — ${t(lang, 'list.title')}`}>Fi<span>cha</span></a>
      <span class="tagline">${t(lang, 'app.tagline')}</span>
      <div class="control ${this.me.name ? '' : 'needs-name'}">
        <span class="swatch" style=${`background:${this.me.color}`} aria-hidden="true"></span>
        <label for="ficha-my-name">${t(lang, 'app.myName')}</label>
        <input
          id="ficha-my-name"
          data-my-name
          type="text"
          autocomplete="name"
          maxlength="60"
          .value=${this.me.name}
          placeholder=${t(lang, 'app.myName.placeholder')}
          title=${t(lang, 'app.myName.hint')}
          @change=${(e: Event) => this.dispatchEvent(new NameChangeEvent((e.target as HTMLInputElement).value))}
          @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
        />
      </div>
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
