import { PendingChanges } from './pending-changes.js'

/**
 * What this browser keeps of sheets between visits: each sheet's copy in IndexedDB (y-indexeddb,
 * with the edits no server has confirmed yet) and the count of those edits. They belong to the
 * person signed in: on a shared computer (a monitoring mission's office) the next person must
 * neither read them nor send them to the server under their own name. Signing out forgets them.
 */
const DATABASE_PREFIX = 'ficha:'
/** Whose copies they are (a user id). */
const OWNER_KEY = 'ficha.copies-of'

/** The IndexedDB database that holds a sheet's copy. */
export function localCopyName(sheetId: string): string {
  return `${DATABASE_PREFIX}${sheetId}`
}

/** Edits made on this device that have not reached the server, over all sheets. */
export function unsentChanges(): number {
  return PendingChanges.total()
}

/**
 * Deletes every sheet's copy and the counts of unsent edits. A copy still open (a sheet page not
 * yet closed, another tab) is deleted as soon as it closes: the browser holds the request until then.
 */
export async function forgetLocalCopies(): Promise<void> {
  PendingChanges.forgetAll()
  localStorage.removeItem(OWNER_KEY)
  for (const { name } of await indexedDB.databases()) if (name?.startsWith(DATABASE_PREFIX)) indexedDB.deleteDatabase(name)
}

/**
 * Takes the copies for `userId`, forgetting them first if they are someone else's (the previous
 * person's session ended without signing out). Called before any sheet opens: a sheet opened after
 * the deletions were asked for waits for them, and starts from nothing.
 */
export async function claimLocalCopies(userId: string): Promise<void> {
  const owner = localStorage.getItem(OWNER_KEY)
  if (owner !== null && owner !== userId) await forgetLocalCopies()
  localStorage.setItem(OWNER_KEY, userId)
}
