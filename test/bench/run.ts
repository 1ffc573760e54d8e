/**
 * `npm run bench -- [workloads…] [--quick] [--baseline] [--cluster N [--by-sheet]] [--sheets N] [--repeat N] [--url URL --token T] [--workers N] [--profile]`
 *
 * Workloads: mission, busy, hot, ramp, cold (default: all of these), and hops (see hops.ts) when
 * named. Starts the Ficha server as a child process on a temporary data directory (unless
 * `--url`), drives real y-websocket providers from worker processes, prints a table and writes
 * JSON under bench/results/. `--baseline` runs the same workloads against the reference
 * y-websocket server and prints Ficha's figures as ratios.
 * `--repeat N` runs each workload N times, alternating the servers, and reports the median of
 * each figure: on a shared 2-core machine one run can differ from the next by 20 %.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { machine, QUICK, QUICK_RAMP, RAMP, runRamp, runSteady, WORKLOADS, type LatencySummary, type RampResult, type RunResult } from './bench.js'
import { runCold, type ColdResult } from './cold.js'
import { runHops, type HopsResult } from './hops.js'
import { remoteTarget, startBaseline, startCluster, startFicha, type Target } from './servers.js'

export const ALL = ['mission', 'busy', 'hot', 'ramp', 'cold'] as const
/** Run only when named: needs PostgreSQL and Redis, and measures no server of ours (see hops.ts). */
const NAMED_ONLY = ['hops'] as const
export type WorkloadName = (typeof ALL)[number] | (typeof NAMED_ONLY)[number]

export interface BenchOptions {
  workloads: WorkloadName[]
  quick: boolean
  baseline: boolean
  /** Runs per workload and server (alternating); the table shows medians. */
  repeat: number
  url?: string
  token?: string
  /** Worker processes of the driver; null: as many as the workload's shape needs (see `workersFor`). */
  workers: number | null
  /** `--cluster N`: also 1…N Ficha processes on PostgreSQL + Redis, after the SQLite process, in the same run. */
  cluster: number
  /** `--by-sheet`: on a cluster, all the editors of a sheet on one process (see `Driver`). */
  bySheet: boolean
  /** `--sheets N`: the steady workloads with N sheets instead of their own (less or more load at the same shape per sheet). */
  sheets?: number
  /** Server under `--cpu-prof`, profiles written to this folder. */
  profileDir?: string
  log: (line: string) => void
}

