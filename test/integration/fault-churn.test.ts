import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectClient, waitUntil } from '../support/clients.js'
import { registerProgramme } from '../support/programmes.js'
import { startTestServer } from '../support/server.js'

type Server = Awaited<ReturnType<typeof startTestServer>>
const SHEETS = ['CHURN-1', 'CHURN-2', 'CHURN-3', 'CHURN-4', 'CHURN-5']

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

describe('500 connections opening and closing in bursts', () => {
  let server: Server
  beforeAll(async () => {
    server = await startTestServer({ env: { UNLOAD_DELAY_MS: '50' } })
    for (const sheet of SHEETS) await registerProgramme(server, sheet)
  })
  afterAll(() => server.stop(true))

  const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length

  async function burst(size: number, round: number): Promise<void> {
    const clients = Array.from({ length: size }, (_, i) => connectClient(server, SHEETS[i % SHEETS.length]!))
    await Promise.all(clients.map((c) => c.synced()))
    clients.forEach((c, i) => i % 7 === round % 7 && c.doc.getText('t').insert(0, `${round}.${i} `))
    await new Promise((r) => setTimeout(r, 20))
    for (const c of clients) c.destroy()
  }

  const settled = async () => {
    await waitUntil(() => server.registry.size === 0 && [...server.registry.peers()].length === 0, 'every document to unload', 10_000)
    await new Promise((r) => setTimeout(r, 100))
    gc()
    gc()
  }

  it('leaves no document, peer, timer or heap behind', async () => {
    await burst(50, 0)
    await settled()
    const heap0 = process.memoryUsage().heapUsed
    const timers0 = timers()
    const listeners0 = process.listenerCount('exit')
    for (let round = 1; round <= 9; round++) await burst(50, round)
    await settled()
    expect(server.registry.size).toBe(0)
    expect((server.registry as unknown as { unloadTimers: Map<string, unknown> }).unloadTimers.size).toBe(0)
    expect((server.registry as unknown as { loading: Map<string, unknown> }).loading.size).toBe(0)
    // Waited for: sockets still finishing their closing handshake hold a timer each for a moment
    // (on a loaded machine longer than `settled` waits); a leaked interval or timeout stays.
    await waitUntil(() => timers() <= timers0, `the timers to be back to the ${timers0} from before the churn`, 10_000)
    expect(process.listenerCount('exit')).toBeLessThanOrEqual(listeners0)
    // 450 more connections leave less than 8 MiB behind (one leaked document or socket each would be far more).
    expect(process.memoryUsage().heapUsed - heap0).toBeLessThan(8 * 2 ** 20)
    // And what they wrote is stored.
    const reader = connectClient(server, SHEETS[0]!)
    await reader.synced()
    expect(reader.doc.getText('t').length).toBeGreaterThan(0)
    reader.destroy()
  }, 60_000)
})
