import { describe, expect, it } from 'vitest'
import { HAS_SERVICES } from '../support/services.js'
import { failures, runBench } from '../bench/run.js'
import type { RunResult } from '../bench/bench.js'
import type { HopsResult } from '../bench/hops.js'

// The CI smoke run of the benchmark (`npm run bench -- --quick`): real providers in worker
// processes against a spawned server. Nothing lost, everything converged; no timing assertion.
describe('npm run bench -- --quick', () => {
  it('loses nothing and converges in every workload', async () => {
    const lines: string[] = []
    const report = await runBench({ workloads: ['mission', 'busy', 'hot', 'ramp', 'cold'], quick: true, baseline: false, cluster: 0, bySheet: false, repeat: 1, workers: 2, log: (l) => lines.push(l) })
    expect(failures(report), lines.join('\n')).toEqual([])
    expect(report.runs.length).toBe(5)
    for (const run of report.runs) {
      if ('opens' in run) for (const open of run.opens) expect(open.correct).toBe(true)
      else if ('steps' in run) for (const step of run.steps) expect(step.converged && step.serverConverged).toBe(true)
      else if ('lost' in run) {
        expect({ workload: run.workload, lost: run.lost, converged: run.converged && run.serverConverged }).toEqual({ workload: run.workload, lost: 0, converged: true })
        // The server's relay histogram counted every measured edit (and those at the window's edges).
        expect(run.serverRelayMs?.updates).toBeGreaterThanOrEqual(run.edits)
      }
    }
  }, 120_000)

  it.skipIf(!HAS_SERVICES)('--cluster 2: editors spread over two processes on PostgreSQL + Redis lose nothing and converge', async () => {
    const lines: string[] = []
    const report = await runBench({ workloads: ['mission', 'hops'], quick: true, baseline: false, cluster: 2, bySheet: false, repeat: 1, workers: 2, log: (l) => lines.push(l) })
    expect(failures(report), lines.join('\n')).toEqual([])
    expect(report.runs.map((r) => ('target' in r ? r.target : r.workload))).toEqual(['ficha', 'cluster-1', 'cluster-2', 'hops'])
    for (const run of report.runs) if ('lost' in run) expect({ lost: run.lost, converged: run.converged && run.serverConverged }).toEqual({ lost: 0, converged: true })
    // Editor e of a sheet is on process e mod 2: with two processes, some deliveries cross and some do not.
    const [single, one, two] = report.runs as RunResult[]
    expect([single!.crossProcessLatencyMs, one!.crossProcessLatencyMs]).toEqual([null, null])
    expect(two!.crossProcessLatencyMs!.samples).toBeGreaterThan(0)
    expect(two!.crossProcessLatencyMs!.samples).toBeLessThan(two!.latencyMs.samples)
    // Each hop timed as often as asked, every time a positive span.
    const hops = report.runs[3] as HopsResult
    for (const hop of [hops.appendMs, hops.fanoutMs]) expect({ samples: hop.samples, positive: hop.p50 > 0, maxAtLeastP99: hop.max >= hop.p99 }).toEqual({ samples: 200, positive: true, maxAtLeastP99: true })
  }, 180_000)
})
