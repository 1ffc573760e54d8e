/**
 * The number of local changes a sheet has not yet seen confirmed by the server, remembered in
 * localStorage so that a reload while offline still says how much is waiting. The changes
 * themselves live in IndexedDB (y-indexeddb); this is only the counter shown to people.
 */
export class PendingChanges {
  readonly #key: string
  #count: number

  constructor(sheetId: string, private readonly storage: Storage = localStorage) {
    this.#key = `ficha.pending:${sheetId}`
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
