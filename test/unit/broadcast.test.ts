import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as decoding from 'lib0/decoding'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openDatabase, type SqliteDb } from '../../db/connection.js'
import { migrateToLatest } from '../../db/migrate.js'
import { appendLog } from '../../db/repositories/documents.js'
import { CommitQueue } from '../../server/collab/commit-queue.js'
import { LiveDocument, type Peer } from '../../server/collab/live-document.js'
import type { Outgoing } from '../../server/collab/outgoing.js'
import { sqliteDocumentStore } from '../../server/collab/sqlite-store.js'
import { UpdateJournal } from '../../server/collab/update-journal.js'
import { createLogger } from '../../server/log.js'
import { Metrics } from '../../server/metrics.js'
import { CloseCode, MessageType } from '../../shared/protocol.js'
import { storedDoc } from '../support/stored.js'
import { Editor, fingerprint, prng } from '../bench/edits.js'

/** The socket side of a peer: keeps the document updates it is sent, decoded. */
class ListeningPeer implements Peer {
  readonly awarenessClients = new Set<number>()
  /** Set as a connection sets it when it takes up a frame. */
  handlingSince = 0
  readonly updates: Uint8Array[] = []
  readonly doc = new Y.Doc()
  constructor(readonly access = { userId: null, readOnly: false, bypassLocks: false } as Peer['access']) {}
  send({ bytes }: Outgoing): void {
    const decoder = decoding.createDecoder(bytes)
    if (decoding.readVarUint(decoder) !== MessageType.sync) return
    decoding.readVarUint(decoder) // sync message type: an update
    const update = decoding.readVarUint8Array(decoder)
    this.updates.push(update)
    Y.applyUpdate(this.doc, update)
  }
  close(): void {}
}

/** A client's document: each call sets a field and answers the update the client would send. */
function client(clientID: number): (key: string) => Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = clientID
  return (key) => {
    let update: Uint8Array = new Uint8Array()
    doc.once('update', (u: Uint8Array) => (update = u))
    doc.getMap('fields').set(key, `by ${clientID}`)
    return update
  }
}
const editBy = (clientID: number, key: string) => client(clientID)(key)

