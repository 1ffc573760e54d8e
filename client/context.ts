import { createContext } from '@lit/context'
import type { GlobalRole } from '../shared/roles.js'
import type { ApiClient } from './api/http.js'
import type { Lang } from './i18n/lang.js'

/**
 * Every context key of the client, in one module. Components are rendered in light DOM (y-prosemirror
 * breaks inside shadow roots), and contexts travel through it as DOM events all the same.
 */

/** The interface language; changing it re-renders every consumer. */
export const langContext = createContext<Lang>(Symbol('ficha-lang'))

/** The signed-in person, as shown to others (the colour is derived from the name). */
export interface Me {
  id: string
  name: string
  email: string
  /** Global role; null for people who only belong to programmes. */
  role: GlobalRole | null
  color: string
}
/** Provided by the shell once `GET /api/auth/me` answered; pages behind sign-in may rely on it. */
export const meContext = createContext<Me>(Symbol('ficha-me'))

/** The API client of this session (CSRF token, sign-in on a lost session). */
export const apiContext = createContext<ApiClient>(Symbol('ficha-api'))
