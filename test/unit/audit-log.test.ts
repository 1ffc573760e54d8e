import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../db/connection.js'
import { migrateToLatest } from '../../db/migrate.js'
import type { AuditWrite } from '../../db/repositories/audit.js'
import { AuditLog } from '../../server/collab/audit-log.js'
import { createLogger } from '../../server/log.js'

describe('the audit log (who changed which field, when)', () => {
  let dir: string
  let db: Db
  let clock: number
  let audit: AuditLog
  const rows = () =>
    db.sqlite.prepare('select doc_name, user_id, field, first_at, last_at, changes from audit_entries order by id').all() as Omit<AuditWrite, 'id'>[]

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ficha-audit-'))
    db = openDatabase(join(dir, 'audit.sqlite'))
    await migrateToLatest(db.kysely)
    clock = 1_000_000
    // A burst ends after 60 s without a change; flushed by hand here (the timer is hours away).
    audit = new AuditLog(db, createLogger('silent'), 60_000, 3_600_000, () => clock)
  })

  afterEach(async () => {
    audit.close()
    await db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('coalesces a burst per document, user and field into one entry that grows', () => {
    audit.record('PER', 'ana', ['dates.start'])
    clock += 1_000
    audit.record('PER', 'ana', ['dates.start', 'budget.total'])
    audit.record('PER', 'luis', ['dates.start'])
    audit.record('BOL', 'ana', ['dates.start'])
    audit.record('PER', null, ['identity.code'])
    audit.flush()
    // One entry per burst, in no particular order.
    expect(rows()).toHaveLength(5)
    expect(rows()).toEqual(expect.arrayContaining([
      { doc_name: 'PER', user_id: 'ana', field: 'dates.start', first_at: 1_000_000, last_at: 1_001_000, changes: 2 },
      { doc_name: 'PER', user_id: 'ana', field: 'budget.total', first_at: 1_001_000, last_at: 1_001_000, changes: 1 },
      { doc_name: 'PER', user_id: 'luis', field: 'dates.start', first_at: 1_001_000, last_at: 1_001_000, changes: 1 },
      { doc_name: 'BOL', user_id: 'ana', field: 'dates.start', first_at: 1_001_000, last_at: 1_001_000, changes: 1 },
      { doc_name: 'PER', user_id: null, field: 'identity.code', first_at: 1_001_000, last_at: 1_001_000, changes: 1 },
    ]))
    // The written entry keeps growing while the burst lasts.
    clock += 30_000
    audit.record('PER', 'ana', ['dates.start'])
    audit.flush()
    expect(rows().find((r) => r.doc_name === 'PER' && r.user_id === 'ana' && r.field === 'dates.start')).toMatchObject({ last_at: 1_031_000, changes: 3 })
    expect(rows()).toHaveLength(5)
  })

  it('starts a new entry after a pause longer than a burst, keeping the old one as written', () => {
    audit.record('PER', 'ana', ['dates.start'])
    clock += 61_000
    audit.record('PER', 'ana', ['dates.start'])
    audit.flush()
    expect(rows().map((r) => [r.first_at, r.changes])).toEqual([
      [1_000_000, 1],
      [1_061_000, 1],
    ])
  })

  it('forgets ended bursts once written, so a long-running server does not keep every field it ever saw', () => {
    audit.record('PER', 'ana', ['dates.start'])
    audit.flush()
    clock += 61_000
    audit.flush()
    // Forgotten: a change now is a new entry even though nothing else happened in between.
    audit.record('PER', 'ana', ['dates.start'])
    audit.flush()
    expect(rows()).toHaveLength(2)
    expect((audit as unknown as { open: Map<string, unknown> }).open.size).toBe(1)
    clock += 61_000
    audit.flush()
    expect((audit as unknown as { open: Map<string, unknown> }).open.size).toBe(0)
  })
})