export interface BenchReport {
  command: string
  startedAt: string
  machine: Record<string, unknown>
  options: Omit<BenchOptions, 'log'>
  runs: (RunResult | RampResult | ColdResult | HopsResult)[]
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const report: BenchReport = {
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    startedAt: new Date().toISOString(),
    machine: machine(),
    options: { ...options, log: undefined } as Omit<BenchOptions, 'log'>,
    runs: [],
  }
  const clusters = Array.from({ length: options.cluster }, (_, i) => i + 1)
  const targets: (string | number)[] = [...(options.baseline ? ['ficha', 'baseline'] : ['ficha']), ...clusters]
  const start = async (kind: string | number): Promise<Target> => {
    const nodeArgs = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(options.profileDir, String(kind))}`] : []
    if (typeof kind === 'number') return startCluster(kind, { nodeArgs })
    if (kind === 'baseline') return startBaseline({ nodeArgs })
    if (options.url) return remoteTarget(options.url, options.token ?? null)
    return startFicha({ nodeArgs })
  }
  const driver = { workers: options.workers, bySheet: options.bySheet }
  for (const workload of options.workloads) {
    if (workload === 'hops') {
      options.log('hops (PostgreSQL append, Redis stream to another process) …')
      const hops = await runHops({ samples: options.quick ? 200 : 3000 })
      options.log(`  append p50 ${hops.appendMs.p50} p99 ${hops.appendMs.p99} ms; fan-out p50 ${hops.fanoutMs.p50} p99 ${hops.fanoutMs.p99} ms`)
      report.runs.push(hops)
      continue
    }
    if (workload === 'cold') {
      if (options.url) {
        options.log('cold: skipped with --url (it writes the histories into the data directory before the server starts)')
        continue
      }
      options.log('cold …')
      const sizes = options.quick ? [1000] : [1000, 10_000, 100_000]
      report.runs.push(...(await runCold({ sizes, idleSheets: options.quick ? 20 : 100, quick: options.quick, baseline: options.baseline, log: options.log })))
      continue
    }
    for (let round = 1; round <= options.repeat; round++) for (const kind of targets) {
      options.log(`${workload} on ${typeof kind === 'number' ? `cluster-${kind}` : kind}${options.repeat > 1 ? ` (run ${round} of ${options.repeat})` : ''} …`)
      const target = await start(kind)
      try {
        if (workload === 'ramp') {
          const result = await runRamp(target, options.quick ? QUICK_RAMP : RAMP, driver)
          for (const s of result.steps) options.log(`  ${line(s)}`)
          options.log(`  sustained ${result.sustainedEditsPerSecond} edits/s; stopped: ${result.stoppedBecause}`)
          report.runs.push(result)
        } else {
          const spec = (options.quick ? QUICK : WORKLOADS)[workload]
          const result = await runSteady(target, { ...spec, sheets: options.sheets ?? spec.sheets }, driver)
          options.log(`  ${line(result)}`)
          report.runs.push(result)
        }
      } finally {
        await target.stop()
      }
    }
  }
  return report
}

function line(r: RunResult): string {
  return `${r.workload}/${r.target}: ${r.connections} conns, ${r.editsPerSecond} edits/s, p50 ${r.latencyMs.p50} p99 ${r.latencyMs.p99} max ${r.latencyMs.max} ms${r.crossProcessLatencyMs ? ` (across processes p50 ${r.crossProcessLatencyMs.p50} p99 ${r.crossProcessLatencyMs.p99})` : ''}, lost ${r.lost}, converged ${r.converged && r.serverConverged}, server ${r.serverCpuUsPerEdit} µs/edit${r.serverRelayMs ? `, in the server p50 ${r.serverRelayMs.p50} p99 ${r.serverRelayMs.p99} ms` : ''}`
}

const fmt = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits))
const ratio = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null || !b ? '—' : `${(a / b).toFixed(2)}×`)

/** The table: one row per run, and with `--baseline` a ratio row per workload. */
export function table(report: BenchReport): string {
  const rows: string[][] = [['workload', 'server', 'conns', 'edits/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'across p50/p99 ms', 'lost', 'conv', 'srv µs/edit', 'srv CPU %', 'in srv p50/p99 ms', 'srv peak RSS MB', 'driver CPU %', 'driver procs']]
  const steady = (r: RunResult, label = r.workload) => [
    label,
    r.target,
    String(r.connections),
    fmt(r.editsPerSecond),
    fmt(r.latencyMs.p50, 2),
    fmt(r.latencyMs.p90, 2),
    fmt(r.latencyMs.p99, 2),
    fmt(r.latencyMs.max, 1),
    r.crossProcessLatencyMs ? `${fmt(r.crossProcessLatencyMs.p50, 2)}/${fmt(r.crossProcessLatencyMs.p99, 2)}` : '—',
    String(r.lost),
    r.converged && r.serverConverged ? 'yes' : 'NO',
    fmt(r.serverCpuUsPerEdit),
    fmt(r.serverCpuPercent, 0),
    r.serverRelayMs ? `${fmt(r.serverRelayMs.p50, 2)}/${fmt(r.serverRelayMs.p99, 2)}` : '—',
    fmt(r.serverPeakRssMb),
    fmt(r.driverCpuPercent, 0),
    String(r.driverProcesses),
  ]
  const runsByKey = new Map<string, RunResult[]>()
  const keep = (key: string, run: RunResult) => runsByKey.set(key, [...(runsByKey.get(key) ?? []), run])
  for (const run of report.runs) {
    if ('opens' in run || 'fanoutMs' in run) continue
    if ('steps' in run) {
      const best = run.steps.filter((s) => s.editsPerSecond <= run.sustainedEditsPerSecond).at(-1)
      for (const s of run.steps) rows.push(steady(s))
      rows.push(['ramp', run.target, '', fmt(run.sustainedEditsPerSecond), '', '', '', '', '', '', '', '', '', '', '', `stopped: ${run.stoppedBecause}`])
      if (best) keep(`ramp/${run.target}`, { ...best, editsPerSecond: run.sustainedEditsPerSecond })
      continue
    }
    rows.push(steady(run))
    keep(`${run.workload}/${run.target}`, run)
  }
  const byKey = new Map<string, RunResult>()
  for (const [key, runs] of runsByKey) {
    const summary = medianRun(runs)
    byKey.set(key, summary)
    // Ramp runs are summarised by their best sustained step; the row is named after the workload.
    if (runs.length > 1) rows.push(steady(summary, `${key.split('/')[0]} (median of ${runs.length})`))
  }
  for (const w of ['mission', 'busy', 'hot', 'ramp']) {
    const f = byKey.get(`${w}/ficha`)
    const b = byKey.get(`${w}/baseline`)
    if (!f || !b) continue
    rows.push([w, 'ficha ÷ base', '', ratio(f.editsPerSecond, b.editsPerSecond), ratio(f.latencyMs.p50, b.latencyMs.p50), ratio(f.latencyMs.p90, b.latencyMs.p90), ratio(f.latencyMs.p99, b.latencyMs.p99), ratio(f.latencyMs.max, b.latencyMs.max), '', '', '', ratio(f.serverCpuUsPerEdit, b.serverCpuUsPerEdit), '', '', ratio(f.serverPeakRssMb, b.serverPeakRssMb), '', ''])
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  const render = (r: string[]) => '| ' + r.map((c, i) => (c ?? '').padEnd(widths[i]!)).join(' | ') + ' |'
  // Only `hops` or `cold` asked: no empty table of runs above theirs.
  let out = rows.length > 1 ? [render(rows[0]!), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.slice(1).map(render)].join('\n') : ''
  for (const hops of report.runs.filter((r): r is HopsResult => 'fanoutMs' in r)) {
    out += '\n\n| hop | p50 ms | p90 ms | p99 ms | max ms | samples |\n|---|---|---|---|---|---|\n'
    for (const [name, l] of [['PostgreSQL append', hops.appendMs], ['Redis stream to another process', hops.fanoutMs]] as const) out += `| ${name} | ${fmt(l.p50, 2)} | ${fmt(l.p90, 2)} | ${fmt(l.p99, 2)} | ${fmt(l.max, 2)} | ${l.samples} |\n`
  }
  const cold = report.runs.filter((r): r is ColdResult => 'opens' in r)
  if (cold.length > 0) {
    out += '\n\n| cold open | server | first full sync ms | server: answered ms | server: document built ms | correct |\n|---|---|---|---|---|---|\n'
    for (const c of cold) for (const o of c.opens) out += `| ${o.updates} updates | ${c.target} | ${fmt(o.firstSyncMs)} | ${fmt(o.serverFirstAnswerMs, 2)} | ${fmt(o.serverLoadMs, 2)} | ${o.correct ? 'yes' : 'NO'} |\n`
    for (const c of cold) {
      if (c.idleRssKbPerSheet !== null) out += `\nidle sheets open in an editor (${c.target}): ${c.idleRssKbPerSheet} KiB RSS each, over the last ${c.idleSheetsMeasured} of ${c.idleSheets} opened; peak RSS ${c.serverPeakRssMb} MB\n`
    }
  }
  return out
}

const median = (values: (number | null)[]): number | null => {
  const known = values.filter((v): v is number => v !== null && !Number.isNaN(v)).sort((a, b) => a - b)
  if (known.length === 0) return null
  const mid = known.length >> 1
  return known.length % 2 ? known[mid]! : (known[mid - 1]! + known[mid]!) / 2
}

/** The median of each quantile, the samples summed; null unless every run has one. */
function medianLatency(all: (LatencySummary | null)[]): LatencySummary | null {
  if (!all.every((l): l is LatencySummary => l !== null)) return null
  const m = (pick: (l: LatencySummary) => number) => median(all.map(pick))!
  return { p50: m((l) => l.p50), p90: m((l) => l.p90), p99: m((l) => l.p99), max: m((l) => l.max), samples: all.reduce((n, l) => n + l.samples, 0) }
}

/** One run's shape with the median of every figure over `runs`; losses are summed, convergence must hold in all. */
export function medianRun(runs: RunResult[]): RunResult {
  const first = runs[0]!
  if (runs.length === 1) return first
  const m = (pick: (r: RunResult) => number | null) => median(runs.map(pick))
  return {
    ...first,
    editsPerSecond: m((r) => r.editsPerSecond)!,
    edits: m((r) => r.edits)!,
    latencyMs: medianLatency(runs.map((r) => r.latencyMs))!,
    crossProcessLatencyMs: medianLatency(runs.map((r) => r.crossProcessLatencyMs)),
    expected: runs.reduce((n, r) => n + r.expected, 0),
    observed: runs.reduce((n, r) => n + r.observed, 0),
    lost: runs.reduce((n, r) => n + r.lost, 0),
    converged: runs.every((r) => r.converged),
    serverConverged: runs.every((r) => r.serverConverged),
    serverCpuUsPerEdit: m((r) => r.serverCpuUsPerEdit),
    serverCpuPercent: m((r) => r.serverCpuPercent),
    serverRelayMs: runs.every((r) => r.serverRelayMs)
      ? { p50: m((r) => r.serverRelayMs!.p50)!, p99: m((r) => r.serverRelayMs!.p99)!, updates: runs.reduce((n, r) => n + r.serverRelayMs!.updates, 0) }
      : null,
    serverPeakRssMb: m((r) => r.serverPeakRssMb),
    driverCpuPercent: m((r) => r.driverCpuPercent)!,
  }
}

/** Nothing lost and everything converged in every run. */
export function failures(report: BenchReport): string[] {
  const out: string[] = []
  const check = (r: RunResult) => {
    if (r.lost > 0) out.push(`${r.workload}/${r.target}: lost ${r.lost}`)
    if (!r.converged || !r.serverConverged) out.push(`${r.workload}/${r.target}: not converged`)
  }
  for (const run of report.runs) {
    if ('fanoutMs' in run) continue
    if ('opens' in run) for (const o of run.opens) !o.correct && out.push(`cold/${run.target}: ${o.updates} updates synced wrong`)
    else if ('steps' in run) {
      for (const s of run.steps) if (s.lost > 0 && !run.stoppedBecause.startsWith('lost')) out.push(`ramp: lost ${s.lost}`)
      for (const s of run.steps) if (!s.converged || !s.serverConverged) out.push(`${s.workload}/${s.target}: not converged`)
    } else check(run)
  }
  return out
}

function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = { workloads: [], quick: false, baseline: false, repeat: 1, workers: null, cluster: 0, bySheet: false, log: (l) => console.log(l) }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--quick') options.quick = true
    else if (arg === '--baseline') options.baseline = true
    else if (arg === '--url') options.url = argv[++i]
    else if (arg === '--token') options.token = argv[++i]
    else if (arg === '--workers') {
      options.workers = Number(argv[++i])
      if (!Number.isInteger(options.workers) || options.workers < 1) throw new Error('--workers needs a whole number of processes, 1 or more')
    }
    else if (arg === '--cluster') {
      options.cluster = Number(argv[++i])
      if (!Number.isInteger(options.cluster) || options.cluster < 1 || options.cluster > 8) throw new Error('--cluster needs a number of processes from 1 to 8')
    } else if (arg === '--by-sheet') options.bySheet = true
    else if (arg === '--sheets') {
      options.sheets = Number(argv[++i])
      if (!Number.isInteger(options.sheets) || options.sheets < 1) throw new Error('--sheets needs a whole number of sheets, 1 or more')
    }
    else if (arg === '--repeat') {
      options.repeat = Number(argv[++i])
      if (!Number.isInteger(options.repeat) || options.repeat < 1) throw new Error('--repeat needs a whole number of runs, 1 or more')
    }
    else if (arg === '--profile') {
      options.profileDir = resolve('bench/results/profiles', new Date().toISOString().replace(/[:.]/g, '-'))
      process.env.BENCH_WORKER_PROFILE_DIR = join(options.profileDir, 'workers')
    }
    else if (([...ALL, ...NAMED_ONLY] as readonly string[]).includes(arg)) options.workloads.push(arg as WorkloadName)
    else throw new Error(`unknown argument ${arg}; workloads: ${[...ALL, ...NAMED_ONLY].join(', ')}; flags: --quick --baseline --cluster N --by-sheet --sheets N --repeat N --url URL --token T --workers N --profile`)
  }
  if (options.workloads.length === 0) options.workloads = [...ALL]
  if (options.url && !options.token) options.token = process.env.FICHA_TOKEN
  return options
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = parseArgs(process.argv.slice(2))
  const report = await runBench(options)
  console.log('\n' + table(report))
  console.log(`\nmachine: ${JSON.stringify(report.machine)}`)
  const dir = resolve('bench/results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${report.startedAt.replace(/[:.]/g, '-')}${options.quick ? '-quick' : ''}.json`)
  writeFileSync(file, JSON.stringify(report, null, 2))
  console.log(`written ${file}`)
  const failed = failures(report)
  if (failed.length > 0) {
    console.error(`FAILED: ${failed.join('; ')}`)
    process.exitCode = 1
  }
}
