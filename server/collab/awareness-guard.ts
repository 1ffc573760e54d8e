import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/**
 * What one connection may say about presence. Awareness is relayed to every peer of the sheet, so
 * unchecked it lets anyone, a read-only viewer included, rename someone else's cursor or push
 * megabytes to everyone. A presence state is a name, a colour and a cursor: well under 1 KiB. The
 * limits leave wide margins for a person typing with the cursor moving on every key.
 */
export const AWARENESS_LIMITS = {
  /** Largest awareness message (bytes); larger closes the connection with 4413. */
  maxBytes: 16 * 1024,
  /** Token bucket per connection: `burst` messages at once, refilled at `perSecond`; empty closes with 4429. */
  burst: 100,
  perSecond: 30,
  /** Presence entries one connection may own (y-websocket announces one: its document's clientID). */
  maxClients: 4,
} as const

/** A token bucket of awareness messages for one connection. */
export class AwarenessBudget {
  private tokens: number = AWARENESS_LIMITS.burst
  private last = performance.now()

  take(): boolean {
    const now = performance.now()
    this.tokens = Math.min(AWARENESS_LIMITS.burst, this.tokens + ((now - this.last) / 1000) * AWARENESS_LIMITS.perSecond)
    this.last = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}

/**
 * The entries of an awareness update that `sender` may set: clientIDs it owns, new ones (up to
 * {@link AWARENESS_LIMITS.maxClients}), and ones owned by a connection of the same person (a
 * reconnect whose old socket the server has not yet seen die). Answers the update itself when all
 * entries pass (the common case: no copy), a re-encoded update of the allowed ones, or null.
 */
export function ownAwarenessEntries<P extends { readonly awarenessClients: Set<number>; readonly access: { userId: string | null } }>(
  update: Uint8Array,
  sender: P,
  ownerOf: (clientId: number) => P | undefined,
): Uint8Array | null {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const allowed: Array<{ clientId: number; clock: number; state: string }> = []
  let claimed = sender.awarenessClients.size
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const state = decoding.readVarString(decoder)
    const owner = ownerOf(clientId)
    const ok = owner === sender || (owner === undefined ? claimed++ < AWARENESS_LIMITS.maxClients : owner.access.userId !== null && owner.access.userId === sender.access.userId)
    if (ok) allowed.push({ clientId, clock, state })
  }
  if (allowed.length === count) return update
  if (allowed.length === 0) return null
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, allowed.length)
  for (const entry of allowed) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, entry.state)
  }
  return encoding.toUint8Array(encoder)
}
