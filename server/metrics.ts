/**
 * Server metrics in Prometheus text format. A small collector of our own: a dozen series do not
 * justify a client library, and the exposition format is simple and stable.
 */

const STORE_BUCKETS_SECONDS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25]
/** Fine below a few milliseconds, where an idle server's relay time lies (see README, Performance). */
const RELAY_BUCKETS_SECONDS = [0.0001, 0.0002, 0.0003, 0.0005, 0.00075, 0.001, 0.0015, 0.002, 0.003, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]
const RATE_WINDOW_MS = 10_000

/** One series in the exposition: its HELP and TYPE lines, then its samples. */
function series(name: string, type: string, help: string, samples: string[]): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples]
}

/** A histogram with fixed upper bounds (seconds), rendered cumulatively as Prometheus expects. */
class Histogram {
  private readonly counts: number[]
  private count = 0
  private sum = 0

  constructor(
    private readonly name: string,
    private readonly help: string,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Array<number>(bounds.length).fill(0)
  }

  observe(seconds: number): void {
    this.count++
    this.sum += seconds
    const bucket = this.bounds.findIndex((le) => seconds <= le)
    if (bucket >= 0) this.counts[bucket]!++
  }

  render(): string[] {
    let cumulative = 0
    return series(this.name, 'histogram', this.help, [
      ...this.bounds.map((le, i) => `${this.name}_bucket{le="${le}"} ${(cumulative += this.counts[i]!)}`),
      `${this.name}_bucket{le="+Inf"} ${this.count}`,
      `${this.name}_sum ${this.sum}`,
      `${this.name}_count ${this.count}`,
    ])
  }
}

export class Metrics {
  connections = 0
  documentsLoaded = 0
  /** Loaded documents whose Y.Doc is freed until they are used again (counted at each rest). */
  documentsAsleep = 0
  documentWakes = 0
  updatesApplied = 0
  updateBytes = 0
  storeFailures = 0
  loadFailures = 0
  private readonly closes = new Map<number, number>()
  private readonly store = new Histogram('ficha_store_duration_seconds', 'Time to commit one update to storage.', STORE_BUCKETS_SECONDS)
  private readonly relay = new Histogram(
    'ficha_update_relay_seconds',
    "A client's update in the server: from taking up its frame to the end of its broadcast (applied, stored, sent to every peer).",
    RELAY_BUCKETS_SECONDS,
  )
  /** Update counts per second of the last window, for a rate readable without PromQL. */
  private readonly recent: { second: number; count: number }[] = []

  constructor(private readonly now: () => number = Date.now) {}

  connectionOpened(): void {
    this.connections++
  }

  connectionClosed(code: number): void {
    this.connections--
    this.closes.set(code, (this.closes.get(code) ?? 0) + 1)
  }

  /** An update was committed to storage in `seconds`. */
  updateStored(seconds: number, bytes: number): void {
    this.updatesApplied++
    this.updateBytes += bytes
    this.store.observe(seconds)
    const second = Math.floor(this.now() / 1000)
    const last = this.recent.at(-1)
    if (last?.second === second) last.count++
    else this.recent.push({ second, count: 1 })
    while (this.recent.length > 0 && this.recent[0]!.second <= second - RATE_WINDOW_MS / 1000) this.recent.shift()
  }

  /** A client's update was sent to every peer, `seconds` after its frame was taken up. */
  updateRelayed(seconds: number): void {
    this.relay.observe(seconds)
  }

  /** Updates per second over the last 10 s. */
  updatesPerSecond(): number {
    const since = Math.floor(this.now() / 1000) - RATE_WINDOW_MS / 1000
    const count = this.recent.filter((r) => r.second > since).reduce((sum, r) => sum + r.count, 0)
    return count / (RATE_WINDOW_MS / 1000)
  }

  /** The Prometheus text exposition (version 0.0.4). */
  render(): string {
    const lines: string[] = []
    const add = (name: string, type: string, help: string, samples: string[]) => lines.push(...series(name, type, help, samples))
    add('ficha_connections', 'gauge', 'Open sync connections.', [`ficha_connections ${this.connections}`])
    add('ficha_documents_loaded', 'gauge', 'Documents loaded in memory.', [`ficha_documents_loaded ${this.documentsLoaded}`])
    add('ficha_documents_asleep', 'gauge', 'Loaded documents asleep (Y.Doc freed until used again).', [`ficha_documents_asleep ${this.documentsAsleep}`])
    add('ficha_document_wakes_total', 'counter', 'Sleeping documents rebuilt from the store because they were used.', [`ficha_document_wakes_total ${this.documentWakes}`])
    add('ficha_updates_total', 'counter', 'Document updates stored and broadcast.', [`ficha_updates_total ${this.updatesApplied}`])
    add('ficha_update_bytes_total', 'counter', 'Bytes of document updates stored.', [`ficha_update_bytes_total ${this.updateBytes}`])
    add('ficha_updates_per_second', 'gauge', 'Updates stored per second over the last 10 s.', [
      `ficha_updates_per_second ${this.updatesPerSecond()}`,
    ])
    add('ficha_store_failures_total', 'counter', 'Updates that could not be stored.', [`ficha_store_failures_total ${this.storeFailures}`])
    add('ficha_load_failures_total', 'counter', 'Documents that failed to load.', [`ficha_load_failures_total ${this.loadFailures}`])
    add(
      'ficha_connections_closed_total',
      'counter',
      'Closed sync connections by close code.',
      [...this.closes].map(([code, n]) => `ficha_connections_closed_total{code="${code}"} ${n}`),
    )
    lines.push(...this.store.render(), ...this.relay.render())
    return lines.join('\n') + '\n'
  }
}
