import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/connection.js'
import { migrateDown, migrateToLatest } from '../../db/migrate.js'
import { tempDataDir } from '../support/server.js'

const ALL_TABLES = ['api_tokens', 'audit_entries', 'doc_states', 'doc_updates', 'memberships', 'programmes', 'sessions', 'users']

describe('migrations', () => {
  const dir = tempDataDir()
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const tables = async (db: ReturnType<typeof openDatabase>) =>
    (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'kysely%' and name not like 'sqlite%' order by name`.execute(db.kysely)).rows.map((r) => r.name)

  it('apply on a new file in WAL mode, revert completely, and apply again', async () => {
    const db = openDatabase(join(dir, 'm.sqlite'))
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    await migrateToLatest(db.kysely)
    expect(await tables(db)).toEqual(ALL_TABLES)
    const again = await migrateToLatest(db.kysely)
    expect(again.results).toEqual([])
    const columns = async () => (await sql<{ name: string }>`select name from pragma_table_info('programmes')`.execute(db.kysely)).rows.map((r) => r.name)
    expect(await columns()).toContain('summary')
    await migrateDown(db.kysely)
    expect(await tables(db)).toEqual(['doc_states', 'doc_updates', 'programmes'])
    await migrateDown(db.kysely)
    expect(await columns()).not.toContain('summary')
    while ((await migrateDown(db.kysely)).results?.length) {
      // every migration reverts
    }
    expect(await tables(db)).toEqual([])
    await migrateToLatest(db.kysely)
    expect(await tables(db)).toEqual(ALL_TABLES)
    await db.close()
  })
})
