/**
 * What a benchmark editor does to a sheet: narrative typing (one character per edit into its own
 * paragraph of the summary narrative, as y-prosemirror writes it) and financial-cell changes (a
 * money cell of a finance row). Every edit also stamps `[seq, sentAtMs, measured]` under the
 * editor's key in a small map, so that every other editor can time its arrival and count it.
 */
import { createHash } from 'node:crypto'
import * as Y from 'yjs'
import { addRow } from '../../shared/sheet/layout.js'

export const MARKS = 'bench:marks'
export const NARRATIVE = 'text:summary'
export const FINANCE = 'list:finance'
const COLUMNS = ['transferred', 'committed', 'disbursed'] as const
const WORDS = 'el programa conjunto busca aliviar la pobreza mediante industrias creativas inclusivas en turismo artesania y gastronomia'.split(' ')

/** Monotonic milliseconds, comparable between processes of one machine (CLOCK_MONOTONIC). */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6
}

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * An editor's latest edit: its number, whether it is measured, and when it and the few before it
 * were sent, newest first. A server may deliver several edits of one editor in one message (Ficha
 * merges a busy turn's updates); a receiver then sees only the last mark, and times the edits it
 * skipped from the earlier send times.
 */
export type Mark = [seq: number, measured: 0 | 1, ...sentAt: number[]]
/** Send times a mark carries. */
export const MARK_HISTORY = 4

/** Arrival latencies (ms) of the edits a mark newly shows, given the last edit seen of its writer. */
export function newLatencies(mark: Mark, lastSeen: number, arrivedAt: number): number[] {
  const [seq, , ...sentAt] = mark
  const latencies: number[] = []
  for (let s = Math.max(lastSeen + 1, seq - sentAt.length + 1); s <= seq; s++) latencies.push(arrivedAt - sentAt[seq - s]!)
  return latencies
}

export class Editor {
  private text: Y.XmlText | null = null
  private typed = 0
  private word = 0
  /** Send times of the latest edits, newest first. */
  private readonly sentAt: number[] = []
  seq = 0

  constructor(
    readonly doc: Y.Doc,
    readonly key: string,
    private readonly rand: () => number,
    /** Stamps each edit's mark (a generated history passes a fixed clock to be reproducible). */
    private readonly clock: () => number = nowMs,
  ) {}

  /** Its own paragraph in the narrative and its own finance row (one transaction). */
  setup(): void {
    this.doc.transact(() => {
      const fragment = this.doc.getXmlFragment(NARRATIVE)
      const paragraph = new Y.XmlElement('paragraph')
      this.text = new Y.XmlText()
      paragraph.insert(0, [this.text])
      fragment.insert(fragment.length, [paragraph])
      // A row id from the editor's key: a history generated twice (driver and reference server) is the same.
      addRow(this.doc, 'finance', { period: `20${10 + Math.floor(this.rand() * 10)}-${1 + Math.floor(this.rand() * 2)}`, total: '5000000' }, { id: `row-${this.key}` })
    })
  }

  /** One edit: ~70 % typing a character, ~30 % changing a money cell. */
  edit(measured: boolean): void {
    const seq = ++this.seq
    this.doc.transact(() => {
      const rows = this.doc.getArray<Y.Map<unknown>>(FINANCE)
      if (this.text === null || this.rand() < 0.7 || rows.length === 0) {
        this.type()
      } else {
        const row = rows.get(Math.floor(this.rand() * rows.length))
        row.set(COLUMNS[Math.floor(this.rand() * COLUMNS.length)]!, String(Math.floor(this.rand() * 5_000_000)))
      }
      this.sentAt.unshift(this.clock())
      if (this.sentAt.length > MARK_HISTORY) this.sentAt.pop()
      this.doc.getMap<Mark>(MARKS).set(this.key, [seq, measured ? 1 : 0, ...this.sentAt])
    })
  }

  private type(): void {
    if (!this.text) this.setup()
    const word = WORDS[this.word % WORDS.length]!
    const ch = this.typed < word.length ? word[this.typed]! : ' '
    this.text!.insert(this.text!.length, ch)
    if (++this.typed > word.length) {
      this.typed = 0
      this.word++
    }
  }
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
  }
  return value
}

/** A digest of a sheet's state (state vector and content) that is equal on converged replicas. */
export function fingerprint(doc: Y.Doc): string {
  const sv = [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort((a, b) => a[0] - b[0])
  const content = [
    sv,
    doc.getXmlFragment(NARRATIVE).toString(),
    canonical(doc.getArray(FINANCE).toJSON()),
    canonical(doc.getMap(MARKS).toJSON()),
    canonical(doc.getMap('fields').toJSON()),
  ]
  return createHash('sha1').update(JSON.stringify(content)).digest('hex')
}

/** The last sequence number of every writer visible in `doc`. */
export function marks(doc: Y.Doc): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [key, mark] of doc.getMap<Mark>(MARKS).entries()) out[key] = mark[0]
  return out
}

/**
 * A history of `count` small real updates as one editing session would leave them (typing and
 * cells), each a separate update as the server would log it. Deterministic for a seed.
 */
export function makeHistory(count: number, seed = 1, editors = 4): Uint8Array[] {
  const updates: Uint8Array[] = []
  const rand = prng(seed)
  // Fixed client ids: the driver and the reference server generate the same history.
  const docs = Array.from({ length: editors }, (_, i) => {
    const doc = new Y.Doc()
    doc.clientID = 1_000_000 + seed * 100 + i
    return doc
  })
  // Every replica hears every other: one shared log, applied to all.
  const replicas = docs.map((doc, i) => new Editor(doc, `h${i}`, prng(seed * 100 + i), () => 0))
  for (const doc of docs) {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'peer') return
      updates.push(update)
      for (const other of docs) if (other !== doc) Y.applyUpdate(other, update, 'peer')
    })
  }
  for (const r of replicas) r.setup()
  while (updates.length < count) replicas[Math.floor(rand() * editors)]!.edit(false)
  for (const doc of docs) doc.destroy()
  return updates.slice(0, count)
}
