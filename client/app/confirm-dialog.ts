import { html, nothing, render } from 'lit'
import { t } from '../i18n/app-messages.js'
import type { Lang } from '../i18n/lang.js'

export interface ConfirmOptions {
  /** What will happen, as a question the person answers. */
  message: string
  /** The button that does it ("Restore", "Delete"): a verb, never "OK". */
  confirm: string
  title?: string
  /** A change that removes or overwrites: the button is styled as such. */
  danger?: boolean
}

/**
 * The app's own confirmation, instead of the browser's `confirm()`: a modal `<dialog>` in the
 * page's language and style, with the cancel button focused (Enter does not destroy by accident),
 * Escape and the backdrop cancelling. Answers whether the person confirmed.
 *
 * @example if (!(await confirmDialog(lang, { message: t(lang, 'members.removeConfirm', { name }), confirm: t(lang, 'members.remove'), danger: true }))) return
 */
export function confirmDialog(lang: Lang, options: ConfirmOptions): Promise<boolean> {
  const dialog = document.createElement('dialog')
  dialog.className = 'confirm-dialog'
  dialog.setAttribute('data-confirm-dialog', '')
  dialog.setAttribute('aria-labelledby', 'ficha-confirm-message')
  render(
    html`<form method="dialog">
      ${options.title ? html`<h2>${options.title}</h2>` : nothing}
      <p id="ficha-confirm-message">${options.message}</p>
      <div class="form-actions">
        <button value="cancel" data-confirm-cancel autofocus>${t(lang, 'dialog.cancel')}</button>
        <button value="confirm" class=${options.danger ? 'danger' : 'primary'} data-confirm-ok>${options.confirm}</button>
      </div>
    </form>`,
    dialog,
  )
  // A click on the backdrop lands on the dialog itself, outside its form.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close('cancel')
  })
  document.body.append(dialog)
  dialog.showModal()
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'confirm')
      dialog.remove()
    }, { once: true })
  })
}
