import { UI_LOCALES } from '../../shared/intl.js'

/** Interface languages. The sheet's own content stays in the language it was written in. */
export type Lang = 'es' | 'en'

export const LANGS: readonly Lang[] = ['es', 'en']

const STORAGE_KEY = 'ficha.lang'

/** The remembered choice, else the browser's language, else Spanish (the fund's working language). */
export function initialLang(): Lang {
  const saved = localStorage.getItem(STORAGE_KEY)
  if (saved === 'es' || saved === 'en') return saved
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'es'
}

export function rememberLang(lang: Lang): void {
  localStorage.setItem(STORAGE_KEY, lang)
}

/** BCP 47 locale for number and date formatting in `lang`. */
export function localeOf(lang: Lang): string {
  return UI_LOCALES[lang]
}
