import { ContextProvider } from '@lit/context'
import { LitElement, html } from 'lit'
import { keyed } from 'lit/directives/keyed.js'
import { langContext, meContext } from '../context.js'
import { t } from '../i18n/app-messages.js'
import { initialLang, rememberLang, type Lang } from '../i18n/lang.js'
import '../list/programme-list.js'
import './app-header.js'
import type { LangChangeEvent, NameChangeEvent } from './app-events.js'
import { initialMe, rememberName } from './me.js'
import { RouterController, type Route } from './router.js'
import './sheet-page.js'

/**
 * The app shell: owns the interface language and the person's name (remembered, provided to
 * every component through context) and shows the page of the current path.
 */
export class FichaApp extends LitElement {
  readonly #router = new RouterController(this)
  readonly #lang = new ContextProvider(this, { context: langContext, initialValue: initialLang() })
  readonly #me = new ContextProvider(this, { context: meContext, initialValue: initialMe() })
  #lastRoute: Route | null = null

  override createRenderRoot() {
    return this
  }

  override connectedCallback(): void {
    super.connectedCallback()
    document.documentElement.lang = this.#lang.value
    this.addEventListener('ficha-lang-change', this.#onLang)
    this.addEventListener('ficha-name-change', this.#onName)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.removeEventListener('ficha-lang-change', this.#onLang)
    this.removeEventListener('ficha-name-change', this.#onName)
  }

  readonly #onLang = (event: LangChangeEvent) => {
    const lang: Lang = event.lang
    rememberLang(lang)
    document.documentElement.lang = lang
    this.#lang.setValue(lang)
    this.requestUpdate()
  }

  readonly #onName = (event: NameChangeEvent) => {
    this.#me.setValue(rememberName(event.name))
    this.requestUpdate()
  }

  override render() {
    const lang = this.#lang.value
    const route = this.#router.route
    return html`<a class="skip-link" href="#ficha-main" @click=${this.#skip}>${t(lang, 'app.skip')}</a>
      <ficha-app-header .lang=${lang} .me=${this.#me.value}></ficha-app-header>
      <main id="ficha-main" tabindex="-1">${this.#page(route, lang)}</main>`
  }

  #page(route: Route, lang: Lang) {
    switch (route.page) {
      case 'list':
        return html`<ficha-programme-list></ficha-programme-list>`
      case 'sheet':
        // A fresh page (and sync session) per sheet: never reuse one sheet's Y.Doc for another.
        return keyed(route.id, html`<ficha-sheet-page .programmeId=${route.id}></ficha-sheet-page>`)
      case 'not-found':
        return html`<h1>${t(lang, 'app.notFound.title')}</h1>
          <p>${t(lang, 'app.notFound.body')}</p>
          <p><a href="/">${t(lang, 'app.backToList')}</a></p>`
    }
  }

  // The skip link must not go through the router (its href is a fragment), only move focus.
  readonly #skip = (event: Event) => {
    event.preventDefault()
    this.querySelector<HTMLElement>('#ficha-main')?.focus()
  }

  protected override updated(): void {
    const route = this.#router.route
    if (this.#lastRoute !== null && this.#lastRoute !== route) {
      // After an in-app navigation, screen readers and keyboards start at the new page's heading.
      requestAnimationFrame(() => (this.querySelector<HTMLElement>('main h1') ?? this.querySelector<HTMLElement>('main'))?.focus())
      scrollTo(0, 0)
    }
    this.#lastRoute = route
  }
}
customElements.define('ficha-app', FichaApp)
