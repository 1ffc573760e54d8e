/**
 * A benchmark worker process: hosts real, unmodified y-websocket providers (one per editor),
 * edits at the rate the driver asks, and times every remote edit's arrival. Talks to the driver
 * over the IPC channel (see `protocol.ts`).
 */
import type { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { Editor, fingerprint, marks, MARKS, newLatencies, nowMs, prng, type Mark } from './edits.js'
import { openProvider, synced } from './providers.js'
import type { DriverMessage, EditorSpec, WorkerMessage } from './protocol.js'

process.setMaxListeners(0)

interface Live {
  spec: EditorSpec
  doc: Y.Doc
  provider: WebsocketProvider
  editor: Editor
  timer: NodeJS.Timeout | null
  sent: number
  measuredSent: number
}

const editors: Live[] = []
let measured = false
let latencies: number[] = []
/** Those of `latencies` whose writer is on another server process than the reader. */
let crossLatencies: number[] = []
let syncBases: string[] = []
let token: string | null = null

function reply(message: WorkerMessage): void {
  process.send!(message)
}

/** The server process an endpoint's editors are connected to (its sync base). */
const processOf = (endpoint: number) => endpoint % syncBases.length

async function init(specs: EditorSpec[], endpoints: Record<string, number>, seed: number): Promise<void> {
  // Open in slices so the server is not handed hundreds of handshakes in one tick.
  for (let i = 0; i < specs.length; i += 25) {
    const slice = specs.slice(i, i + 25).map((spec, j) => {
      const doc = new Y.Doc()
      const provider = openProvider(syncBases[processOf(spec.endpoint)]!, token, spec.sheet, doc)
      const live: Live = { spec, doc, provider, editor: new Editor(doc, spec.key, prng(seed + i + j)), timer: null, sent: 0, measuredSent: 0 }
      // The last edit seen of each other writer: a message may bring several of one writer's edits.
      const seen = new Map<string, number>()
      doc.getMap<Mark>(MARKS).observe((event) => {
        if (event.transaction.local) return
        const at = nowMs()
        for (const key of event.keysChanged) {
          if (key === spec.key) continue
          const mark = doc.getMap<Mark>(MARKS).get(key)
          if (!mark) continue
          if (mark[1] === 1 && measured) {
            const arrived = newLatencies(mark, seen.get(key) ?? 0, at)
            latencies.push(...arrived)
            if (processOf(endpoints[key] ?? spec.endpoint) !== processOf(spec.endpoint)) crossLatencies.push(...arrived)
          }
          seen.set(key, Math.max(seen.get(key) ?? 0, mark[0]))
        }
      })
      editors.push(live)
      return live
    })
    await Promise.all(slice.map((l) => synced(l.provider)))
  }
  for (const live of editors) live.editor.setup()
}

function run(rate: number): void {
  stop()
  const period = 1000 / rate
  for (const live of editors) {
    let due = performance.now() + Math.random() * period
    const tick = () => {
      live.editor.edit(measured)
      live.sent++
      if (measured) live.measuredSent++
      due += period
      live.timer = setTimeout(tick, Math.max(0, due - performance.now()))
    }
    live.timer = setTimeout(tick, Math.max(0, due - performance.now()))
  }
}

function stop(): void {
  for (const live of editors) {
    if (live.timer) clearTimeout(live.timer)
    live.timer = null
  }
}

async function verify(sheets: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  await Promise.all(
    sheets.map(async (sheet) => {
      const doc = new Y.Doc()
      // From the last endpoint: with several processes, the sheet as another process than most editors' serves it.
      const provider = openProvider(syncBases.at(-1)!, token, sheet, doc)
      await synced(provider)
      out[sheet] = fingerprint(doc)
      provider.destroy()
      doc.destroy()
    }),
  )
  return out
}

process.on('message', (message: DriverMessage) => {
  const handle = async (): Promise<WorkerMessage | null> => {
    switch (message.type) {
      case 'init':
        syncBases = message.syncBases
        token = message.token
        await init(message.editors, message.endpoints, message.seed)
        return { type: 'ready' }
      case 'run':
        run(message.rate)
        return null
      case 'measure':
        measured = message.on
        if (message.on) {
          latencies = []
          crossLatencies = []
        }
        return null
      case 'stop':
        stop()
        return { type: 'stopped', sent: Object.fromEntries(editors.map((l) => [l.spec.key, l.sent])), measuredSent: editors.reduce((n, l) => n + l.measuredSent, 0) }
      case 'reset':
        for (const l of editors) l.measuredSent = 0
        latencies = []
        crossLatencies = []
        return null
      case 'collect':
        return {
          type: 'collected',
          editors: editors.map((l) => ({
            key: l.spec.key,
            sheet: l.spec.sheet,
            marks: marks(l.doc),
            fingerprint: message.fingerprints ? fingerprint(l.doc) : '',
            connected: l.provider.wsconnected,
          })),
          latencies: message.latencies ? latencies : [],
          crossLatencies: message.latencies ? crossLatencies : [],
          cpu: process.cpuUsage(),
        }
      case 'verify':
        return { type: 'verified', fingerprints: await verify(message.sheets) }
      case 'exit':
        stop()
        for (const l of editors) l.provider.destroy()
        setTimeout(() => process.exit(0), 50)
        return null
    }
  }
  handle().then(
    (answer) => answer && reply(answer),
    (error: unknown) => reply({ type: 'error', message: String((error as Error)?.stack ?? error) }),
  )
})
