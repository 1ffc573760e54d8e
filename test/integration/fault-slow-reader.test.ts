import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/protocol.js'
import { connectClient, openRawSocket, waitUntil, type Client } from '../support/clients.js'
import { registerProgramme } from '../support/programmes.js'
import { startTestServer } from '../support/server.js'

type Server = Awaited<ReturnType<typeof startTestServer>>
const SHEET = 'FAULT-SLOW'

describe('a client that never reads', () => {
  let server: Server
  let writer: Client
  let reader: Client

  beforeAll(async () => {
    server = await startTestServer({ env: { MAX_BUFFERED_BYTES: String(512 * 1024) } })
    await registerProgramme(server, SHEET)
    writer = connectClient(server, SHEET)
    reader = connectClient(server, SHEET)
    await Promise.all([writer.synced(), reader.synced()])
  })
  afterAll(async () => {
    writer.destroy()
    reader.destroy()
    await server.stop(true)
  })

  it('does not delay the others: edits keep arriving promptly until it is closed with 4508, and after', async () => {
    const stalled = await openRawSocket(server.syncUrl, SHEET, server.token)
    ;(stalled.socket as unknown as { _socket: { pause(): void } })._socket.pause()
    const sentAt = new Map<number, number>()
    const latencies: number[] = []
    reader.doc.getArray<number>('stamps').observe((event) => {
      for (const item of event.changes.added) for (const n of item.content.getContent() as number[]) latencies.push(performance.now() - sentAt.get(n)!)
    })
    // 16 KiB edits every 5 ms (~3 MiB/s): the stalled socket's buffer overflows within a second or two.
    let n = 0
    const timer = setInterval(() => {
      sentAt.set(n, performance.now())
      writer.doc.transact(() => {
        writer.doc.getArray<string>('bulk').push(['z'.repeat(16 * 1024)])
        writer.doc.getArray<number>('stamps').push([n++])
      })
    }, 5)
    // The stalled client cannot read its close frame: watch the server's side.
    const slowClosed = () => server.logs.events('connection.closed').some((l) => l.code === CloseCode.slowConsumer)
    await waitUntil(slowClosed, 'the stalled client to be closed with 4508', 20_000)
    await new Promise((r) => setTimeout(r, 300))
    clearInterval(timer)
    await waitUntil(() => reader.doc.getArray('stamps').length === n, 'every edit at the reader')
    stalled.socket.terminate()
    expect(slowClosed()).toBe(true)
    latencies.sort((x, y) => x - y)
    // Loopback on a shared CI machine: generous, but far below what waiting on the stalled socket would cost (forever).
    expect(latencies[Math.floor(latencies.length / 2)]!).toBeLessThan(100)
    expect(latencies.at(-1)!).toBeLessThan(1000)
  }, 40_000)
})
