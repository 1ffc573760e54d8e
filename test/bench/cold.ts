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
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { insertProgramme } from '../../db/repositories/programmes.js'
import { configFromEnv } from '../../server/config.js'
import { createLogger } from '../../server/log.js'
import { openWorkspace, type Workspace } from '../../server/workspace.js'
import { buildPeruSheet } from '../fixtures/peru-sheet.js'
import { round } from './bench.js'
import { fingerprint, makeHistory } from './edits.js'
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
  idleSheets: number
  /** RSS growth per idle loaded sheet (KiB), from VmRSS before and after loading them. */
  idleRssKbPerSheet: number | null
  serverPeakRssMb: number | null
}

const name = (n: number) => `COLD-${n >= 1000 ? `${n / 1000}K` : n}`

async function openFresh(target: Target, sheet: string): Promise<{ ms: number; doc: Y.Doc }> {
  const doc = new Y.Doc()
  const started = performance.now()
  const provider = new WebsocketProvider(target.syncBase, encodeURIComponent(sheet), doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: target.token ? { token: target.token } : {},
  })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${sheet} did not sync in 120 s`)), 120_000)
    provider.on('sync', (synced: boolean) => {
      if (!synced) return
      clearTimeout(timer)
      resolve()
    })
  })
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

/** RSS growth of the server per sheet while `open` loads `sheets` (10 at a time) and leaves them idle. */
async function idleRssKbPerSheet(target: Target, sheets: string[], open: (id: string) => Promise<{ doc: Y.Doc }>): Promise<number | null> {
  await new Promise((r) => setTimeout(r, 500))
  const before = processMemoryKb(target.pid, 'VmRSS')
  for (let i = 0; i < sheets.length; i += 10) {
    const opened = await Promise.all(sheets.slice(i, i + 10).map(open))
    for (const o of opened) o.doc.destroy()
  }
  await new Promise((r) => setTimeout(r, 1000))
  const after = processMemoryKb(target.pid, 'VmRSS')
  return before !== null && after !== null ? Math.round((after - before) / sheets.length) : null
}

/** A client that holds `updates` connects, syncs them to the server, and leaves. */
async function pushSheet(target: Target, sheet: string, content: (id: string) => Uint8Array[]): Promise<{ doc: Y.Doc }> {
  const doc = new Y.Doc()
  Y.transact(doc, () => content(sheet).forEach((u) => Y.applyUpdate(doc, u)))
  const provider = new WebsocketProvider(target.syncBase, encodeURIComponent(sheet), doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: target.token ? { token: target.token } : {},
  })
  await new Promise<void>((resolve) => provider.on('sync', (synced: boolean) => synced && resolve()))
  // Our state goes to the server as our answer to its request, after ours is answered: let it arrive before leaving.
  await new Promise((r) => setTimeout(r, 50))
  provider.destroy()
  return { doc }
}

export async function runCold(options: { sizes: number[]; idleSheets: number; baseline: boolean; log: (s: string) => void }): Promise<ColdResult[]> {
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
  const idle = Array.from({ length: options.idleSheets }, (_, i) => `IDLE-${i + 1}`)
  const dataDir = mkdtempSync(join(tmpdir(), 'ficha-bench-cold-'))
  try {
    const workspace = await openWorkspace(configFromEnv({ DATA_DIR: dataDir, SEED_EXAMPLE: '0' }), createLogger('error'))
    try {
      for (const [n, { updates }] of histories) await store(workspace, name(n), updates)
      for (const id of idle) await store(workspace, id, idleContent(id))
    } finally {
      await workspace.close()
    }

    const ficha = await startFicha({ dataDir, logLevel: 'info' })
    try {
      // Idle sheets first, on a fresh heap: after the large opens, freed memory would hide their cost.
      const idleRss = await idleRssKbPerSheet(ficha, idle, (id) => openFresh(ficha, id))
      const loadedIdle = ficha.lines.filter((l) => l.event === 'document.loaded' && String(l.doc).startsWith('IDLE-')).length
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
      results.push({
        workload: 'cold',
        target: 'ficha',
        opens,
        idleSheets: loadedIdle,
        idleRssKbPerSheet: loadedIdle === idle.length ? idleRss : null,
        serverPeakRssMb: round((processMemoryKb(ficha.pid, 'VmHWM') ?? NaN) / 1024, 1),
      })
    } finally {
      await ficha.stop()
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }

  if (options.baseline) {
    const base = await startBaseline({ preload: options.sizes.map((n) => `${name(n)}:${n}`).join(',') })
    try {
      // The reference server keeps what clients send in memory: each idle sheet is pushed by a client that holds it.
      const idleRss = await idleRssKbPerSheet(base, idle, (id) => pushSheet(base, id, idleContent))
      const opens: ColdOpen[] = []
      for (const [n, history] of histories) {
        const { ms, doc } = await openFresh(base, name(n))
        opens.push({ updates: n, firstSyncMs: round(ms, 1), serverFirstAnswerMs: null, serverLoadMs: null, correct: fingerprint(doc) === history.fingerprint })
        doc.destroy()
        options.log(`  cold baseline ${name(n)}: first sync ${round(ms, 1)} ms (in memory)`)
      }
      results.push({ workload: 'cold', target: 'baseline', opens, idleSheets: idle.length, idleRssKbPerSheet: idleRss, serverPeakRssMb: round((processMemoryKb(base.pid, 'VmHWM') ?? NaN) / 1024, 1) })
    } finally {
      await base.stop()
    }
  }
  return results
}
