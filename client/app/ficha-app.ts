import { ContextProvider } from '@lit/context'
import { LitElement, html } from 'lit'
import { keyed } from 'lit/directives/keyed.js'
import '../account/account-page.js'
import '../account/signin-page.js'
import '../admin/admin-page.js'
import { fetchMe, signOut } from '../api/auth-api.js'
import { ApiClient, isNetworkError } from '../api/http.js'
import { apiContext, langContext, meContext, type Me } from '../context.js'
import { t } from '../i18n/app-messages.js'
import { initialLang, localeOf, rememberLang, type Lang } from '../i18n/lang.js'
import '../list/programme-list.js'
import './app-header.js'
import type { LangChangeEvent, SignedInEvent } from './app-events.js'
import { meOf, rememberedMe, rememberMe, rememberSignOut, signOutPending } from './me.js'
import { RouterController, navigate, nextAfterSignin, signinPath, type Route } from './router.js'
import { claimLocalCopies, forgetLocalCopies, unsentChanges } from '../sync/local-copies.js'
import './sheet-page.js'
import '../follow-up/me-page.js'
import '../versions/version-page.js'
import '../versions/compare-page.js'
import { confirmDialog } from './confirm-dialog.js'

/** Where the session stands: asked at start, then signed in or out. */
type Auth = { state: 'checking' } | { state: 'signed-out' } | { state: 'signed-in'; me: Me }

/**
 * The app shell: owns the interface language (remembered), the session (`GET /api/auth/me` at
 * start; the signed-in person and the API client provided to every component through context),
 * and shows the page of the current path. Without a session every path leads to sign-in, which
 * comes back to that path.
 */
export class FichaApp extends LitElement {
  static override properties = {
    auth: { state: true },
  }
  declare auth: Auth
  readonly #router = new RouterController(this)
  readonly #lang = new ContextProvider(this, { context: langContext, initialValue: initialLang() })
  readonly #me = new ContextProvider(this, { context: meContext })
  readonly #api = new ContextProvider(this, { context: apiContext, initialValue: new ApiClient({ onUnauthenticated: () => this.#sessionLost() }) })
  #lastRoute: Route | null = null

  constructor() {
    super()
    this.auth = { state: 'checking' }
  }

  override createRenderRoot() {
    return this
  }

