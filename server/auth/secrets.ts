import { createHash, randomBytes, randomUUID } from 'node:crypto'

/** A new random secret for a cookie or a token (256 bits). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url')
}

/** What is stored of a secret: its sha256, so a copy of the database opens no session. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

export function newId(): string {
  return randomUUID()
}

/** API tokens carry a recognisable prefix, so a leaked one is easy to spot and scan for. */
export const TOKEN_PREFIX = 'ficha_'
