import type { SessionJson } from '../api/auth-api.js'
import type { Lang } from '../i18n/lang.js'

/** The person picked another interface language. */
export class LangChangeEvent extends Event {
  static readonly type = 'ficha-lang-change'
  constructor(readonly lang: Lang) {
    super(LangChangeEvent.type, { bubbles: true, composed: true })
  }
}

/** The person signed in (the sign-in page got the server's answer). */
export class SignedInEvent extends Event {
  static readonly type = 'ficha-signed-in'
  constructor(readonly session: SessionJson) {
    super(SignedInEvent.type, { bubbles: true, composed: true })
  }
}

/** The person asked to sign out; the shell ends the session. */
export class SignOutEvent extends Event {
  static readonly type = 'ficha-sign-out'
  constructor() {
    super(SignOutEvent.type, { bubbles: true, composed: true })
  }
}

/** The server no longer knows the person (401, or a socket closed with 4401): sign in again. */
export class SessionLostEvent extends Event {
  static readonly type = 'ficha-session-lost'
  constructor() {
    super(SessionLostEvent.type, { bubbles: true, composed: true })
  }
}

declare global {
  interface HTMLElementEventMap {
    'ficha-lang-change': LangChangeEvent
    'ficha-signed-in': SignedInEvent
    'ficha-sign-out': SignOutEvent
    'ficha-session-lost': SessionLostEvent
  }
}
