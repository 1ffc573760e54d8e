import { Duplex } from 'node:stream'
import type { WebSocket } from 'ws'

/**
 * A message for peers: its y-websocket bytes, and the WebSocket frame that carries them, built
 * once however many peers it goes to.
 *
 * Why frames are built here and not by ws: `WebSocket.send` frames the message again for every
 * receiver (a header buffer, a corked two-part write, a `writev`). Measured on this machine,
 * writing one prepared frame costs 1.1 µs less a receiver (6.1 against 7.4 µs, kernel included),
 * and a busy sheet sends each edit to nine receivers. ws provides `Sender.frame` for this very
 * use (a broadcast) but still answers header and payload apart.
 */
export class Outgoing {
  #frame: Buffer | null = null

  constructor(readonly bytes: Uint8Array) {}

  /** Bytes it occupies in a socket's send buffer. */
  get byteLength(): number {
    return headerLength(this.bytes.byteLength) + this.bytes.byteLength
  }

  /**
   * Writes the frame: final, binary, unmasked (server to client), RFC 6455 §5.2. Small messages
   * (every edit) as one buffer built on first use; large ones (a whole sheet's state) as header
   * and payload, rather than copying megabytes to put a few bytes in front of them.
   */
  writeTo(transport: Transport, done?: () => void): void {
    const length = this.bytes.byteLength
    if (length < COPY_LIMIT) {
      transport.write((this.#frame ??= frame(this.bytes)), done)
      return
    }
    // Corked: both parts leave in one system call, and nothing can come between them.
    transport.cork()
    transport.write(header(length))
    transport.write(this.bytes, done)
    transport.uncork()
  }
}

/** Payloads from this size on are written after their header instead of copied behind it. */
const COPY_LIMIT = 64 * 1024
const FIN_BINARY = 0x82

const headerLength = (length: number) => (length < 126 ? 2 : length < 0x10000 ? 4 : 10)

/** The whole frame, header and payload, in one buffer. */
function frame(payload: Uint8Array): Buffer {
  const out = header(payload.byteLength, payload.byteLength)
  out.set(payload, out.byteLength - payload.byteLength)
  return out
}

/** The header of a frame whose payload is `length` bytes, with `room` bytes left free after it. */
function header(length: number, room = 0): Buffer {
  const size = headerLength(length)
  const out = Buffer.allocUnsafe(size + room)
  out[0] = FIN_BINARY
  if (size === 2) {
    out[1] = length
  } else if (size === 4) {
    out[1] = 126
    out.writeUInt16BE(length, 2)
  } else {
    out[1] = 127
    // Lengths up to 2^53: the high word of the 64-bit length, then the low word.
    out.writeUInt32BE(Math.floor(length / 2 ** 32), 2)
    out.writeUInt32BE(length >>> 0, 6)
  }
  return out
}

/** The stream frames are written to: the upgraded TCP (or TLS) socket. */
export interface Transport {
  readonly writableLength: number
  write(chunk: Uint8Array, done?: (error?: Error | null) => void): boolean
  cork(): void
  uncork(): void
}

/**
 * The socket under a ws WebSocket, which ws keeps as `_socket` (the upgraded socket, set before
 * `open`). ws writes its own frames (close, pong) to the same socket in call order, and never
 * holds frames back itself without compression, which this server does not negotiate. Checked,
 * so that a ws release that changed this fails at the first connection instead of losing frames.
 */
export function transportOf(socket: WebSocket): Transport {
  const transport = (socket as unknown as { _socket?: unknown })._socket
  if (!(transport instanceof Duplex)) throw new Error('ws no longer exposes the socket under a WebSocket as _socket')
  return transport
}
