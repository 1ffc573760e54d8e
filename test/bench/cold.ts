/**
 * `cold`: sheets whose history holds 1k, 10k, 100k small updates, stored before the server starts
 * the way a running server stores them (through its own document code: logged one update per row,
 * compacted as it goes); a fresh client opens each. Also the memory of idle loaded sheets (the
 * Peru sheet plus a short history each).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { insertProgramme } from '../../db/repositories/programmes.js'
import { configFromEnv } from '../../server/config.js'
import { createLogger } from '../../server/log.js'
import { openWorkspace, type Workspace } from '../../server/workspace.js'
import { buildPeruSheet } from '../fixtures/peru-sheet.js'
import { waitUntil } from '../support/clients.js'
import { round } from './bench.js'
import { fingerprint, makeHistory } from './edits.js'
import { openProvider, synced } from './providers.js'
import { processMemoryKb, startBaseline, startFicha, type Target } from './servers.js'

export interface ColdOpen {
  updates: number
  /** Provider created → synced with the whole history, in the driver. */
  firstSyncMs: number
  /**
   * Server side, from the start of the load: until the client's request was answered (from the
   * stored state when it qualifies, else once the document is built), and until the document was
   * built (`document.loaded`). Null for the reference server (in memory).
   */
  serverFirstAnswerMs: number | null
  serverLoadMs: number | null
  correct: boolean
}

export interface ColdResult {
  workload: 'cold'
  target: string
  opens: ColdOpen[]
  /** Idle sheets open at the end of the measurement, and how many of them the figure counts. */
  idleSheets: number
  idleSheetsMeasured: number
  /** RSS growth per idle sheet an editor keeps open (KiB), in steady state (see `idleMemory`). */
  idleRssKbPerSheet: number | null
  serverPeakRssMb: number | null
}

/** Idle sheets opened at once; the first wave is not counted (see `idleMemory`): at least two are opened. */
const IDLE_WAVE = 10
/** Sets of idle sheets stored: a second set is measured when RSS fell while the first was opened (see `idleMemory`). */
const IDLE_SETS = 2
/** How long the reference server's waves of idle sheets settle: about as long as Ficha's take to fall asleep. */
const IDLE_WAVE_MS = 2000

const name = (n: number) => `COLD-${n >= 1000 ? `${n / 1000}K` : n}`

async function openFresh(target: Target, sheet: string): Promise<{ ms: number; doc: Y.Doc }> {
  const started = performance.now()
  const { doc, provider } = await connect(target, sheet)
  const ms = performance.now() - started
  provider.destroy()
  return { ms, doc }
}

/**
 * Registers sheet `id` and applies `updates` to it through the workspace's own live document, each
 * as its own update, 100 per event-loop turn as clients would send them: stored one row each,
 * committed before the next turn, compacted whenever the log grows long, as in production.
 */
async function store(workspace: Workspace, id: string, updates: Uint8Array[]): Promise<void> {
  const now = Date.now()
  await insertProgramme(workspace.db, { id, code: id, title: id, country: 'Peru', created_at: now, updated_at: now })
  await workspace.registry.use(id, async (live) => {
    for (let i = 0; i < updates.length; i += 100) {
      for (const update of updates.slice(i, i + 100)) Y.applyUpdate(live.doc, update, { userId: null })
      live.flush()
      await new Promise((r) => setImmediate(r))
    }
  })
}

/** A connected editor of an idle sheet, kept open while memory is measured. */
interface OpenSheet {
  doc: Y.Doc
  provider: WebsocketProvider
}

async function connect(target: Target, sheet: string, doc = new Y.Doc()): Promise<OpenSheet> {
  const provider = openProvider(target.syncBase, target.token, sheet, doc)
  await synced(provider, 120_000)
  return { doc, provider }
}

/** What `idleMemory` measured: KiB per sheet (null: RSS unreadable), over `measured` of the `open` sheets. */
export interface IdleMemory {
  kbPerSheet: number | null
  measured: string[]
  open: string[]
}

