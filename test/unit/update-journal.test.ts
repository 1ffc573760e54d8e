import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { decodeRecords, encodeRecords, UpdateJournal } from '../../server/collab/update-journal.js'
import type { LogEntry } from '../../server/collab/types.js'

const entry = (docName: string, seq: number, userId: string | null = 'u-1'): LogEntry => ({
  docName,
  seq,
  userId,
  data: Uint8Array.from({ length: 20 + seq }, (_, i) => (i * 7 + seq) % 256),
})

describe('the update journal', () => {
  let dir: string
  let file: string

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ficha-journal-'))
    file = join(dir, 'ficha.journal')
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('reads back what it wrote, turn after turn and across reopening, authors and all', () => {
    const first = UpdateJournal.open(file, { sync: 'normal' })
    expect(first.contents).toEqual({ entries: [], tornBytes: 0 })
    first.journal.write([entry('A', 1), entry('B', 1, null)])
    first.journal.write([entry('A', 2)])
    first.journal.close()
    const again = UpdateJournal.open(file, { sync: 'full' })
    expect(again.contents).toEqual({ entries: [entry('A', 1), entry('B', 1, null), entry('A', 2)], tornBytes: 0 })
    again.journal.write([entry('A', 3)])
    again.journal.close()
    expect(decodeRecords(readFileSync(file)).entries.map((e) => `${e.docName}${e.seq}`)).toEqual(['A1', 'B1', 'A2', 'A3'])
  })

  it('stops at a torn last record, wherever the write was cut, and writes the next record over it', () => {
    const whole = encodeRecords([entry('A', 1), entry('A', 2)])
    const last = encodeRecords([entry('A', 2)]).byteLength
    for (let cut = 1; cut < last; cut++) {
      writeFileSync(file, whole.subarray(0, whole.byteLength - cut))
      const { journal, contents } = UpdateJournal.open(file, { sync: 'normal' })
      expect(contents.entries).toEqual([entry('A', 1)])
      expect(contents.tornBytes).toBe(last - cut)
      journal.write([entry('A', 3)])
      journal.close()
      // What was left of the torn record past the new one is a torn tail again, never a record.
      expect(decodeRecords(readFileSync(file)).entries).toEqual([entry('A', 1), entry('A', 3)])
    }
  })

  it('stops at a damaged record: nothing after it is trusted', () => {
    const bytes = encodeRecords([entry('A', 1), entry('B', 1), entry('A', 2)])
    const second = encodeRecords([entry('A', 1)]).byteLength
    for (const offset of [second + 2, second + 5, second + 12, second + 30]) {
      const damaged = Buffer.from(bytes)
      damaged[offset] = damaged[offset]! ^ 0x10
      const contents = decodeRecords(damaged)
      expect(contents.entries).toEqual([entry('A', 1)])
      expect(contents.tornBytes).toBe(bytes.byteLength - second)
    }
  })

  it('starts again from empty once settled, past its size or when told, keeping only the retained entries', () => {
    const { journal } = UpdateJournal.open(file, { sync: 'normal' })
    journal.write([entry('A', 1), entry('B', 1)])
    journal.settled()
    expect(statSync(file).size).toBeGreaterThan(0)
    journal.settled(true)
    expect(statSync(file).size).toBe(0)

    journal.write([entry('A', 2), entry('B', 2)])
    journal.retain([entry('B', 2)])
    journal.settled(true)
    expect(decodeRecords(readFileSync(file)).entries).toEqual([entry('B', 2)])
    expect(journal.retainedOf('B')).toEqual([entry('B', 2)])
    // Written after the rotation, at the end of the new file.
    journal.write([entry('A', 3)])
    expect(decodeRecords(readFileSync(file)).entries).toEqual([entry('B', 2), entry('A', 3)])

    journal.release('B')
    expect(journal.retainedOf('B')).toEqual([])
    for (let seq = 4; statSync(file).size < 1024 * 1024; seq++) journal.write([{ ...entry('A', seq), data: new Uint8Array(4096) }])
    journal.settled()
    expect(statSync(file).size).toBe(0)
    journal.close()
  })

  it('refuses nothing it did not write: bytes after the records that are not a record are a torn tail', () => {
    writeFileSync(file, encodeRecords([entry('A', 1)]))
    appendFileSync(file, Buffer.from([3, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3]))
    const { journal, contents } = UpdateJournal.open(file, { sync: 'normal' })
    expect(contents).toEqual({ entries: [entry('A', 1)], tornBytes: 11 })
    journal.close()
  })
})
