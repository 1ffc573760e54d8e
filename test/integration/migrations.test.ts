import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import * as Y from 'yjs'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/connection.js'
import { migrateDown, migrateToLatest } from '../../db/migrate.js'
import { readDocument } from '../../db/repositories/documents.js'
import { tempDataDir } from '../support/server.js'

describe('migrations', () => {
  const dir = tempDataDir()
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('apply on a new file in WAL mode, revert one by one to nothing, and apply again to the same schema', async () => {
    const db = openDatabase(join(dir, 'm.sqlite'))
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    const schema = async () =>
      (await sql<{ sql: string }>`select sql from sqlite_master where name not like 'kysely%' and name not like 'sqlite%' and sql is not null order by name`.execute(db.kysely)).rows.map((r) => r.sql)

    const applied = await migrateToLatest(db.kysely)
    const latest = await schema()
    expect(latest.join('\n')).toMatch(/create table "programmes"/i)
    expect((await migrateToLatest(db.kysely)).results).toEqual([])

    // Each migration reverts to a different schema, and all of them to an empty database.
    const seen = [latest.join('\n')]
    for (let i = 0; i < applied.results!.length; i++) {
      await migrateDown(db.kysely)
      const now = (await schema()).join('\n')
      expect(seen).not.toContain(now)
      seen.push(now)
    }
    expect(await schema()).toEqual([])

    await migrateToLatest(db.kysely)
    expect(await schema()).toEqual(latest)
    await db.close()
  })

  it('moves the document log to per-document sequences without losing an update, and back', async () => {
    const db = openDatabase(join(dir, 'log.sqlite'))
    await migrateToLatest(db.kysely)
    const tables = () => db.sqlite.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[]
    while (!tables().includes('doc_updates')) await migrateDown(db.kysely)
    // The old layout: one global AUTOINCREMENT log; A compacted up to its second update, B never.
    const a = new Y.Doc()
    const b = new Y.Doc()
    const updates: { doc: string; data: Uint8Array }[] = []
    a.on('update', (data: Uint8Array) => updates.push({ doc: 'A', data }))
    b.on('update', (data: Uint8Array) => updates.push({ doc: 'B', data }))
    for (let i = 0; i < 5; i++) {
      a.getText('t').insert(i, String(i))
      b.getMap('m').set(`k${i}`, i)
    }
    const insert = db.sqlite.prepare('insert into doc_updates (doc_name, data, created_at, user_id) values (?, ?, 0, ?) returning id')
    const ids = updates.map((u) => (insert.get(u.doc, u.data, u.doc === 'A' ? 'ana' : null) as { id: number }).id)
    const aIds = ids.filter((_, i) => updates[i]!.doc === 'A')
    const early = new Y.Doc()
    updates.filter((u) => u.doc === 'A').slice(0, 2).forEach((u) => Y.applyUpdate(early, u.data))
    db.sqlite.prepare('insert into doc_states (doc_name, state, last_update_id, updated_at) values (?, ?, ?, 0)').run('A', Y.encodeStateAsUpdate(early), aIds[1])
    // A row already folded into the state but not yet deleted must not be replayed twice.
    db.sqlite.prepare('delete from doc_updates where id = ?').run(aIds[0])

    const contents = () => {
      const out: Record<string, unknown> = {}
      for (const name of ['A', 'B']) {
        const stored = readDocument(db, name)
        const doc = new Y.Doc()
        if (stored.state) Y.applyUpdate(doc, stored.state)
        stored.updates.forEach((u) => Y.applyUpdate(doc, u))
        out[name] = { text: doc.getText('t').toString(), map: doc.getMap('m').toJSON(), lastSeq: stored.lastSeq, logged: stored.updates.length }
      }
      return out
    }
    await migrateToLatest(db.kysely)
    const migrated = contents()
    expect(migrated).toEqual({
      A: { text: '01234', map: {}, lastSeq: 3, logged: 3 },
      B: { text: '', map: { k0: 0, k1: 1, k2: 2, k3: 3, k4: 4 }, lastSeq: 5, logged: 5 },
    })
    expect(db.sqlite.prepare("select user_id from doc_log where doc_name = 'A' order by seq").pluck().all()).toEqual(['ana', 'ana', 'ana'])

    while (!tables().includes('doc_updates')) await migrateDown(db.kysely)
    await migrateToLatest(db.kysely)
    expect(contents()).toEqual(migrated)
    await db.close()
  })
})
