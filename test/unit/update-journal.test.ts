import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as decoding from 'lib0/decoding'
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

  it('writes each body as lib0 encodes a log entry: names in any script, numbers past 32 bits, large updates', () => {
    const odd: LogEntry[] = [
      { docName: 'PNUD-Perú-ñandú-漢字', seq: 2 ** 40 + 3, userId: 'usuária-ü', data: Uint8Array.from({ length: 70_000 }, (_, i) => i % 251) },
      { docName: 'B', seq: 127, userId: null, data: new Uint8Array() },
      { docName: 'B', seq: 128, userId: '', data: Uint8Array.of(1) },
    ]
    const records = encodeRecords(odd)
    let at = 0
    for (const expected of odd) {
      const length = records.readUInt32LE(at)
      const body = new Uint8Array(records.subarray(at + 8, at + 8 + length))
      const decoder = decoding.createDecoder(body)
      const decoded = {
        docName: decoding.readVarString(decoder),
        seq: decoding.readVarUint(decoder),
        userId: decoding.readVarUint(decoder) === 1 ? decoding.readVarString(decoder) : null,
        data: decoding.readVarUint8Array(decoder),
      }
      expect(decoding.hasContent(decoder)).toBe(false)
      expect(decoded).toEqual(expected)
      at += 8 + length
    }
    expect(at).toBe(records.byteLength)
    expect(decodeRecords(records)).toEqual({ entries: odd, tornBytes: 0 })
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