  override connectedCallback(): void {
    super.connectedCallback()
    document.documentElement.lang = this.#lang.value
    this.addEventListener('ficha-lang-change', this.#onLang)
    this.addEventListener('ficha-signed-in', this.#onSignedIn)
    this.addEventListener('ficha-sign-out', this.#onSignOut)
    this.addEventListener('ficha-session-lost', this.#sessionLost)
    void this.#check()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.removeEventListener('ficha-lang-change', this.#onLang)
    this.removeEventListener('ficha-signed-in', this.#onSignedIn)
    this.removeEventListener('ficha-sign-out', this.#onSignOut)
    this.removeEventListener('ficha-session-lost', this.#sessionLost)
  }

  async #check(): Promise<void> {
    try {
      const session = await fetchMe(this.#api.value)
      if (!session) {
        rememberSignOut(false)
        this.#setAuth({ state: 'signed-out' })
      } else if (signOutPending()) {
        // Signed out offline: the server ends that session now, before anyone can use it.
        await signOut(this.#api.value)
        rememberSignOut(false)
        this.#setAuth({ state: 'signed-out' })
      } else {
        await this.#enter(meOf(session.user))
      }
    } catch (error) {
      // Offline (a mission without network): the last person of this browser keeps working on
      // what IndexedDB holds; the server checks the session when the connection returns.
      const remembered = isNetworkError(error) ? rememberedMe() : null
      if (remembered) await this.#enter(remembered)
      else this.#setAuth({ state: 'signed-out' })
    }
  }

  /** Signed in as `me`: the sheets kept in this browser must be theirs before any opens. */
  async #enter(me: Me): Promise<void> {
    await claimLocalCopies(me.id)
    this.#setAuth({ state: 'signed-in', me })
  }

  #setAuth(auth: Auth): void {
    this.auth = auth
    if (auth.state === 'signed-in') {
      rememberMe(auth.me)
      this.#me.setValue(auth.me)
    } else if (auth.state === 'signed-out') {
      rememberMe(null)
    }
  }

  readonly #onLang = (event: LangChangeEvent) => {
    const lang: Lang = event.lang
    rememberLang(lang)
    document.documentElement.lang = lang
    this.#lang.setValue(lang)
    this.requestUpdate()
  }

  readonly #onSignedIn = async (event: SignedInEvent) => {
    // Read now: once signed in, the shell may leave the sign-in page (and its `next`) first.
    const next = nextAfterSignin(location.search)
    // The cookie is now this new session's: an earlier offline sign-out must not end it.
    rememberSignOut(false)
    await this.#enter(meOf(event.session.user))
    navigate(next, { replace: true })
  }

  readonly #onSignOut = async () => {
    const unsent = unsentChanges()
    const lang = this.#lang.value
    if (unsent > 0 && !(await confirmDialog(lang, { message: t(lang, 'app.signOutUnsent', { n: unsent.toLocaleString(localeOf(lang)) }), confirm: t(lang, 'app.signOut'), danger: true }))) return
    try {
      await signOut(this.#api.value)
      rememberSignOut(false)
    } catch (error) {
      // Offline: this browser forgets the person now, and tells the server when it can (see signOutPending).
      if (isNetworkError(error)) rememberSignOut(true)
    }
    this.#setAuth({ state: 'signed-out' })
    navigate('/signin')
    // The sheets this browser kept go with the person (the open sheet's copy once its page closes).
    await forgetLocalCopies()
  }

  /** A 401 or a socket closed with 4401: the session is gone; sign in and come back here. */
  readonly #sessionLost = () => {
    if (this.auth.state === 'signed-out') return
    this.#setAuth({ state: 'signed-out' })
    navigate(signinPath(location.pathname + location.search), { replace: true })
  }

  protected override willUpdate(): void {
    const route = this.#router.route
    if (this.auth.state === 'signed-out' && route.page !== 'signin') navigate(signinPath(location.pathname + location.search), { replace: true })
    else if (this.auth.state === 'signed-in' && route.page === 'signin') navigate(nextAfterSignin(location.search), { replace: true })
  }

  override render() {
    const lang = this.#lang.value
    const route = this.#router.route
    const me = this.auth.state === 'signed-in' ? this.auth.me : null
    return html`<a class="skip-link" href="#ficha-main" @click=${this.#skip}>${t(lang, 'app.skip')}</a>
      <ficha-app-header .lang=${lang} .me=${me}></ficha-app-header>
      <main id="ficha-main" tabindex="-1">${this.#page(route, lang, me)}</main>`
  }

  #page(route: Route, lang: Lang, me: Me | null) {
    if (this.auth.state === 'checking') return html`<p class="muted" role="status">${t(lang, 'app.checking')}</p>`
    if (route.page === 'signin') return me ? html`` : html`<ficha-signin-page></ficha-signin-page>`
    if (!me) return html``
    switch (route.page) {
      case 'list':
        return html`<ficha-programme-list></ficha-programme-list>`
      case 'sheet':
        // A fresh page (and sync session) per sheet: never reuse one sheet's Y.Doc for another.
        return keyed(route.id, html`<ficha-sheet-page .programmeId=${route.id}></ficha-sheet-page>`)
      case 'version':
        return keyed(`${route.id}/${route.snapshotId}`, html`<ficha-version-page .programmeId=${route.id} .snapshotId=${route.snapshotId}></ficha-version-page>`)
      case 'compare':
        return keyed(`${route.id}/${route.from}/${route.to}`, html`<ficha-compare-page .programmeId=${route.id} .from=${route.from} .to=${route.to}></ficha-compare-page>`)
      case 'me':
        return html`<ficha-me-page></ficha-me-page>`
      case 'account':
        return html`<ficha-account-page></ficha-account-page>`
      case 'admin':
        return html`<ficha-admin-page></ficha-admin-page>`
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
