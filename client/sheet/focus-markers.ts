/**
 * `<ficha-focus-markers>`: the initials of the other people whose presence focus is this field,
 * in their colour, with their name as the title. Absolutely placed by sheet.css so that people
 * coming and going never move the field itself.
 */
import { LitElement, html, nothing } from 'lit'
import { StoreController } from './controllers/store-controller.js'
import type { SheetSession } from './session.js'
import { t } from '../i18n/sheet-messages.js'

/** Up to two initials of a display name ("Ana Pérez" → "AP"). */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const letters = words.length > 1 ? [words[0]?.[0], words[words.length - 1]?.[0]] : [name.trim().slice(0, 2)]
  return letters.join('').toUpperCase() || '?'
}

export class FichaFocusMarkers extends LitElement {
  static override properties = {
    session: { attribute: false },
    focusId: { attribute: false },
  }

  declare session: SheetSession | undefined
  declare focusId: string

  constructor() {
    super()
    this.focusId = ''
    new StoreController(this, () => this.session?.presence)
  }

  protected override createRenderRoot() {
    return this
  }

  protected override render() {
    const session = this.session
    if (!session || !this.focusId) return nothing
    const users = session.presence.in(this.focusId)
    if (users.length === 0) return nothing
    return html`${users.map((user) => html`<span class="ficha-focus-marker" data-focus-user=${user.name}
      title=${user.name} style="--marker-color:${user.color}"
      ><span aria-hidden="true">${initialsOf(user.name)}</span><span class="ficha-visually-hidden"
      >${t(session.lang, 'presence.in', { name: user.name })}</span></span>`)}`
  }
}

customElements.define('ficha-focus-markers', FichaFocusMarkers)
