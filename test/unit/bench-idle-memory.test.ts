import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { idleMemory } from '../bench/cold.js'
import type { Target } from '../bench/servers.js'

/** Sets of idle sheets of two waves each, a server whose RSS readings are `readings` (KiB), in order. */
function measure(readings: number[], log: string[]) {
  const sets = [0, 1].map((set) => Array.from({ length: 20 }, (_, i) => `S${set}-${i}`))
  const target = { pid: 1, collectGarbage: async () => {} } as unknown as Target
  const open = async () => ({ doc: new Y.Doc(), provider: { destroy() {} } }) as never
  return idleMemory(target, sets, open, async () => {}, async () => readings.shift() ?? null, (line) => log.push(line))
}

describe('idle memory of the cold benchmark', () => {
  it('measures the next set of sheets from where RSS fell, with the sheets opened so far left open', async () => {
    const log: string[] = []
    const result = await measure([150_000, 140_000, 140_000, 140_500], log)
    expect(result.kbPerSheet).toBe(50)
    expect(result.measured).toHaveLength(10)
    expect(result.measured[0]).toBe('S1-10')
    expect(result.open).toHaveLength(40)
    expect(log).toEqual([expect.stringContaining('set 1 of 2 not counted: RSS fell from 150000 to 140000 KiB')])
  }, 20_000)

  it('is no measurement when RSS fell in every set', async () => {
    await expect(measure([150_000, 140_000, 140_000, 139_000], [])).rejects.toThrow(/in each of 2 sets: the last time, RSS fell from 140000 to 139000 KiB/)
  }, 20_000)
})
