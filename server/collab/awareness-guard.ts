import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { CloseCode } from '../../shared/protocol.js'
import { CollabRefusal } from './types.js'

/**
 * What one connection may say about presence. Awareness is relayed to every peer of the sheet, so
 * unchecked it lets anyone, a read-only viewer included, rename or remove someone else's cursor or
 * push megabytes to everyone. A presence state is a name, a colour, a field and a cursor: well
 * under 1 KiB.
 *
 * Only the entries a connection may set count. y-websocket's provider sends back every awareness
 * change it hears, whoever made it (its update handler ignores the origin): in a busy room most of
 * what a legitimate client sends is others' entries, and on joining it sends back the whole room's
 * presence in one message. Those are dropped unread, free, so a cap on whole messages or on every
 * message would close people for the size and liveliness of their room.
 */
export const AWARENESS_LIMITS = {
  /** Largest state (bytes as sent) a connection may set; larger closes it with 4413. */
  maxStateBytes: 16 * 1024,
  /**
   * Token bucket per connection, of messages that set something: `burst` at once, refilled at
   * `perSecond`; empty closes with 4429. A cursor moves once a key or, dragging a selection, once
   * a frame (60 a second; a 120 Hz screen drains the burst after 5 s of dragging).
   */
  burst: 300,
  perSecond: 60,
  /** Presence entries one connection may own (y-websocket announces one: its awareness's clientID). */
  maxClients: 4,
} as const

/** A connection as far as its presence goes. */
export interface PresenceSender {
  /** The clientIDs it owns (its document keeps this set). */
  readonly awarenessClients: Set<number>
  readonly access: { readonly userId: string | null }
}

/** Who owns each presence entry of a document (the connection that set it, while it is open). */
export interface PresenceOwners<P extends PresenceSender> {
  awarenessOwner(clientId: number): P | undefined
}

const NULL_STATE = 'null'

/**
 * One connection's side of presence: which entries of its awareness messages it may set, their
 * size, and their rate. Refusals throw a {@link CollabRefusal} with the close code.
 */
export class AwarenessGuard {
  private tokens: number = AWARENESS_LIMITS.burst
  private refilledAt = performance.now()

  /**
   * The part of an awareness update that `sender` may apply: entries of clientIDs it owns, of
   * clientIDs nobody owns that it claims with a state (up to {@link AWARENESS_LIMITS.maxClients}),
   * and of clientIDs owned by another connection of the same person (a reconnect whose old socket
   * the server has not yet seen die). Answers the update itself when every entry passes (what a
   * client sends of its own state: no copy, and no state is decoded here), a copy with the ones
   * that pass, or null when none does (a provider sending back what it heard).
   */
  ownEntries<P extends PresenceSender>(update: Uint8Array, sender: P, owners: PresenceOwners<P>): Uint8Array | null {
    const passed = walkEntries(update, sender, owners, null)
    if (passed === 0) return null
    this.spend()
    if (passed === ALL) return update
    const copy = encoding.createEncoder()
    encoding.writeVarUint(copy, passed)
    walkEntries(update, sender, owners, copy)
    return encoding.toUint8Array(copy)
  }

  /** A request for everyone's presence: answered with all of it, so it is paid for as a message. */
  query(): void {
    this.spend()
  }

  private spend(): void {
    const now = performance.now()
    this.tokens = Math.min(AWARENESS_LIMITS.burst, this.tokens + ((now - this.refilledAt) / 1000) * AWARENESS_LIMITS.perSecond)
    this.refilledAt = now
    if (this.tokens < 1) throw new CollabRefusal(CloseCode.awarenessTooFrequent, 'presence messages too frequent')
    this.tokens -= 1
  }
}

type Verdict = 'drop' | 'own' | 'claim'

/** What {@link walkEntries} answers when every entry passes (a number: nothing built per message). */
const ALL = -1

/**
 * Reads an awareness update's entries without decoding their states; checks the size of those
 * that pass and, given `copy`, writes them there as they came (a state is a length-prefixed
 * string). Answers how many pass, or {@link ALL}.
 */
function walkEntries<P extends PresenceSender>(update: Uint8Array, sender: P, owners: PresenceOwners<P>, copy: encoding.Encoder | null): number {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  let passed = 0
  let claimed = sender.awarenessClients.size
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const bytes = decoding.readVarUint(decoder)
    const start = decoder.pos
    decoder.pos += bytes
    if (decoder.pos > update.length) throw new Error('awareness update cut short')
    const verdict = maySet(clientId, sender, owners, claimed, isNullState(update, start, bytes))
    if (verdict === 'drop') continue
    if (verdict === 'claim') claimed++
    if (bytes > AWARENESS_LIMITS.maxStateBytes) throw new CollabRefusal(CloseCode.awarenessTooLarge, 'presence state too large')
    passed++
    if (copy) {
      encoding.writeVarUint(copy, clientId)
      encoding.writeVarUint(copy, clock)
      encoding.writeVarUint8Array(copy, update.subarray(start, start + bytes))
    }
  }
  return passed === count && count > 0 ? ALL : passed
}

/**
 * Whether the entry of `clientId` passes. An unowned entry with a null state claims nothing: it is
 * a provider sending back the removal of someone who left, which must not make that clientID its
 * own (the one who left could not come back with it).
 */
function maySet<P extends PresenceSender>(clientId: number, sender: P, owners: PresenceOwners<P>, claimed: number, isNull: boolean): Verdict {
  const owner = owners.awarenessOwner(clientId)
  if (owner === sender) return 'own'
  if (owner === undefined) return !isNull && claimed < AWARENESS_LIMITS.maxClients ? 'claim' : 'drop'
  return owner.access.userId !== null && owner.access.userId === sender.access.userId ? 'own' : 'drop'
}

/** Whether the state of `bytes` bytes from `start` is `null` (how a removal is sent). */
function isNullState(update: Uint8Array, start: number, bytes: number): boolean {
  if (bytes !== NULL_STATE.length) return false
  for (let i = 0; i < bytes; i++) if (update[start + i] !== NULL_STATE.charCodeAt(i)) return false
  return true
}
