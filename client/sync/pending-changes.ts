const KEY_PREFIX = 'ficha.pending:'
/** Stands for changes counted before fields were remembered (a count stored by an older client). */
export const UNNAMED_CHANGES = '*'

/**
 * The sheet fields changed on this device that the server has not yet confirmed, remembered in
 * localStorage so that a reload while offline still says what is waiting. People recognise
 * "Presupuesto total, Resumen", not a number of keystrokes, so the set holds field ids as
 * `changedFields` names them (`budget.total`, `text:summary`, `list:finance/<row>/committed`).
 * The changes themselves live in IndexedDB (y-indexeddb); this is only what is shown to people.
 */
export class PendingChanges {
  readonly #key: string
  #fields: Set<string>

  /** Fields waiting on this device, over all sheets. */
  static total(storage: Storage = localStorage): number {
    return keysOf(storage).reduce((sum, key) => sum + read(storage.getItem(key)).size, 0)
  }

  /** Forgets every sheet's list (the changes themselves are deleted with the local copies). */
  static forgetAll(storage: Storage = localStorage): void {
    for (const key of keysOf(storage)) storage.removeItem(key)
  }

  constructor(sheetId: string, private readonly storage: Storage = localStorage) {
    this.#key = `${KEY_PREFIX}${sheetId}`
    this.#fields = read(this.storage.getItem(this.#key))
  }

  /** How many fields wait. */
  get count(): number {
    return this.#fields.size
  }

  /** The waiting field ids, in the order they were first changed. */
  get fields(): string[] {
    return [...this.#fields]
  }

  add(fields: readonly string[]): void {
    const before = this.#fields.size
    for (const field of fields) this.#fields.add(field)
    if (this.#fields.size !== before) this.#save()
  }

  clear(): void {
    this.#fields.clear()
    this.#save()
  }

  #save(): void {
    try {
      if (this.#fields.size === 0) this.storage.removeItem(this.#key)
      else this.storage.setItem(this.#key, JSON.stringify([...this.#fields]))
    } catch {
      // Storage full or denied (private mode): the list is only informative, the edits are safe in IndexedDB.
    }
  }
}

/** A stored list; an older client's count reads as unnamed changes; anything else as nothing. */
function read(stored: string | null): Set<string> {
  if (stored === null) return new Set()
  try {
    const value: unknown = JSON.parse(stored)
    if (Array.isArray(value)) return new Set(value.filter((v): v is string => typeof v === 'string').slice(0, 1000))
    if (typeof value === 'number' && value > 0) return new Set([UNNAMED_CHANGES])
  } catch {
    // Not JSON: written by something else; nothing to show.
  }
  return new Set()
}

function keysOf(storage: Storage): string[] {
  const keys: string[] = []
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i)
    if (key?.startsWith(KEY_PREFIX)) keys.push(key)
  }
  return keys
}
