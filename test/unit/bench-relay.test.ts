import { describe, expect, it } from 'vitest'
import { Metrics } from '../../server/metrics.js'
import { parseRelayBuckets, relayBetween, relayQuantileMs, sumRelayBuckets } from '../bench/server-relay.js'

/** The relay histogram as the server renders it, after observing `ms` (milliseconds). */
function rendered(metrics: Metrics, ms: number[]) {
  for (const value of ms) metrics.updateRelayed(value / 1000)
  return parseRelayBuckets(metrics.render())!
}

describe("the bench's reading of the server's relay histogram", () => {
  it('reads the buckets the server renders, cumulative, +Inf last', () => {
    const buckets = rendered(new Metrics(), [0.05, 0.4, 0.4, 7])
    expect(buckets.at(-1)).toEqual({ le: Infinity, count: 4 })
    expect(buckets.find((b) => b.le === 0.0005)).toEqual({ le: 0.0005, count: 3 })
    expect(parseRelayBuckets('ficha_connections 1\n')).toBeNull()
  })

  it('interpolates a quantile within its bucket, counting only what was observed between two readings', () => {
    const metrics = new Metrics()
    const before = rendered(metrics, [50, 50, 50])
    // 100 updates between the readings: 50 in (0.3, 0.5] ms, 49 in (1, 1.5] ms, 1 in (5, 10] ms.
    const after = rendered(metrics, [...Array(50).fill(0.4), ...Array(49).fill(1.2), 8])
    // Rank 50 is the last of the (0.3, 0.5] bucket: its upper bound.
    expect(relayQuantileMs(before, after, 0.5)).toBeCloseTo(0.5, 9)
    // Rank 25 is halfway through it.
    expect(relayQuantileMs(before, after, 0.25)).toBeCloseTo(0.4, 9)
    // Rank 99 is the last of the (1, 1.5] bucket; the three 50 ms updates before the first reading do not count.
    expect(relayQuantileMs(before, after, 0.99)).toBeCloseTo(1.5, 9)
    expect(relayBetween(before, after)).toMatchObject({ updates: 100 })
  })

  it('answers the last finite bound past it, and nothing when nothing was observed', () => {
    const metrics = new Metrics()
    const before = rendered(metrics, [])
    const after = rendered(metrics, [5000, 5000])
    expect(relayQuantileMs(before, after, 0.5)).toBe(1000)
    expect(relayQuantileMs(after, after, 0.5)).toBeNull()
    expect(relayBetween(null, after)).toBeNull()
  })

  it('adds several processes\' histograms into one, and is nothing if one of them could not be read', () => {
    const a = rendered(new Metrics(), [0.4, 7])
    const b = rendered(new Metrics(), [0.4, 0.4, 20])
    const sum = sumRelayBuckets([a, b])!
    expect(sum.at(-1)).toEqual({ le: Infinity, count: 5 })
    expect(sum.find((x) => x.le === 0.0005)).toEqual({ le: 0.0005, count: 3 })
    expect(sumRelayBuckets([a, null])).toBeNull()
  })
})
