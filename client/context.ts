import { createContext } from '@lit/context'
import type { Lang } from './i18n/lang.js'

/**
 * Every context key of the client, in one module. Components are rendered in light DOM (y-prosemirror
 * breaks inside shadow roots), and contexts travel through it as DOM events all the same.
 */

/** The interface language; changing it re-renders every consumer. */
export const langContext = createContext<Lang>(Symbol('ficha-lang'))

/** The person using this browser, as shown to others. */
export interface Me {
  name: string
  color: string
}
export const meContext = createContext<Me>(Symbol('ficha-me'))
