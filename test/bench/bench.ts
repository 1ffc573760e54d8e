/** The benchmark's workloads and how one is run against one target. */
import { cpus, loadavg, totalmem } from 'node:os'
import { performance } from 'node:perf_hooks'
import type { EditorSpec } from './protocol.js'
import { Pool } from './pool.js'
import { relayBetween } from './server-relay.js'
import { processCpuMs, processMemoryKb, type Target } from './servers.js'

export interface Steady {
  name: string
  sheets: number
  editorsPerSheet: number
  /** Edits per second per editor. */
  rate: number
  warmupS: number
  measureS: number
}

export interface RampSpec {
  name: 'ramp'
  sheets: number
  editorsPerSheet: number
  startRate: number
  stepS: number
  maxSteps: number
  /** Steps spent narrowing down between the last sustained rate and the first that was not. */
  refineSteps: number
}

export const WORKLOADS = {
  mission: { name: 'mission', sheets: 20, editorsPerSheet: 10, rate: 1, warmupS: 5, measureS: 30 },
  busy: { name: 'busy', sheets: 50, editorsPerSheet: 10, rate: 4, warmupS: 5, measureS: 20 },
  hot: { name: 'hot', sheets: 1, editorsPerSheet: 50, rate: 2, warmupS: 5, measureS: 30 },
} satisfies Record<string, Steady>

export const RAMP: RampSpec = { name: 'ramp', sheets: 20, editorsPerSheet: 10, startRate: 1, stepS: 6, maxSteps: 8, refineSteps: 3 }

/** `--quick`: the same shapes, small and short (CI smoke: nothing lost, everything converges). */
export const QUICK = {
  mission: { name: 'mission', sheets: 4, editorsPerSheet: 5, rate: 2, warmupS: 1, measureS: 4 },
  busy: { name: 'busy', sheets: 5, editorsPerSheet: 5, rate: 4, warmupS: 1, measureS: 4 },
  hot: { name: 'hot', sheets: 1, editorsPerSheet: 12, rate: 2, warmupS: 1, measureS: 4 },
} satisfies Record<string, Steady>
export const QUICK_RAMP: RampSpec = { name: 'ramp', sheets: 4, editorsPerSheet: 5, startRate: 2, stepS: 2, maxSteps: 3, refineSteps: 1 }

export interface LatencySummary {
  p50: number
  p90: number
  p99: number
  max: number
  samples: number
}

export interface RunResult {
  workload: string
  target: string
  connections: number
  /** Aggregate edits per second asked for and achieved over the measured window. */
  targetRate: number
  editsPerSecond: number
  edits: number
  latencyMs: LatencySummary
  /** Of those, the deliveries from an editor on one server process to an editor on another (`--cluster` ≥ 2); null when none crossed (one process, `--by-sheet`). */
  crossProcessLatencyMs: LatencySummary | null
  expected: number
  observed: number
  lost: number
  converged: boolean
  /** Sheets whose fresh-client state equals the editors' state. */
  serverConverged: boolean
  serverCpuUsPerEdit: number | null
  serverCpuPercent: number | null
  /** The server's own share of the latency (Ficha's relay histogram, bucket-interpolated); null for the reference server. */
  serverRelayMs: { p50: number; p99: number; updates: number } | null
  serverPeakRssMb: number | null
  driverCpuPercent: number
  /** Worker processes the driver's editors were spread over. */
  driverProcesses: number
  measuredSeconds: number
  drainMs: number
}

