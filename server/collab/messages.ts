import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { MessageType } from '../../shared/protocol.js'
import { Outgoing } from './outgoing.js'

/** Encoders for the messages the server sends; each is built (and framed) once for all its recipients. */

const outgoing = (encoder: encoding.Encoder) => new Outgoing(encoding.toUint8Array(encoder))

export function syncStep1Message(doc: Y.Doc): Outgoing {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.sync)
  syncProtocol.writeSyncStep1(encoder, doc)
  return outgoing(encoder)
}

export function syncStep2Message(doc: Y.Doc, stateVector: Uint8Array): Outgoing {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.sync)
  syncProtocol.writeSyncStep2(encoder, doc, stateVector)
  return outgoing(encoder)
}

/** A sync step 2 carrying an encoded update as it is, such as a stored state (no document needed). */
export function syncStep2FromUpdate(update: Uint8Array): Outgoing {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.sync)
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2)
  encoding.writeVarUint8Array(encoder, update)
  return outgoing(encoder)
}

export function updateMessage(update: Uint8Array): Outgoing {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.sync)
  syncProtocol.writeUpdate(encoder, update)
  return outgoing(encoder)
}

export function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Outgoing {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.awareness)
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients))
  return outgoing(encoder)
}

/** A decoded client frame. Decoding is separate from handling so a malformed frame is caught before it touches the document. */
export type ClientMessage =
  | { kind: 'sync-step-1'; stateVector: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' }

/** Decodes one frame; throws on anything that is not a y-websocket client message. */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(frame)
  const type = decoding.readVarUint(decoder)
  switch (type) {
    case MessageType.sync: {
      const step = decoding.readVarUint(decoder)
      const payload = decoding.readVarUint8Array(decoder)
      if (step === syncProtocol.messageYjsSyncStep1) return { kind: 'sync-step-1', stateVector: payload }
      // Step 2 (a reply to our step 1) and plain updates carry the same thing: an update to apply.
      if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) return { kind: 'update', update: payload }
      throw new Error(`unknown sync step ${step}`)
    }
    case MessageType.awareness:
      return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) }
    case MessageType.queryAwareness:
      return { kind: 'query-awareness' }
    default:
      throw new Error(`unknown message type ${type}`)
  }
}
