import type { Me } from '../context.js'

const NAME_KEY = 'ficha.name'

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

/** The person of this browser; the name is typed once and remembered (until accounts exist). */
export function initialMe(): Me {
  const name = localStorage.getItem(NAME_KEY) ?? ''
  return { name, color: colorOf(name) }
}

export function rememberName(name: string): Me {
  const trimmed = name.trim().slice(0, 60)
  if (trimmed === '') localStorage.removeItem(NAME_KEY)
  else localStorage.setItem(NAME_KEY, trimmed)
  return { name: trimmed, color: colorOf(trimmed) }
}

/** Up to two initials for an avatar. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const letters = words.length > 1 ? [words[0]!, words.at(-1)!] : words
  return letters.map((word) => [...word][0]!.toUpperCase()).join('') || '?'
}
