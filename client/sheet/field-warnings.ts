/**
 * `<ficha-field-warnings>`: the warnings of one field, list or cell in the interface language,
 * placed beside it. The element carries the id that its input's `aria-describedby` names, so a
 * screen reader reads the warning with the field.
 */
import { LitElement, html, nothing } from 'lit'
import { warningMessage } from '../../shared/sheet/warning-messages.js'
import { StoreController } from './controllers/store-controller.js'
import type { SheetSession } from './session.js'
import { t } from '../i18n/sheet-messages.js'

export class FichaFieldWarnings extends LitElement {
  static override properties = {
    session: { attribute: false },
    field: { attribute: false },
  }

  declare session: SheetSession | undefined
  declare field: string

  constructor() {
    super()
    this.field = ''
    new StoreController(this, () => this.session?.warnings)
  }

  protected override createRenderRoot() {
    return this
  }

  protected override render() {
    const session = this.session
    if (!session || !this.field) return nothing
    const warnings = session.warnings.for(this.field)
    return html`${warnings.map((w) => html`<p class="ficha-warning" role="note" data-warning-for=${w.field}
      ><span class="ficha-warning__icon" aria-hidden="true">▲</span><span class="ficha-visually-hidden">${t(session.lang, 'warning.label')}: </span
      >${warningMessage(w, session.lang)}</p>`)}`
  }
}

customElements.define('ficha-field-warnings', FichaFieldWarnings)
