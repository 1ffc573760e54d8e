import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/protocol.js'
import { connectClient, openRawSocket, sameState, waitUntil, type Client } from '../support/clients.js'
import { registerProgramme } from '../support/programmes.js'
import { startTestServer } from '../support/server.js'

type Server = Awaited<ReturnType<typeof startTestServer>>

const MAX_MESSAGE_BYTES = 64 * 1024

describe('bad input closes only the connection that sent it', () => {
  let server: Server
  let a: Client
  let b: Client
  const edits = { n: 0 }

  /** Both well-behaved clients still exchange edits. */
  async function othersStillWork(): Promise<void> {
    const mark = `edit-${edits.n++}`
    a.doc.getArray<string>('log').push([mark])
    await waitUntil(() => b.doc.getArray<string>('log').toArray().includes(mark), `${mark} to reach b`)
    expect(sameState(a.doc, b.doc)).toBe(true)
  }

  beforeAll(async () => {
    server = await startTestServer({ env: { MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES), MAX_BUFFERED_BYTES: String(256 * 1024) } })
    await registerProgramme(server, 'BAD-INPUT')
    a = connectClient(server, 'BAD-INPUT')
    b = connectClient(server, 'BAD-INPUT')
    await Promise.all([a.synced(), b.synced()])
  })
  afterAll(async () => {
    a.destroy()
    b.destroy()
    await server.stop(true)
  })
  afterEach(() => othersStillWork())

  const frames: [string, string | Uint8Array][] = [
    ['a text frame', 'hello'],
    ['an unknown message type', new Uint8Array([7, 1, 2])],
    ['an unknown sync step', new Uint8Array([0, 9, 0])],
    ['a truncated update', new Uint8Array([0, 2, 200, 1, 5])],
    ['an update that is not a Yjs update', new Uint8Array([0, 2, 6, 255, 255, 255, 255, 255, 255])],
  ]
  for (const [what, frame] of frames) {
    it(`closes on ${what} with 4400`, async () => {
      const { socket, closed } = await openRawSocket(server.syncUrl, 'BAD-INPUT', server.token)
      socket.send(frame)
      expect((await closed).code).toBe(CloseCode.malformedMessage)
    })
  }

  it('closes on a message above the size cap with 1009', async () => {
    const { socket, closed } = await openRawSocket(server.syncUrl, 'BAD-INPUT', server.token)
    socket.send(new Uint8Array(MAX_MESSAGE_BYTES + 1))
    expect((await closed).code).toBe(CloseCode.messageTooBig)
  })

  it('accepts a message just under the cap', async () => {
    a.doc.getText('big').insert(0, 'x'.repeat(MAX_MESSAGE_BYTES - 1024))
    await waitUntil(() => b.doc.getText('big').length === MAX_MESSAGE_BYTES - 1024, 'the large edit to reach b')
  })

  it('closes a client that stops reading (4508) without stalling the others', async () => {
    const { socket } = await openRawSocket(server.syncUrl, 'BAD-INPUT', server.token)
    const raw = (socket as unknown as { _socket: { pause(): void } })._socket
    raw.pause()
    const before = server.logs.events('connection.closed').filter((l) => l.code === CloseCode.slowConsumer).length
    for (let i = 0; i < 200 && server.logs.events('connection.closed').filter((l) => l.code === CloseCode.slowConsumer).length === before; i++) {
      a.doc.getArray<string>('bulk').push(['y'.repeat(60 * 1024)])
      await new Promise((r) => setTimeout(r, 2))
    }
    await waitUntil(
      () => server.logs.events('connection.closed').filter((l) => l.code === CloseCode.slowConsumer).length === before + 1,
      'the stalled client to be closed',
    )
    socket.terminate()
  })
})
