const KEY_PREFIX = 'ficha.pending:'

/**
 * The number of local changes a sheet has not yet seen confirmed by the server, remembered in
 * localStorage so that a reload while offline still says how much is waiting. The changes
 * themselves live in IndexedDB (y-indexeddb); this is only the counter shown to people.
 */
export class PendingChanges {
  readonly #key: string
  #count: number

  /** Changes waiting on this device, over all sheets. */
  static total(storage: Storage = localStorage): number {
    return keysOf(storage).reduce((sum, key) => sum + (Number(storage.getItem(key)) || 0), 0)
  }

  /** Forgets every sheet's count (the changes themselves are deleted with the local copies). */
  static forgetAll(storage: Storage = localStorage): void {
    for (const key of keysOf(storage)) storage.removeItem(key)
  }

  constructor(sheetId: string, private readonly storage: Storage = localStorage) {
    this.#key = `${KEY_PREFIX}${sheetId}`
    const stored = Number(this.storage.getItem(this.#key))
    this.#count = Number.isSafeInteger(stored) && stored > 0 ? stored : 0
  }

  get count(): number {
    return this.#count
  }

  add(): void {
    this.#set(this.#count + 1)
  }

  clear(): void {
    this.#set(0)
  }

  #set(count: number): void {
    this.#count = count
    try {
      if (count === 0) this.storage.removeItem(this.#key)
      else this.storage.setItem(this.#key, String(count))
    } catch {
      // Storage full or denied (private mode): the count is only informative, the edits are safe in IndexedDB.
    }
  }
}

function keysOf(storage: Storage): string[] {
  const keys: string[] = []
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i)
    if (key?.startsWith(KEY_PREFIX)) keys.push(key)
  }
  return keys
}
