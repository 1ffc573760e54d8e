import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Editor, MARKS, newLatencies, prng, type Mark } from '../bench/edits.js'

describe('benchmark marks (timing every edit, also when a server delivers several at once)', () => {
  it('times each edit a mark newly shows from its own send time', () => {
    let clock = 100
    const editor = new Editor(new Y.Doc(), 'w', prng(1), () => clock)
    for (const at of [100, 110, 125]) {
      clock = at
      editor.edit(true)
    }
    const mark = editor.doc.getMap<Mark>(MARKS).get('w')!
    expect(mark.slice(0, 2)).toEqual([3, 1])
    // Seen up to edit 1: edits 2 and 3 arrive together at 130.
    expect(newLatencies(mark, 1, 130)).toEqual([20, 5])
    expect(newLatencies(mark, 3, 130)).toEqual([])
  })

  it('keeps the send times of the last few edits only', () => {
    let clock = 0
    const editor = new Editor(new Y.Doc(), 'w', prng(2), () => clock)
    for (let i = 1; i <= 10; i++) {
      clock = i * 10
      editor.edit(false)
    }
    const mark = editor.doc.getMap<Mark>(MARKS).get('w')!
    expect(newLatencies(mark, 0, 100)).toEqual([30, 20, 10, 0])
  })
})
