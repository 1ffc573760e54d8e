import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { Outgoing, transportOf } from '../../server/collab/outgoing.js'

/**
 * Payload lengths at every boundary of the frame header (7-bit, 16-bit and 64-bit lengths), on
 * both sides of the size from which header and payload are written apart.
 */
const LENGTHS = [0, 1, 125, 126, 127, 65_535, 65_536, 300_000]

const payload = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff)

describe('prepared frames written under ws', () => {
  let server: WebSocketServer | undefined
  afterEach(() => server?.close())

  it('reach an unmodified ws client as the same binary messages, in order, between frames ws writes itself', async () => {
    server = new WebSocketServer({ port: 0, perMessageDeflate: false })
    await new Promise((resolve) => server!.once('listening', resolve))
    server.on('connection', (socket) => {
      const transport = transportOf(socket)
      for (const length of LENGTHS) {
        const message = new Outgoing(payload(length))
        message.writeTo(transport)
        // The same message again: a broadcast writes it to every receiver.
        message.writeTo(transport)
        socket.send('between')
      }
      socket.close(4000, 'done')
    })
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`)
    const received: (Uint8Array | string)[] = []
    client.on('message', (data, isBinary) => received.push(isBinary ? new Uint8Array(data as Buffer) : String(data)))
    // A malformed frame fails the client at once (and its close would wait for a handshake).
    const closed = await new Promise<number>((resolve, reject) => {
      client.once('close', resolve)
      client.once('error', reject)
    })

    expect(closed).toBe(4000)
    expect(received).toEqual(LENGTHS.flatMap((length) => [payload(length), payload(length), 'between']))
  })

  it('counts the header in the bytes a message occupies', () => {
    expect(LENGTHS.map((length) => new Outgoing(payload(length)).byteLength)).toEqual([2, 3, 127, 130, 131, 65_539, 65_546, 300_010])
  })
})
