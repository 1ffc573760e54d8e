import * as Y from 'yjs'

/**
 * Checks an incoming update before it touches the document, and throws if it is not one this
 * document can take whole:
 * - it must decode completely (structs and delete set): Yjs integrates the structs before it
 *   reads the delete set, so a frame broken at its end would otherwise be half applied;
 * - it must not start past what the document holds of any client: such structs would wait in the
 *   document forever for clocks that never come. A client only ever builds on what it received
 *   from here, so only a broken or hostile client sends them.
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array): void {
  const { structs } = Y.decodeUpdate(update)
  const seen = new Set<number>()
  for (const struct of structs) {
    const client = struct.id.client
    if (seen.has(client)) continue
    seen.add(client)
    const held = Y.getState(doc.store, client)
    if (struct.id.clock > held) throw new Error(`update starts at clock ${struct.id.clock} of client ${client}, the document holds ${held}`)
  }
}

/**
 * After an update from a client: structs or deletions it left waiting for items the document does
 * not have can only come from a broken client (a client builds on what it received from here).
 * They are dropped rather than kept: kept, they would be written into every compacted state and
 * wait forever. Answers whether anything was dropped (the caller closes that connection).
 */
export function dropUnresolved(doc: Y.Doc, hadPending: boolean): boolean {
  if (hadPending || !hasUnresolved(doc)) return false
  doc.store.pendingStructs = null
  doc.store.pendingDs = null
  return true
}

/** Whether structs or deletions wait in the document for items it does not have. */
export function hasUnresolved(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null
}
