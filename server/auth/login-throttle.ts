/**
 * Slows guessing: after `maxFailures` failed sign-ins within `windowMs` for one account or one
 * address, further attempts are refused until the window passes (answered 429 with Retry-After).
 * Both keys count, so spreading guesses over many accounts from one address is throttled too.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>()

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until a new attempt is allowed for these keys, or 0. */
  retryAfter(keys: string[]): number {
    const now = this.now()
    let wait = 0
    for (const key of keys) {
      const recent = this.recent(key, now)
      if (recent.length >= this.maxFailures) wait = Math.max(wait, recent[0]! + this.windowMs - now)
    }
    return wait
  }

  fail(keys: string[]): void {
    const now = this.now()
    for (const key of keys) this.failures.set(key, [...this.recent(key, now), now])
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.failures.delete(key)
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((at) => at > now - this.windowMs)
    if (kept.length === 0) this.failures.delete(key)
    return kept
  }
}
