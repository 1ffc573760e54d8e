/**
 * `<ficha-sheet-editor .doc .awareness .lang .readOnly>`: the whole fact sheet, every section of
 * the schema in paper order beside a sticky table of contents. It owns the session (warnings and
 * presence stores) and publishes which field this person is in as the awareness `focus`.
 *
 * @example html`<ficha-sheet-editor .doc=${doc} .awareness=${awareness} .lang=${'es'} .readOnly=${false}></ficha-sheet-editor>`
 */
import { LitElement, html, nothing } from 'lit'
import type { PropertyValues } from 'lit'
import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { SHEET_SECTIONS } from '../../shared/sheet/schema.js'
import type { Lang } from '../i18n/lang.js'
import { t } from '../i18n/sheet-messages.js'
import { PresenceStore } from './presence-store.js'
import { renderSection } from './sheet-section.js'
import type { SheetSession } from './session.js'
import { agencyDatalist } from './value-field.js'
import { WarningsStore } from './warnings-store.js'
import { ReplacedValues } from './replaced-values.js'
import type { FollowUpStore } from '../follow-up/follow-up-store.js'
import './sheet-toc.js'
import '../styles/sheet.css'

export class FichaSheetEditor extends LitElement {
  static override properties = {
    doc: { attribute: false },
    awareness: { attribute: false },
    lang: { attribute: false },
    readOnly: { attribute: false },
    followUp: { attribute: false },
  }

  declare doc: Y.Doc | undefined
  declare awareness: Awareness | null | undefined
  declare lang: Lang
  declare readOnly: boolean
  /** Comment threads and period locks of the sheet page (none in a version view). */
  declare followUp: FollowUpStore | null | undefined

  private session: SheetSession | null = null

  constructor() {
    super()
    this.lang = 'es'
    this.readOnly = false
    this.addEventListener('focusin', this.onFocusIn)
    this.addEventListener('focusout', this.onFocusOut)
  }

  protected override createRenderRoot() {
    return this
  }

  override connectedCallback(): void {
    super.connectedCallback()
    // Coming back into the page after a disconnect: stores were destroyed, build them again.
    if (this.session === null && this.doc) this.requestUpdate()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.session?.presence.setFocus(null)
    this.dropSession()
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const doc = this.doc
    if (!doc) {
      this.dropSession()
      return
    }
    const previous = this.session
    const sameDoc = previous?.doc === doc
    const sameAwareness = previous?.awareness === (this.awareness ?? null)
    if (previous && sameDoc && sameAwareness && !changed.has('lang') && !changed.has('readOnly') && !changed.has('followUp')) return
    if (previous && !sameDoc) {
      previous.warnings.destroy()
      previous.replaced.destroy()
    }
    if (previous && !sameAwareness) {
      previous.presence.setFocus(null)
      previous.presence.destroy()
    }
    this.session = {
      doc,
      awareness: this.awareness ?? null,
      lang: this.lang,
      readOnly: this.readOnly,
      followUp: this.followUp ?? null,
      warnings: previous && sameDoc ? previous.warnings : new WarningsStore(doc),
      replaced: previous && sameDoc ? previous.replaced : new ReplacedValues(doc),
      presence: previous && sameAwareness ? previous.presence : new PresenceStore(this.awareness ?? null),
    }
  }

  private dropSession(): void {
    this.session?.warnings.destroy()
    this.session?.replaced.destroy()
    this.session?.presence.destroy()
    this.session = null
  }

  protected override render() {
    const session = this.session
    if (!session) return nothing
    return html`<div class="ficha-sheet ${session.readOnly ? 'ficha-sheet--readonly' : ''}">
      <ficha-sheet-toc class="ficha-sheet__toc" .lang=${session.lang} .followUp=${session.followUp ?? null}></ficha-sheet-toc>
      <article class="ficha-sheet__body" aria-label=${t(session.lang, 'editor.label')}>
        ${SHEET_SECTIONS.map((section) => renderSection(section, session))}
      </article>
      ${agencyDatalist(session.lang)}
    </div>`
  }

  /** The field, cell or narrative holding focus, as presence ids; anything else in the editor is "no field". */
  private onFocusIn = (event: FocusEvent) => {
    const target = event.target instanceof Element ? event.target.closest('[data-focus-id]') : null
    this.session?.presence.setFocus(target?.getAttribute('data-focus-id') ?? null)
  }

  private onFocusOut = (event: FocusEvent) => {
    const next = event.relatedTarget
    if (next instanceof Node && this.contains(next)) return
    this.session?.presence.setFocus(null)
  }
}

customElements.define('ficha-sheet-editor', FichaSheetEditor)

declare global {
  interface HTMLElementTagNameMap {
    'ficha-sheet-editor': FichaSheetEditor
  }
}
