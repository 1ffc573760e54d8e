import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/connection.js'
import { migrateDown, migrateToLatest } from '../../db/migrate.js'
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
})