/**
 * RSS growth of the server per idle sheet that an editor keeps open (one connected provider per
 * sheet, nobody typing), in steady state. Sheets are opened in waves of 10, each wave left to
 * settle (`settled`) before the next: a hundred sheets opened in the same second would measure
 * the peak of building them all at once, which the collector does not hand back to the system.
 * Counted from the second wave on (the first sheets also pay one-time costs: code compiled and
 * caches filled on first use); each reading is taken after a full collection (where the server
 * has an inspector) and, in full runs, once RSS has stopped moving. Without both, memory left from
 * start-up and handed back during the measurement once made the growth negative.
 *
 * RSS can still fall while a set is opened: memory the process held at the first reading, and
 * hands back on its own schedule, then hides the sheets' cost (in one trace, 28 MiB once a set's
 * waves were over). That set is no measurement, and the next set of `sets` is measured the same
 * way from there, its first reading taken after the fall, the sheets opened so far left open.
 * Throws when RSS fell in every set.
 */
export async function idleMemory(
  target: Target,
  sets: string[][],
  open: (id: string) => Promise<OpenSheet>,
  settled: (wave: string[]) => Promise<void>,
  readRss: (pid: number | null) => Promise<number | null>,
  log: (line: string) => void,
): Promise<IdleMemory> {
  const opened = new Map<string, OpenSheet>()
  const openWave = async (wave: string[]) => {
    for (const [i, sheet] of (await Promise.all(wave.map(open))).entries()) opened.set(wave[i]!, sheet)
    await settled(wave)
    await new Promise((r) => setTimeout(r, 1000))
  }
  try {
    for (const [i, sheets] of sets.entries()) {
      if (sheets.length <= IDLE_WAVE) throw new Error(`${sheets.length} idle sheets: more than one wave of ${IDLE_WAVE} is needed`)
      const first = sheets.slice(0, IDLE_WAVE)
      await openWave(first)
      await target.collectGarbage?.()
      const before = await readRss(target.pid)
      for (let w = first.length; w < sheets.length; w += IDLE_WAVE) await openWave(sheets.slice(w, w + IDLE_WAVE))
      await target.collectGarbage?.()
      const after = await readRss(target.pid)
      const measured = sheets.slice(first.length)
      if (before === null || after === null) return { kbPerSheet: null, measured, open: [...opened.keys()] }
      if (after >= before) return { kbPerSheet: Math.round((after - before) / measured.length), measured, open: [...opened.keys()] }
      const fell = `RSS fell from ${before} to ${after} KiB while ${measured.length} more sheets were opened`
      if (i === sets.length - 1) throw new Error(sets.length > 1 ? `in each of ${sets.length} sets: the last time, ${fell}` : fell)
      log(`  idle sheets, set ${i + 1} of ${sets.length} not counted: ${fell}; measuring the next`)
    }
    throw new Error('no set of idle sheets to measure')
  } finally {
    for (const o of opened.values()) {
      o.provider.destroy()
      o.doc.destroy()
    }
  }
}

/**
 * RSS (KiB) once ten readings a second apart are within 1 % of each other; after 45 s, the last.
 * Ten: a server's threads hand memory back on their own schedule (Ficha's WAL thread some 15 s
 * after start), which a collection in the main thread does not bring forward.
 */
async function steadyRss(pid: number | null): Promise<number | null> {
  const readings: number[] = []
  for (let second = 0; second < 45; second++) {
    const rss = processMemoryKb(pid, 'VmRSS')
    if (rss === null) return null
    readings.push(rss)
    const last = readings.slice(-10)
    if (last.length === 10 && Math.max(...last) - Math.min(...last) <= rss / 100) return rss
    await new Promise((r) => setTimeout(r, 1000))
  }
  return readings.at(-1) ?? null
}

/** A failed measurement is reported as such, and the rest of the workload still measured. */
function notMeasuredOnFailure(measurement: Promise<IdleMemory>, log: (line: string) => void): Promise<IdleMemory | null> {
  return measurement.catch((error: Error) => {
    log(`  idle sheets not measured: ${error.message}`)
    return null
  })
}