export function machine(): Record<string, unknown> {
  const c = cpus()
  return { cpu: c[0]?.model, cores: c.length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform} ${process.arch}`, loadavg: loadavg() }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

export function summarise(latencies: number[]): LatencySummary {
  const sorted = Array.from(Float64Array.from(latencies).sort())
  return {
    p50: round(percentile(sorted, 50), 2),
    p90: round(percentile(sorted, 90), 2),
    p99: round(percentile(sorted, 99), 2),
    max: round(sorted.at(-1) ?? NaN, 2),
    samples: sorted.length,
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** CPU time of the server under test: every process of a cluster together. */
function serverCpuMs(target: Target): number | null {
  const times = (target.pids ?? [target.pid]).map(processCpuMs)
  return times.some((t) => t === null) ? null : times.reduce((n, t) => n! + t!, 0)
}

/** How the driver runs: its worker processes, and how editors are placed on a cluster's processes. */
export interface Driver {
  /** Worker processes; null: as many as the workload's shape needs (see {@link workersFor}). */
  workers: number | null
  /**
   * false: the editors of one sheet spread over the server processes in turn, so most pairs of
   * editors are on different processes (every process holds every sheet). true: all the editors of
   * a sheet on one process, sheet after sheet in turn, as a proxy routing by sheet id places them.
   */
  bySheet: boolean
}

function editorsFor(shape: { sheets: number; editorsPerSheet: number }, prefix: string, bySheet: boolean): { sheets: string[]; editors: EditorSpec[] } {
  const sheets = Array.from({ length: shape.sheets }, (_, i) => `${prefix}-${String(i + 1).padStart(3, '0')}`)
  const editors: EditorSpec[] = []
  for (const [s, sheet] of sheets.entries()) for (let e = 0; e < shape.editorsPerSheet; e++) editors.push({ key: `${sheet}/${e}`, sheet, endpoint: bySheet ? s : e })
  return { sheets, editors }
}

/**
 * A worker process applies each edit once for every editor of that sheet it hosts, one after the
 * other: the last of them sees it that much later. Past about a dozen, that queue is the driver's
 * latency, not the server's (`hot`, 50 editors of one sheet, measured p99 ~20 ms in 2 processes
 * and ~8 ms in 4, on either server). More processes than needed cost the server batching on a
 * 2-core machine, so sheets of 10 editors keep 2.
 */
const EDITORS_OF_A_SHEET_PER_PROCESS = 13

export function workersFor(shape: { editorsPerSheet: number }): number {
  return Math.max(2, Math.ceil(shape.editorsPerSheet / EDITORS_OF_A_SHEET_PER_PROCESS))
}

/** A started session of one shape on one target: sheets created, providers connected and synced. */
export class Session {
  private sent: Record<string, number> = {}
  private constructor(
    readonly target: Target,
    readonly pool: Pool,
    readonly sheets: string[],
    readonly editors: EditorSpec[],
    /** How results name the target: its label, and the placement when by sheet. */
    readonly label: string,
  ) {}

  static async open(target: Target, shape: { name: string; sheets: number; editorsPerSheet: number }, driver: Driver): Promise<Session> {
    const { sheets, editors } = editorsFor(shape, `B${shape.name.toUpperCase()}${Date.now().toString(36).slice(-4)}`, driver.bySheet)
    await target.createSheets(sheets)
    const pool = Pool.start(Math.min(driver.workers ?? workersFor(shape), editors.length), process.env.BENCH_WORKER_PROFILE_DIR)
    try {
      await pool.init(target.syncBases ?? [target.syncBase], target.token, editors)
    } catch (error) {
      await pool.stop()
      throw error
    }
    const label = target.label ?? target.kind
    return new Session(target, pool, sheets, editors, driver.bySheet && target.syncBases && target.syncBases.length > 1 ? `${label} by sheet` : label)
  }

  private driverCpuMs(): number {
    const own = process.cpuUsage()
    return (own.user + own.system) / 1000 + this.pool.pids.reduce((n, pid) => n + (processCpuMs(pid) ?? 0), 0)
  }

  /**
   * Edits at `rate` per editor: `warmupS` unmeasured, then `measureS` measured; stops, drains
   * (waits until every edit reached every other editor, or `drainTimeoutMs`), and checks.
   */
  async measure(workload: string, rate: number, warmupS: number, measureS: number, drainTimeoutMs = 20_000): Promise<RunResult> {
    const { pool, target } = this
    pool.broadcast({ type: 'run', rate })
    await sleep(warmupS * 1000)
    const relay0 = (await target.relayBuckets?.()) ?? null
    pool.broadcast({ type: 'reset' })
    pool.broadcast({ type: 'measure', on: true })
    const cpu0 = serverCpuMs(target)
    const driver0 = this.driverCpuMs()
    const t0 = performance.now()
    await sleep(measureS * 1000)
    const stopped = await pool.all({ type: 'stop' }, 'stopped')
    const t1 = performance.now()
    for (const s of stopped) Object.assign(this.sent, s.sent)
    const edits = stopped.reduce((n, s) => n + s.measuredSent, 0)

    // Drain: every edit ever sent must be visible in every other editor of its sheet.
    const drainStart = performance.now()
    let counts = await this.count(false)
    while (counts.lost > 0 && performance.now() - drainStart < drainTimeoutMs) {
      await sleep(100)
      counts = await this.count(false)
    }
    const drainMs = performance.now() - drainStart
    const cpu1 = serverCpuMs(target)
    const driver1 = this.driverCpuMs()
    const tEnd = performance.now()
    const relay = relayBetween(relay0, (await target.relayBuckets?.()) ?? null)
    const final = await this.count(true)
    pool.broadcast({ type: 'measure', on: false })

    // Convergence: every editor of a sheet holds the same state, and a fresh client gets it from the server.
    const bySheet = new Map<string, Set<string>>()
    for (const e of final.reports) {
      const set = bySheet.get(e.sheet) ?? new Set<string>()
      set.add(e.fingerprint)
      bySheet.set(e.sheet, set)
    }
    const converged = [...bySheet.values()].every((s) => s.size === 1)
    const { fingerprints } = await pool.workers[0]!.ask({ type: 'verify', sheets: this.sheets }, 'verified')
    const serverConverged = this.sheets.every((sheet) => {
      const editors = bySheet.get(sheet)
      return editors?.size === 1 && editors.has(fingerprints[sheet]!)
    })

    const seconds = (t1 - t0) / 1000
    const busySeconds = (tEnd - t0) / 1000
    return {
      workload,
      target: this.label,
      connections: this.editors.length,
      targetRate: rate * this.editors.length,
      editsPerSecond: round(edits / seconds, 1),
      edits,
      latencyMs: summarise(final.latencies),
      crossProcessLatencyMs: final.crossLatencies.length > 0 ? summarise(final.crossLatencies) : null,
      expected: final.expected,
      observed: final.observed,
      lost: final.lost,
      converged,
      serverConverged,
      serverCpuUsPerEdit: cpu0 !== null && cpu1 !== null && edits > 0 ? round(((cpu1 - cpu0) * 1000) / edits, 1) : null,
      serverCpuPercent: cpu0 !== null && cpu1 !== null ? round(((cpu1 - cpu0) / 1000 / busySeconds) * 100, 1) : null,
      serverRelayMs: relay && { p50: round(relay.p50, 2), p99: round(relay.p99, 2), updates: relay.updates },
      serverPeakRssMb: kbToMb(Math.max(...(target.pids ?? [target.pid]).map((pid) => processMemoryKb(pid, 'VmHWM') ?? 0)) || null),
      driverCpuPercent: round(((driver1 - driver0) / 1000 / busySeconds) * 100, 1),
      driverProcesses: pool.workers.length,
      measuredSeconds: round(seconds, 2),
      drainMs: Math.round(drainMs),
    }
  }

  /** Expected vs observed deliveries of everything sent so far. */
  private async count(full: boolean) {
    const collected = await this.pool.all({ type: 'collect', latencies: full, fingerprints: full }, 'collected')
    const reports = collected.flatMap((c) => c.editors)
    const keysBySheet = new Map<string, string[]>()
    for (const e of this.editors) keysBySheet.set(e.sheet, [...(keysBySheet.get(e.sheet) ?? []), e.key])
    let expected = 0
    let observed = 0
    for (const r of reports) {
      for (const key of keysBySheet.get(r.sheet) ?? []) {
        if (key === r.key) continue
        const sent = this.sent[key] ?? 0
        expected += sent
        observed += Math.min(sent, r.marks[key] ?? 0)
      }
    }
    return { reports, expected, observed, lost: expected - observed, latencies: collected.flatMap((c) => c.latencies), crossLatencies: collected.flatMap((c) => c.crossLatencies) }
  }

  async close(): Promise<void> {
    await this.pool.stop()
  }
}

export async function runSteady(target: Target, spec: Steady, driver: Driver): Promise<RunResult> {
  const session = await Session.open(target, spec, driver)
  try {
    return await session.measure(spec.name, spec.rate, spec.warmupS, spec.measureS)
  } finally {
    await session.close()
  }
}

export interface RampResult {
  workload: 'ramp'
  target: string
  steps: RunResult[]
  /** Highest aggregate edits/s achieved by a step with p99 ≤ 100 ms, nothing lost and ≥ 90 % of the asked rate. */
  sustainedEditsPerSecond: number
  stoppedBecause: string
}

/** Why a ramp step does not count as sustained, or null if it does. */
function rampVerdict(result: RunResult, rate: number): string | null {
  if (result.lost > 0) return `lost ${result.lost} at ${rate}/s per editor`
  if (result.latencyMs.p99 > 100) return `p99 ${result.latencyMs.p99} ms > 100 ms at ${rate}/s per editor`
  if (result.editsPerSecond < 0.9 * result.targetRate) return `achieved ${result.editsPerSecond} of ${result.targetRate} edits/s asked (the driver saturates)`
  return null
}

/**
 * Doubles the per-editor rate until a step is not sustained, then halves the gap between the last
 * sustained rate and the first failed one `spec.refineSteps` times: with doubling alone the answer
 * could only be 1600 or 3200 edits/s, and two servers 10 % apart could land a factor 2 apart.
 */
export async function runRamp(target: Target, spec: RampSpec, driver: Driver): Promise<RampResult> {
  const session = await Session.open(target, spec, driver)
  const steps: RunResult[] = []
  let sustained = 0
  let stoppedBecause = `reached ${spec.maxSteps} steps`
  const step = async (rate: number): Promise<string | null> => {
    const result = await session.measure(`ramp@${Math.round(rate * 10) / 10}`, rate, 1, spec.stepS)
    steps.push(result)
    const verdict = rampVerdict(result, rate)
    if (verdict === null) sustained = Math.max(sustained, result.editsPerSecond)
    return verdict
  }
  try {
    let good = 0
    let failed: number | null = null
    for (let i = 0, rate = spec.startRate; i < spec.maxSteps; i++, rate *= 2) {
      const verdict = await step(rate)
      if (verdict === null) {
        good = rate
        continue
      }
      stoppedBecause = verdict
      failed = rate
      break
    }
    for (let i = 0; failed !== null && good > 0 && i < spec.refineSteps; i++) {
      const rate = (good + failed) / 2
      if ((await step(rate)) === null) good = rate
      else failed = rate
    }
  } finally {
    await session.close()
  }
  return { workload: 'ramp', target: session.label, steps, sustainedEditsPerSecond: sustained, stoppedBecause }
}

export function round(n: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}

function kbToMb(kb: number | null): number | null {
  return kb === null ? null : round(kb / 1024, 1)
}
