import { html } from 'lit'
import { t } from '../i18n/app-messages.js'
import type { Lang } from '../i18n/lang.js'

/**
 * A secret shown once (a new token, a generated password): read-only text to select, and a copy
 * button that says "Copied" when the clipboard took it.
 */
export function copySecret(secret: string, label: string, lang: Lang) {
  const copy = async (event: Event) => {
    const button = event.currentTarget as HTMLButtonElement
    try {
      await navigator.clipboard.writeText(secret)
    } catch {
      // No clipboard permission (plain http, an old browser): select the text for Ctrl+C instead.
      const input = button.parentElement?.querySelector('input')
      input?.select()
      return
    }
    button.textContent = t(lang, 'app.copied')
  }
  return html`<div class="secret" data-secret>
    <input type="text" readonly .value=${secret} aria-label=${label} spellcheck="false" @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
    <button type="button" data-copy @click=${copy}>${t(lang, 'app.copy')}</button>
  </div>`
}
