import type { Lang } from '../i18n/lang.js'

/** The person picked another interface language. */
export class LangChangeEvent extends Event {
  static readonly type = 'ficha-lang-change'
  constructor(readonly lang: Lang) {
    super(LangChangeEvent.type, { bubbles: true, composed: true })
  }
}

/** The person typed another name. */
export class NameChangeEvent extends Event {
  static readonly type = 'ficha-name-change'
  constructor(readonly name: string) {
    super(NameChangeEvent.type, { bubbles: true, composed: true })
  }
}

declare global {
  interface HTMLElementEventMap {
    'ficha-lang-change': LangChangeEvent
    'ficha-name-change': NameChangeEvent
  }
}
