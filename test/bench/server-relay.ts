/**
 * The server's own share of edit latency, read from Ficha's `ficha_update_relay_seconds`
 * histogram (from taking up an update's frame to the end of its broadcast): the driver's
 * latency minus this is the clients' and the network's share. The reference server has no such
 * series; its figure is left empty.
 */

const SERIES = 'ficha_update_relay_seconds_bucket'

/** Cumulative counts by upper bound (seconds), as the server renders them; `+Inf` last. */
export type RelayBuckets = { le: number; count: number }[]

/** The histogram's buckets in a Prometheus text exposition; null when it has none (another server). */
export function parseRelayBuckets(text: string): RelayBuckets | null {
  const buckets: RelayBuckets = []
  const line = new RegExp(`^${SERIES}\\{le="([^"]+)"\\} (\\d+)$`, 'gm')
  for (const [, le, count] of text.matchAll(line)) buckets.push({ le: le === '+Inf' ? Infinity : Number(le), count: Number(count) })
  return buckets.length > 0 ? buckets : null
}

/** Reads the histogram from a running Ficha server (`GET /api/metrics`, admin). */
export async function readRelayBuckets(url: string, token: string | null): Promise<RelayBuckets | null> {
  const response = await fetch(`${url}/api/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  if (!response.ok) return null
  return parseRelayBuckets(await response.text())
}

/** Several servers' histograms (the same bounds) as one; null if any could not be read. */
export function sumRelayBuckets(all: (RelayBuckets | null)[]): RelayBuckets | null {
  if (all.length === 0 || all.some((b) => b === null)) return null
  return all[0]!.map((bucket, i) => ({ le: bucket.le, count: all.reduce((sum, b) => sum + (b![i]?.count ?? 0), 0) }))
}

/**
 * The quantile `q` (0…1), in ms, of what was observed between two readings, interpolated
 * linearly within its bucket as Prometheus's `histogram_quantile` does; past the last finite
 * bound it answers that bound.
 */
export function relayQuantileMs(before: RelayBuckets, after: RelayBuckets, q: number): number | null {
  const counts = after.map((b, i) => ({ le: b.le, count: b.count - (before[i]?.count ?? 0) }))
  const total = counts.at(-1)?.count ?? 0
  if (total === 0) return null
  const rank = q * total
  let lower = 0
  let below = 0
  for (const { le, count } of counts) {
    if (count >= rank) {
      if (le === Infinity) return lower * 1000
      const within = count - below
      return (lower + (le - lower) * (within > 0 ? (rank - below) / within : 1)) * 1000
    }
    lower = le
    below = count
  }
  return lower * 1000
}

/** p50 and p99 (ms) and the number of updates counted between two readings. */
export function relayBetween(before: RelayBuckets | null, after: RelayBuckets | null): { p50: number; p99: number; updates: number } | null {
  if (!before || !after) return null
  const p50 = relayQuantileMs(before, after, 0.5)
  const p99 = relayQuantileMs(before, after, 0.99)
  if (p50 === null || p99 === null) return null
  return { p50, p99, updates: after.at(-1)!.count - (before.at(-1)?.count ?? 0) }
}