/** One server's cold result; `idleKb` is its idle-sheet figure, null when there is none. */
function coldResult(target: 'ficha' | 'baseline', opens: ColdOpen[], idle: IdleMemory | null, idleKb: number | null, pid: number | null): ColdResult {
  return {
    workload: 'cold',
    target,
    opens,
    idleSheets: idle?.open.length ?? 0,
    idleSheetsMeasured: idle?.measured.length ?? 0,
    idleRssKbPerSheet: idleKb,
    serverPeakRssMb: round((processMemoryKb(pid, 'VmHWM') ?? NaN) / 1024, 1),
  }
}

/** A client that holds `updates` connects and syncs them to the server (which keeps what clients send in memory). */
async function pushSheet(target: Target, sheet: string, content: (id: string) => Uint8Array[]): Promise<OpenSheet> {
  const doc = new Y.Doc()
  Y.transact(doc, () => content(sheet).forEach((u) => Y.applyUpdate(doc, u)))
  const open = await connect(target, sheet, doc)
  // Our state goes to the server as our answer to its request, after ours is answered: let it arrive.
  await new Promise((r) => setTimeout(r, 50))
  return open
}

/** Quick runs read RSS at once: they check that idle sheets sleep and wake, their figure is only indicative. */
const rssNow = async (pid: number | null) => processMemoryKb(pid, 'VmRSS')

