import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type SqliteDb } from '../../db/connection.js'
import { migrateToLatest } from '../../db/migrate.js'
import { saveAuditEntries, type AuditWrite } from '../../db/repositories/audit.js'
import { AuditLog } from '../../server/collab/audit-log.js'
import { createLogger } from '../../server/log.js'
import type { FieldChange } from '../../shared/sheet/changes.js'

/** A value change of `field` (its values do not matter to the bursts). */
const set = (field: string, from: string | null = null, to: string | null = 'x'): FieldChange => ({ kind: 'value', field, from, to, fromClient: null, toClient: null })

describe('the audit log (who changed which field, when)', () => {
  let dir: string
  let db: SqliteDb
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
    audit = new AuditLog((entries) => saveAuditEntries(db, entries), createLogger('silent'), 60_000, 3_600_000, () => clock)
  })

  afterEach(async () => {
    await audit.close()
    await db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('coalesces a burst per document, user and field into one entry that grows', () => {
    audit.record('PER', 'ana', [set('dates.start')])
    clock += 1_000
    audit.record('PER', 'ana', [set('dates.start'), set('budget.total')])
    audit.record('PER', 'luis', [set('dates.end')])
    audit.record('BOL', 'ana', [set('dates.start')])
    audit.record('PER', null, [set('identity.code')])
    audit.flush()
    // One entry per burst, in no particular order.
    expect(rows()).toHaveLength(5)
    expect(rows()).toEqual(expect.arrayContaining([
      { doc_name: 'PER', user_id: 'ana', field: 'dates.start', first_at: 1_000_000, last_at: 1_001_000, changes: 2 },
      { doc_name: 'PER', user_id: 'ana', field: 'budget.total', first_at: 1_001_000, last_at: 1_001_000, changes: 1 },
      { doc_name: 'PER', user_id: 'luis', field: 'dates.end', first_at: 1_001_000, last_at: 1_001_000, changes: 1 },
      { doc_name: 'BOL', user_id: 'ana', field: 'dates.start', first_at: 1_001_000, last_at: 1_001_000, changes: 1 },
      { doc_name: 'PER', user_id: null, field: 'identity.code', first_at: 1_001_000, last_at: 1_001_000, changes: 1 },
    ]))
    // The written entry keeps growing while the burst lasts.
    clock += 30_000
    audit.record('PER', 'ana', [set('dates.start')])
    audit.flush()
    expect(rows().find((r) => r.doc_name === 'PER' && r.user_id === 'ana' && r.field === 'dates.start')).toMatchObject({ last_at: 1_031_000, changes: 3 })
    expect(rows()).toHaveLength(5)
  })

  it('starts a new entry after a pause longer than a burst, keeping the old one as written', () => {
    audit.record('PER', 'ana', [set('dates.start')])
    clock += 61_000
    audit.record('PER', 'ana', [set('dates.start')])
    audit.flush()
    expect(rows().map((r) => [r.first_at, r.changes])).toEqual([
      [1_000_000, 1],
      [1_061_000, 1],
    ])
  })

  it('forgets ended bursts once written, so a long-running server does not keep every field it ever saw', () => {
    audit.record('PER', 'ana', [set('dates.start')])
    audit.flush()
    clock += 61_000
    audit.flush()
    // Forgotten: a change now is a new entry even though nothing else happened in between.
    audit.record('PER', 'ana', [set('dates.start')])
    audit.flush()
    expect(rows()).toHaveLength(2)
    expect((audit as unknown as { open: Map<string, unknown> }).open.size).toBe(1)
    clock += 61_000
    audit.flush()
    expect((audit as unknown as { open: Map<string, unknown> }).open.size).toBe(0)
  })

  it('keeps what a burst changed: the value before its first edit and after its last, a narrative\'s typed and removed text', () => {
    const detail = () => db.sqlite.prepare('select field, detail from audit_entries order by id').all().map((r) => {
      const row = r as { field: string; detail: string | null }
      return [row.field, row.detail && JSON.parse(row.detail)]
    })
    audit.record('PER', 'ana', [set('budget.total', '5000000', '5000001')])
    audit.record('PER', 'ana', [set('budget.total', '5000001', '5100000'), { kind: 'text', field: 'text:summary', inserted: 'Palabra', deleted: '' }])
    audit.record('PER', 'ana', [{ kind: 'text', field: 'text:summary', inserted: ' nueva', deleted: 'vieja' }, { kind: 'rows', field: 'list:regions' }])
    audit.flush()
    expect(detail()).toEqual([
      ['budget.total', { kind: 'value', from: '5000000', to: '5100000' }],
      ['text:summary', { kind: 'text', inserted: 'Palabra nueva', deleted: 'vieja' }],
      ['list:regions', null],
    ])
    // A long burst of typing keeps an excerpt, not the text.
    for (let i = 0; i < 100; i++) audit.record('PER', 'ana', [{ kind: 'text', field: 'text:summary', inserted: 'palabra ', deleted: '' }])
    audit.flush()
    const [, summary] = detail()[1]!
    expect(summary.inserted.length).toBe(200)
    expect(summary.inserted.endsWith('…')).toBe(true)
  })

  it("ends a person's burst when someone else changes the same field, so no old → new spans another's edit", () => {
    audit.record('PER', 'ana', [set('dates.end', null, '2012-12-15')])
    audit.record('PER', 'luis', [set('dates.end', '2012-12-15', '2013-06-15')])
    audit.record('PER', 'ana', [set('dates.end', '2013-06-15', '2012-12-15')])
    audit.flush()
    expect(db.sqlite.prepare('select user_id, detail from audit_entries order by id').all()).toEqual([
      { user_id: 'ana', detail: JSON.stringify({ kind: 'value', from: null, to: '2012-12-15' }) },
      { user_id: 'luis', detail: JSON.stringify({ kind: 'value', from: '2012-12-15', to: '2013-06-15' }) },
      { user_id: 'ana', detail: JSON.stringify({ kind: 'value', from: '2013-06-15', to: '2012-12-15' }) },
    ])
  })
})