/** Client 1 adds an item to a list, client 2 one after it: `dangling` refers to `first`. */
function chainedEdits(): { first: Uint8Array; dangling: Uint8Array } {
  const upstream = new Y.Doc()
  upstream.clientID = 1
  upstream.getArray('list').insert(0, ['from 1'])
  const downstream = new Y.Doc()
  downstream.clientID = 2
  const first = Y.encodeStateAsUpdate(upstream)
  Y.applyUpdate(downstream, first)
  let dangling: Uint8Array = new Uint8Array()
  downstream.once('update', (u: Uint8Array) => (dangling = u))
  downstream.getArray('list').insert(1, ['from 2'])
  return { first, dangling }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

describe('broadcasting the updates of one turn', () => {
  let dir: string
  let db: SqliteDb
  let live: LiveDocument
  let metrics: Metrics
  let journal: UpdateJournal
  /** Close codes the document asked its registry to close its peers with. */
  let failures: number[]

  /** Opens DOC with its own commit queue, writing to the journal at `journalFile`. */
  function openLive(journalFile: string): void {
    const store = sqliteDocumentStore(db)
    const log = createLogger('silent')
    journal = UpdateJournal.open(journalFile, { sync: 'normal' }).journal
    live = new LiveDocument('DOC', store.load('DOC'), {
      store,
      commits: new CommitQueue(store, journal, log, metrics),
      log,
      metrics,
      compactAfterUpdates: 1000,
      maxWakeMs: 20,
      onIdle: () => {},
      onFailed: (_doc, code) => failures.push(code),
    })
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ficha-broadcast-'))
    db = openDatabase(join(dir, 'b.sqlite'))
    await migrateToLatest(db.kysely)
    metrics = new Metrics()
    failures = []
    openLive(join(dir, 'b.journal'))
  })

  afterEach(async () => {
    live.destroy()
    journal.close()
    await db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  function peers(n: number): ListeningPeer[] {
    return Array.from({ length: n }, () => {
      const peer = new ListeningPeer()
      live.addPeer(peer)
      return peer
    })
  }

  /** Applies each update as its peer's connection does, all in one turn, and lets the turn end. */
  async function oneTurn(edits: [ListeningPeer, Uint8Array][]): Promise<void> {
    for (const [peer, update] of edits) {
      peer.handlingSince = performance.now()
      live.applyFrom(peer, update)
    }
    await nextTurn()
  }

  const loggedUpdates = () => (db.sqlite.prepare("select data from doc_log where doc_name = 'DOC' order by seq").all() as { data: Uint8Array }[]).map((r) => new Uint8Array(r.data))

  const fieldsOf = (doc: Y.Doc) => doc.getMap('fields').toJSON()

  it('sends a busy document the turn merged: one message per peer, every edit stored one by one', async () => {
    const [a, b, ...others] = peers(8)
    await oneTurn([
      [a!, editBy(1, 'a')],
      [b!, editBy(2, 'b')],
      [a!, editBy(3, 'c')],
    ])
    for (const peer of [a!, b!, ...others]) {
      expect(peer.updates).toHaveLength(1)
      expect(fieldsOf(peer.doc)).toEqual({ a: 'by 1', b: 'by 2', c: 'by 3' })
    }
    expect(db.sqlite.prepare("select count(*) n from doc_log where doc_name = 'DOC'").get()).toEqual({ n: 3 })
    expect(fieldsOf(storedDoc(db, 'DOC'))).toEqual({ a: 'by 1', b: 'by 2', c: 'by 3' })
  })

  it('does not send a peer back a turn it wrote alone', async () => {
    const [a, ...others] = peers(5)
    const edit = client(1)
    await oneTurn([
      [a!, edit('a')],
      [a!, edit('a2')],
    ])
    expect(a!.updates).toHaveLength(0)
    for (const peer of others) {
      expect(peer.updates).toHaveLength(1)
      expect(fieldsOf(peer.doc)).toEqual({ a: 'by 1', a2: 'by 1' })
    }
  })

  it('sends update by update where merging would not save enough sends, never back to the author', async () => {
    const [a, b, c] = peers(3)
    await oneTurn([
      [a!, editBy(1, 'a')],
      [b!, editBy(2, 'b')],
    ])
    expect(a!.updates).toHaveLength(1)
    expect(b!.updates).toHaveLength(1)
    expect(c!.updates).toHaveLength(2)
    for (const peer of [a!, b!, c!]) expect(Object.keys(fieldsOf(peer.doc)).length).toBe(peer === c ? 2 : 1)
  })
  it('stores and sends a client update once, and an update the document already has not at all', async () => {
    const [a, b] = peers(2)
    const update = editBy(1, 'a')
    await oneTurn([[a!, update]])
    await oneTurn([[b!, update]])
    expect(loggedUpdates()).toEqual([update])
    expect(b!.updates).toEqual([update])
    expect(a!.updates).toEqual([])
  })

  it('stores an update that brings back what the document has with what it lacks, and all converge', async () => {
    const [a, b, c] = peers(3)
    const first = editBy(1, 'a')
    await oneTurn([[a!, first]])
    // A client that reconnects sends what it has since its last sync, which may overlap.
    const both = Y.mergeUpdates([first, editBy(2, 'b')])
    await oneTurn([[b!, both]])
    expect(loggedUpdates()).toEqual([first, both])
    for (const peer of [a!, c!]) expect(fieldsOf(peer.doc)).toEqual({ a: 'by 1', b: 'by 2' })
    expect(fieldsOf(storedDoc(db, 'DOC'))).toEqual({ a: 'by 1', b: 'by 2' })
  })

  it('stores what Yjs integrated of an update left waiting for items the document lacks, and refuses it', async () => {
    const [a, b] = peers(2)
    // Client 2 edits on top of client 1's item, which the server never received.
    const { dangling } = chainedEdits()
    const update = Y.mergeUpdates([editBy(3, 'c'), dangling])
    expect(() => live.applyFrom(a!, update)).toThrow(/does not have/)
    await nextTurn()
    const logged = loggedUpdates()
    expect(logged).toHaveLength(1)
    expect(logged[0]).not.toEqual(update)
    const stored = storedDoc(db, 'DOC')
    expect(fieldsOf(stored)).toEqual({ c: 'by 3' })
    expect(stored.getArray('list').length).toBe(0)
    expect(stored.store.pendingStructs).toBeNull()
    expect(fieldsOf(b!.doc)).toEqual({ c: 'by 3' })
    expect(live.doc.store.pendingStructs).toBeNull()
  })

  it('sends what an update integrated with it, when it lets items the document held waiting integrate too', async () => {
    // Stored before the server refused such updates: the document loads with client 2's item waiting.
    const { first, dangling } = chainedEdits()
    live.destroy()
    journal.close()
    appendLog(db, [{ docName: 'DOC', seq: 1, data: dangling, userId: null }], Date.now())
    openLive(join(dir, 'b2.journal'))
    expect(live.doc.store.pendingStructs).not.toBeNull()
    const [a, b] = peers(2)
    await oneTurn([[a!, first]])
    expect(live.doc.getArray('list').toJSON()).toEqual(['from 1', 'from 2'])
    expect(b!.doc.getArray('list').toJSON()).toEqual(['from 1', 'from 2'])
    expect(loggedUpdates()[1]).not.toEqual(first)
    expect(storedDoc(db, 'DOC').getArray('list').toJSON()).toEqual(['from 1', 'from 2'])
  })

  it('stores what Yjs integrated of an update that breaks off in its deletions, never the broken bytes', async () => {
    const [a, b] = peers(2)
    const doc = new Y.Doc()
    doc.clientID = 1
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    doc.getMap('fields').set('gone', 'soon')
    doc.getMap('fields').delete('gone')
    doc.getMap('fields').set('kept', 'yes')
    // The connection checks updates whole first (checkUpdate); a torn one reaching Yjs integrates
    // its structs and then throws on its delete set.
    const torn = Y.mergeUpdates(updates).slice(0, -1)
    expect(() => live.applyFrom(a!, torn)).toThrow()
    await nextTurn()
    const logged = loggedUpdates()
    expect(logged).toHaveLength(1)
    expect(logged[0]).not.toEqual(torn)
    expect(fieldsOf(storedDoc(db, 'DOC'))).toEqual(fieldsOf(live.doc))
    expect(fieldsOf(b!.doc)).toEqual(fieldsOf(live.doc))
  })

  it("counts each client update's time in the server, from taking up its frame to the end of its broadcast", async () => {
    const [a, b] = peers(2)
    const series = (name: string) => Number(new RegExp(`^ficha_update_relay_seconds_${name} (\\S+)$`, 'm').exec(metrics.render())?.[1])
    // Frames taken up 50 ms before their updates are applied: the relay time counts from there.
    const edits: [ListeningPeer, Uint8Array][] = [
      [a!, editBy(1, 'a')],
      [b!, editBy(2, 'b')],
    ]
    for (const [peer, update] of edits) {
      peer.handlingSince = performance.now() - 50
      live.applyFrom(peer, update)
    }
    expect(series('count')).toBe(0)
    await nextTurn()
    expect(series('count')).toBe(2)
    expect(series('sum')).toBeGreaterThanOrEqual(0.1)
    // The server's own changes (an import, a restore) come from no frame.
    live.change((doc) => doc.getMap('fields').set('server', 'x'))
    expect(series('count')).toBe(2)
  })

  it('sends nothing and stores nothing when the journal cannot be written, and fails the document (4501)', async () => {
    live.destroy()
    journal.close()
    // Every write to /dev/full fails with ENOSPC, as on a full disk.
    openLive('/dev/full')
    const [a, b] = peers(2)
    await oneTurn([[a!, editBy(1, 'a')]])
    expect(failures).toEqual([CloseCode.storeFailed])
    expect(b!.updates).toHaveLength(0)
    expect(db.sqlite.prepare('select count(*) n from doc_log').get()).toEqual({ n: 0 })
    expect(metrics.storeFailures).toBe(1)
  })

  it('keeps every peer converged through random turns of typing and cell edits, merged or not', async () => {
    const rand = prng(7)
    const all = peers(6)
    const editors = all.map((peer, i) => new Editor(peer.doc, `p${i}`, prng(100 + i)))
    /** A peer edits its own copy and sends the update, as its connection would apply it. */
    const send = (i: number, change: () => void) => {
      let update: Uint8Array | null = null
      all[i]!.doc.once('update', (u: Uint8Array) => (update = u))
      change()
      if (update) live.applyFrom(all[i]!, update)
    }
    let sent = 0
    for (let turn = 0; turn < 150; turn++) {
      const edits = 1 + Math.floor(rand() * 6)
      for (let e = 0; e < edits; e++) {
        const i = Math.floor(rand() * all.length)
        send(i, () => editors[i]!.edit(false))
        sent++
      }
      await nextTurn()
    }
    const server = fingerprint(live.doc)
    for (const peer of all) {
      expect(fingerprint(peer.doc)).toBe(server)
      expect(peer.doc.store.pendingStructs).toBeNull()
    }
    expect(fingerprint(storedDoc(db, 'DOC'))).toBe(server)
    // Merging happened: the peers received fewer messages than one per update of another peer.
    const received = all.reduce((n, peer) => n + peer.updates.length, 0)
    expect(received).toBeLessThan(sent * (all.length - 1))
  })
})