export async function runCold(options: { sizes: number[]; idleSheets: number; quick: boolean; baseline: boolean; log: (s: string) => void }): Promise<ColdResult[]> {
  const readRss = options.quick ? rssNow : steadyRss
  const histories = new Map<number, { updates: Uint8Array[]; fingerprint: string }>()
  for (const n of options.sizes) {
    const updates = makeHistory(n)
    const doc = new Y.Doc()
    Y.transact(doc, () => updates.forEach((u) => Y.applyUpdate(doc, u)))
    histories.set(n, { updates, fingerprint: fingerprint(doc) })
    doc.destroy()
  }
  const results: ColdResult[] = []

  // An idle sheet: the Peru sheet plus a short history.
  const small = makeHistory(200, 7)
  const idleContent = (id: string): Uint8Array[] => {
    const peru = new Y.Doc()
    buildPeruSheet(peru, { code: id })
    const state = Y.encodeStateAsUpdate(peru)
    peru.destroy()
    return [state, ...small]
  }

  // Ficha: store the histories in a fresh data directory, then start the server on it.
  const idleSets = Array.from({ length: IDLE_SETS }, (_, set) => Array.from({ length: options.idleSheets }, (_, i) => `IDLE-${set * options.idleSheets + i + 1}`))
  const idle = idleSets.flat()
  const dataDir = mkdtempSync(join(tmpdir(), 'ficha-bench-cold-'))
  try {
    const workspace = await openWorkspace(configFromEnv({ DATA_DIR: dataDir, SEED_EXAMPLE: '0' }), createLogger('error'))
    try {
      for (const [n, { updates }] of histories) await store(workspace, name(n), updates)
      for (const id of idle) await store(workspace, id, idleContent(id))
    } finally {
      await workspace.close()
    }

    // Idle sheets fall asleep after 0.5–1 s instead of 5–10 s: the memory they keep is the same, the wait shorter.
    // And every one of them does: a build slowed by a busy machine past SLEEP_MAX_BUILD_MS (27 ms once for
    // an idle sheet that builds in 2) keeps its sheet awake for good, and the whole measurement void.
    const ficha = await startFicha({ dataDir, logLevel: 'info', env: { SLEEP_AFTER_MS: '1000', SLEEP_MAX_BUILD_MS: '1000' }, inspect: true })
    try {
      // Idle sheets first, on a fresh heap: after the large opens, freed memory would hide their cost.
      const asleep = (wave: string[]) => wave.every((id) => ficha.lines.some((l) => l.event === 'document.asleep' && l.doc === id))
      const builtMs = (id: string) => ficha.lines.find((l) => l.event === 'document.loaded' && l.doc === id)?.ms
      const settled = (wave: string[]) =>
        waitUntil(() => asleep(wave), 'idle sheets to fall asleep', 60_000).catch((error: Error) => {
          const awake = wave.filter((id) => !asleep([id])).map((id) => `${id} (built in ${builtMs(id)} ms)`)
          throw new Error(`${error.message}: ${awake.join(', ')} stayed awake`)
        })
      const idleRss = await notMeasuredOnFailure(idleMemory(ficha, idleSets, (id) => connect(ficha, id), settled, readRss, options.log), options.log)
      const idleEvents = (event: string) => ficha.lines.filter((l) => l.event === event && String(l.doc).startsWith('IDLE-')).length
      const loaded = (id: string) => ficha.lines.some((l) => l.event === 'document.loaded' && l.doc === id)
      // The cold opens are timed on a server done with the idle sheets, not while it still closes their connections.
      await waitUntil(() => idleEvents('connection.closed') >= idleEvents('connection.opened'), "the idle sheets' connections to close", 30_000)
      const opens: ColdOpen[] = []
      for (const [n, history] of histories) {
        const { ms, doc } = await openFresh(ficha, name(n))
        // Answered from the store, the client may be synced before the server has built the document.
        const until = performance.now() + 30_000
        while (!ficha.lines.some((l) => l.event === 'document.loaded' && l.doc === name(n)) && performance.now() < until) await new Promise((r) => setTimeout(r, 10))
        const loaded = ficha.lines.find((l) => l.event === 'document.loaded' && l.doc === name(n))
        const early = ficha.lines.find((l) => l.event === 'document.answered_from_store' && l.doc === name(n))
        const loadMs = loaded ? Number(loaded.ms) : null
        opens.push({ updates: n, firstSyncMs: round(ms, 1), serverFirstAnswerMs: early ? Number(early.ms) : loadMs, serverLoadMs: loadMs, correct: fingerprint(doc) === history.fingerprint })
        doc.destroy()
        options.log(`  cold ficha ${name(n)}: first sync ${round(ms, 1)} ms, server answered ${early?.ms ?? loaded?.ms} ms, built ${loaded?.ms} ms`)
      }
      // A sheet the server never loaded would cost nothing: no figure then.
      results.push(coldResult('ficha', opens, idleRss, idleRss?.open.every(loaded) ? idleRss.kbPerSheet : null, ficha.pid))
    } finally {
      await ficha.stop()
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }

  if (options.baseline) {
    // Its own process on a fresh heap, as Ficha's: the preloaded histories' garbage would be collected during the measurement.
    const fresh = await startBaseline({ inspect: true })
    let idleRss: IdleMemory | null
    try {
      // The reference server keeps what clients send in memory: each idle sheet is pushed by a client that holds it.
      idleRss = await notMeasuredOnFailure(
        idleMemory(fresh, idleSets, (id) => pushSheet(fresh, id, idleContent), () => new Promise((r) => setTimeout(r, IDLE_WAVE_MS)), readRss, options.log),
        options.log,
      )
    } finally {
      await fresh.stop()
    }
    const base = await startBaseline({ preload: options.sizes.map((n) => `${name(n)}:${n}`).join(',') })
    try {
      const opens: ColdOpen[] = []
      for (const [n, history] of histories) {
        const { ms, doc } = await openFresh(base, name(n))
        opens.push({ updates: n, firstSyncMs: round(ms, 1), serverFirstAnswerMs: null, serverLoadMs: null, correct: fingerprint(doc) === history.fingerprint })
        doc.destroy()
        options.log(`  cold baseline ${name(n)}: first sync ${round(ms, 1)} ms (in memory)`)
      }
      results.push(coldResult('baseline', opens, idleRss, idleRss?.kbPerSheet ?? null, base.pid))
    } finally {
      await base.stop()
    }
  }
  return results
}
