import type { UserJson } from '../api/auth-api.js'
import type { Me } from '../context.js'

const ME_KEY = 'ficha.me'
const SIGN_OUT_KEY = 'ficha.sign-out-pending'

/**
 * A stable colour for a name, so that a person keeps their colour across sessions and browsers.
 * Hex, because y-prosemirror appends an alpha suffix (`${color}70`) for remote selections. Mid
 * lightness keeps white initials readable on it.
 */
export function colorOf(name: string): string {
  let hash = 0
  for (const char of name.trim().toLowerCase()) hash = (Math.imul(hash, 31) + char.codePointAt(0)!) | 0
  const hue = ((hash % 360) + 360) % 360
  return hslToHex(hue, 0.55, 0.4)
}

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l)
  const channel = (n: number) => {
    const k = (n + h / 30) % 12
    const value = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))
    return Math.round(value * 255).toString(16).padStart(2, '0')
  }
  return `#${channel(0)}${channel(8)}${channel(4)}`
}

/** The signed-in account as the client shows it. */
export function meOf(user: Pick<UserJson, 'id' | 'name' | 'email' | 'role'>): Me {
  return { id: user.id, name: user.name, email: user.email, role: user.role, color: colorOf(user.name) }
}

/**
 * The last signed-in person of this browser, so that a sheet reopens offline (the server cannot
 * be asked). Holds no secret: the session cookie stays HttpOnly and the server checks it on return.
 */
export function rememberedMe(): Me | null {
  try {
    const saved = JSON.parse(localStorage.getItem(ME_KEY) ?? 'null') as Partial<Me> | null
    if (!saved || typeof saved.id !== 'string' || typeof saved.name !== 'string' || typeof saved.email !== 'string') return null
    return meOf({ id: saved.id, name: saved.name, email: saved.email, role: saved.role === 'admin' || saved.role === 'secretariat' ? saved.role : null })
  } catch {
    return null
  }
}

export function rememberMe(me: Me | null): void {
  if (me) localStorage.setItem(ME_KEY, JSON.stringify({ id: me.id, name: me.name, email: me.email, role: me.role }))
  else localStorage.removeItem(ME_KEY)
}

/**
 * A sign-out the server has not heard of, made offline: the session cookie (HttpOnly, out of the
 * page's reach) stays valid until the server is told, which the app does first when it starts.
 */
export function signOutPending(): boolean {
  return localStorage.getItem(SIGN_OUT_KEY) !== null
}

export function rememberSignOut(pending: boolean): void {
  if (pending) localStorage.setItem(SIGN_OUT_KEY, '1')
  else localStorage.removeItem(SIGN_OUT_KEY)
}

/** Up to two initials for an avatar. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const letters = words.length > 1 ? [words[0]!, words.at(-1)!] : words
  return letters.map((word) => [...word][0]!.toUpperCase()).join('') || '?'
}
