import { html } from 'lit'
import { t } from '../i18n/app-messages.js'
import type { Lang } from '../i18n/lang.js'

/**
 * A required field says so before the person sends the form: an asterisk after its label (hidden
 * from screen readers, which announce the control's `required`), explained by the form's legend.
 */
export const requiredMark = html`<span class="required-mark" aria-hidden="true">*</span>`

/** "* obligatorio": once per form that marks fields. */
export function requiredLegend(lang: Lang) {
  return html`<p class="required-legend" aria-hidden="true">${requiredMark} ${t(lang, 'form.required')}</p>`
}
