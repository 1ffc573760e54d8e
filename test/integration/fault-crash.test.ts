import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { waitUntil } from '../support/clients.js'
import { createProgramme, processHarness } from '../support/process.js'
import { freePort } from '../../server/cli/local-services.js'

const WRITERS = 10

/** Every item of every writer's stream in `doc`, as `writer:n`. */
function items(doc: Y.Doc): Set<string> {
  const out = new Set<string>()
  for (let w = 0; w < WRITERS; w++) for (const n of doc.getArray<number>(`w${w}`).toArray()) out.add(`${w}:${n}`)
  return out
}

describe('SIGKILL while ten clients type', () => {
  const { dataDir: newDataDir, spawn, connect } = processHarness()

  it('a fresh client after the restart already sees everything anyone had received; then all converge on every edit made', async () => {
    const dataDir = newDataDir()
    const port = String(await freePort())
    const first = await spawn({ DATA_DIR: dataDir, PORT: port })
    await createProgramme(first, 'FAULT-CRASH')

    const writers = Array.from({ length: WRITERS }, () => connect(first, 'FAULT-CRASH'))
    await Promise.all(writers.map((w) => w.synced()))
    const sent = writers.map(() => 0)
    const timer = setInterval(() => {
      writers.forEach((w, i) => w.doc.getArray<number>(`w${i}`).push([sent[i]!++]))
    }, 5)
    // Until every writer has received a fair share of the others' edits.
    await waitUntil(() => writers.every((w) => items(w.doc).size >= WRITERS * 30), 'the writers to exchange edits', 20_000)
    first.child.kill('SIGKILL')
    await first.exited
    clearInterval(timer)
    // Keep typing offline for a moment, as people do.
    writers.forEach((w, i) => w.doc.getArray<number>(`w${i}`).push([sent[i]!++]))
    for (const w of writers) w.provider.disconnect()

    // What each client had received from the others when the server died.
    const received = new Set<string>()
    writers.forEach((w, i) => {
      for (const item of items(w.doc)) if (!item.startsWith(`${i}:`)) received.add(item)
    })
    expect(received.size).toBeGreaterThan(0)

    const second = await spawn({ DATA_DIR: dataDir, PORT: port })
    const fresh = connect(second, 'FAULT-CRASH', new Y.Doc())
    await fresh.synced()
    const stored = items(fresh.doc)
    expect([...received].filter((item) => !stored.has(item))).toEqual([])

    // The writers come back (same URL) and resend what the server never stored.
    for (const w of writers) w.provider.connect()
    const everything = new Set(sent.flatMap((count, w) => Array.from({ length: count }, (_, n) => `${w}:${n}`)))
    for (const c of [...writers, fresh]) {
      await waitUntil(() => items(c.doc).size === everything.size, 'every client to hold every edit', 20_000)
    }
    for (const c of [...writers, fresh]) expect([...everything].every((item) => items(c.doc).has(item))).toBe(true)
  }, 60_000)
})
