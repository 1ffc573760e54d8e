import { ContextConsumer } from '@lit/context'
import { LitElement, html } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import type { Awareness } from 'y-protocols/awareness'
import { focusLabel } from './focus-label.js'
import { initialsOf } from '../app/me.js'
import { langContext } from '../context.js'
import { t } from '../i18n/app-messages.js'
import type { Lang } from '../i18n/lang.js'
import { PresenceController, type Peer } from './presence-controller.js'

/**
 * The people on the sheet: an avatar per browser with the name and the field each is in, me
 * first and marked "you". Each item carries `data-presence-user="<name>"` for browser tests.
 */
export class PresenceBar extends LitElement {
  static override properties = {
    awareness: { attribute: false },
  }
  declare awareness: Awareness | null
  readonly #presence = new PresenceController(this)
  readonly #lang = new ContextConsumer(this, { context: langContext, subscribe: true })

  constructor() {
    super()
    this.awareness = null
  }

  override createRenderRoot() {
    return this
  }

  protected override willUpdate(): void {
    this.#presence.setAwareness(this.awareness)
  }

  override render() {
    const lang = this.#lang.value ?? 'en'
    return html`<ul aria-label=${t(lang, 'presence.label')}>
      ${repeat(this.#presence.peers, (peer) => peer.clientId, (peer) => this.#peer(peer, lang))}
    </ul>`
  }

  #peer(peer: Peer, lang: Lang) {
    const name = peer.name || t(lang, 'app.anonymous')
    const where = peer.focus ? t(lang, 'presence.in', { field: focusLabel(peer.focus, lang) }) : t(lang, 'presence.nowhere')
    const who = peer.isMe ? `${name} (${t(lang, 'presence.you')})` : name
    return html`<li data-presence-user=${peer.name} data-presence-me=${peer.isMe ? 'true' : 'false'} title=${`${who} — ${where}`}>
      <span class="avatar" style=${`background:${peer.color}`} aria-hidden="true">${initialsOf(name)}</span>
      <span class="who"><span>${who}</span><span class="where">${where}</span></span>
    </li>`
  }
}
customElements.define('ficha-presence-bar', PresenceBar)
