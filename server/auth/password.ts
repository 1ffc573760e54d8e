import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import type { ErrorReason } from '../../shared/errors.js'

// scrypt (memory-hard) with a per-user random salt. N = 2^15, r = 8 takes 32 MiB and ~60 ms here:
// cheap for one sign-in, ruinous for guessing at scale. The parameters are stored with the hash,
// so they can be raised later without invalidating existing passwords.
const PARAMS = { N: 2 ** 15, r: 8, p: 1 }
const KEY_BYTES = 32
const MAX_MEMORY = 64 * 1024 * 1024

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, { ...options, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  )
}

/** `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, PARAMS)
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/** Compares in constant time; false for any malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** A hash to verify against when the account does not exist, so that timing does not tell. */
export const DUMMY_HASH_PROMISE = hashPassword(randomBytes(16).toString('hex'))

/** Rules for a new password: long enough to resist guessing; no composition rules (NIST 800-63B). */
export function passwordProblem(password: unknown): PasswordProblem | null {
  if (typeof password !== 'string') return 'password.required'
  if (password.length < 10) return 'password.short'
  if (password.length > 256) return 'password.long'
  return null
}

/** A reason of the error catalog (shared/errors.ts), which says it in English and Spanish. */
export type PasswordProblem = Extract<ErrorReason, `password.${string}`>

/** A random password for a generated account (printed once). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url')
}
