/**
 * Slows password guessing without handing anyone a way to lock others out.
 *
 * Two counters, both over `windowMs`:
 * - per (email, address): `maxPerAccount` failures lock that email for that address only. The
 *   owner of an account, signing in from their own address, is never locked out by a stranger's
 *   guesses; failures for an email nobody has lock nothing but that pair.
 * - per address: `maxPerAddress` failures, whatever the emails, lock the address: one machine
 *   cannot spray guesses over every account.
 * - per email: `maxPerEmail` failures from all addresses together (many machines guessing one
 *   password) lock that email, but not for the addresses it signed in from lately: the owner keeps
 *   working from their usual places while the crowd is held off.
 *
 * An attempt counts as a failure from the moment it starts (`begin`), and is withdrawn only if the
 * password was right: a burst of concurrent guesses is cut at the limit before any password is
 * checked, so a correct guess hidden among them past the limit never signs in.
 *
 * The table is bounded: past `maxKeys` keys the oldest are dropped first, so a flood of distinct
 * addresses costs a fixed amount of memory (and forgets only the coldest entries).
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>()
  /** Per email, the addresses it signed in from (newest last): written only with the right password, so nobody can flood it. */
  private readonly known = new Map<string, string[]>()

  constructor(
    private readonly options: { maxPerAccount?: number; maxPerAddress?: number; maxPerEmail?: number; windowMs?: number; maxKeys?: number; now?: () => number } = {},
  ) {}

  /**
   * Starts an attempt: either the milliseconds to wait (nothing counted), or the attempt, counted
   * as failed until `succeeded` withdraws it.
   */
  begin(email: string, address: string): { wait: number } | { attempt: LoginAttempt } {
    const now = this.now()
    const familiar = this.known.get(email)?.includes(address) ?? false
    const keys: Array<[string, number]> = [
      [`pair:${address}\n${email}`, this.options.maxPerAccount ?? 5],
      [`ip:${address}`, this.options.maxPerAddress ?? 20],
      [`email:${email}`, familiar ? Infinity : (this.options.maxPerEmail ?? 100)],
    ]
    let wait = 0
    for (const [key, max] of keys) {
      const recent = this.recent(key, now)
      if (recent.length >= max) wait = Math.max(wait, recent[recent.length - max]! + this.window - now)
    }
    if (wait > 0) return { wait }
    for (const [key] of keys) this.record(key, now)
    return { attempt: { email, address, keys: keys.map(([key]) => key), at: now } }
  }

  /** The password was right: the attempt is withdrawn and that pair starts afresh. */
  succeeded(attempt: LoginAttempt): void {
    const [pair, ...shared] = attempt.keys
    this.failures.delete(pair!)
    for (const key of shared) {
      const times = this.failures.get(key)
      const index = times?.lastIndexOf(attempt.at) ?? -1
      if (index >= 0) times!.splice(index, 1)
    }
    const places = (this.known.get(attempt.email) ?? []).filter((place) => place !== attempt.address)
    this.known.set(attempt.email, [...places.slice(-15), attempt.address])
  }

  /** Keys held (for tests of the bound). */
  get size(): number {
    return this.failures.size
  }

  private get window(): number {
    return this.options.windowMs ?? 15 * 60_000
  }

  private now(): number {
    return (this.options.now ?? Date.now)()
  }

  private record(key: string, now: number): void {
    const times = this.recent(key, now)
    times.push(now)
    // Re-inserting moves the key to the young end of the map's order.
    this.failures.delete(key)
    this.failures.set(key, times)
    const max = this.options.maxKeys ?? 100_000
    for (const oldest of this.failures.keys()) {
      if (this.failures.size <= max) break
      this.failures.delete(oldest)
    }
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((at) => at > now - this.window)
    if (kept.length === 0) this.failures.delete(key)
    else this.failures.set(key, kept)
    return kept
  }
}

export interface LoginAttempt {
  readonly email: string
  readonly address: string
  readonly keys: readonly string[]
  readonly at: number
}
