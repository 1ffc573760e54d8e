import * as Y from 'yjs'

/**
 * An update that starts past what the document holds of some client: it builds on edits this
 * server has not received. A client sends one when it comes back with edits nobody received
 * (typed offline, or sent to a server process that died) and types on before the sync exchange
 * has carried those: its answer to our sync request brings everything, this one included.
 */
export class UpdateAhead extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UpdateAhead'
  }
}

/**
 * Checks an incoming update before it touches the document:
 * - it must decode completely (structs and delete set): Yjs integrates the structs before it
 *   reads the delete set, so a frame broken at its end would otherwise be half applied; throws;
 * - it must not start past what the document holds of any client: such structs would wait in the
 *   document for clocks that may never come. Throws {@link UpdateAhead}: the caller asks the
 *   client for what is missing rather than keeping the update waiting.
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array): void {
  const { structs } = Y.decodeUpdate(update)
  const seen = new Set<number>()
  for (const struct of structs) {
    const client = struct.id.client
    if (seen.has(client)) continue
    seen.add(client)
    const held = Y.getState(doc.store, client)
    if (struct.id.clock > held) throw new UpdateAhead(`update starts at clock ${struct.id.clock} of client ${client}, the document holds ${held}`)
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
