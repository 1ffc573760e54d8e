import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addRow, removeRow, setCell, setField } from '../../shared/sheet/layout.js'
import { touchesLockedRows } from '../../server/collab/locked-rows.js'

/** A server replica with two periods, and a client replica whose next update we inspect. */
function setup() {
  const server = new Y.Doc()
  const locked = addRow(server, 'finance', { period: '2010-2', total: '5000000', transferred: '1409917' })
  const open = addRow(server, 'finance', { period: '2011-1', total: '5000000', transferred: '1429667' })
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  const nextUpdate = (change: (doc: Y.Doc) => void) => {
    let captured: Uint8Array | null = null
    const listener = (update: Uint8Array) => (captured = update)
    client.on('update', listener)
    change(client)
    client.off('update', listener)
    return captured!
  }
  return { server, client, locked, open, nextUpdate }
}

describe('locked financial rows', () => {
  const periods = new Set(['2010-2'])

  it('catch a change of any cell, and the deletion of the row', () => {
    // Each from a fresh pair: a refused update never reaches the server replica.
    const changes: ((doc: Y.Doc, row: string) => unknown)[] = [
      (d, row) => setCell(d, 'finance', row, 'transferred', '1429667'),
      (d, row) => setCell(d, 'finance', row, 'committed', '1'),
      (d, row) => setCell(d, 'finance', row, 'transferred', ''),
      (d, row) => setCell(d, 'finance', row, 'period', '2011-2'),
      (d, row) => removeRow(d, 'finance', row),
    ]
    for (const change of changes) {
      const { server, locked, nextUpdate } = setup()
      expect(touchesLockedRows(server, nextUpdate((d) => change(d, locked)), periods)).toBe(true)
    }
  })

  it('let everything else through', () => {
    const { server, open, nextUpdate } = setup()
    expect(touchesLockedRows(server, nextUpdate((d) => setCell(d, 'finance', open, 'transferred', '2000000')), periods)).toBe(false)
    expect(touchesLockedRows(server, nextUpdate((d) => addRow(d, 'finance', { period: '2011-2' })), periods)).toBe(false)
    expect(touchesLockedRows(server, nextUpdate((d) => setField(d, 'budget.total', '5000000')), periods)).toBe(false)
    expect(touchesLockedRows(server, nextUpdate((d) => d.getXmlFragment('text:summary').insert(0, [new Y.XmlText('x')])), periods)).toBe(false)
    expect(touchesLockedRows(server, nextUpdate((d) => setCell(d, 'finance', open, 'committed', '5')), new Set())).toBe(false)
  })
})
