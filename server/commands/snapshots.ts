import { createHash } from 'node:crypto'
import * as Y from 'yjs'
import type { Db } from '../../db/connection.js'
import { insertAuditNote } from '../../db/repositories/audit.js'
import { deleteCheckpoints, findSemesterSnapshot, findSnapshot, insertCheckpoint, insertSnapshot, listCheckpoints, setPeriodLock } from '../../db/repositories/snapshots.js'
import type { SnapshotRow } from '../../db/schema.js'
import { applySheetData, type SheetData } from '../../shared/sheet/data.js'
import { renderSheet, type SheetJson } from '../../shared/sheet/render.js'
import { SHEET_SECTIONS } from '../../shared/sheet/schema.js'
import { newId } from '../auth/secrets.js'
import type { PeriodLocks } from '../collab/period-locks.js'
import type { DocumentRegistry } from '../collab/registry.js'
import { ApiError, conflict } from '../errors.js'
import { parseJsonSheet } from '../import/json.js'
import { followUpOf } from './follow-up.js'

export interface SnapshotDeps {
  db: Db
  registry: DocumentRegistry
  locks: PeriodLocks
}

/** sha256 over everything a snapshot holds; stored, and verified whenever it is read. */
function checksumOf(row: Pick<SnapshotRow, 'state' | 'sheet_json' | 'follow_up_json'>): string {
  return createHash('sha256').update(row.state).update('\0').update(row.sheet_json).update('\0').update(row.follow_up_json).digest('hex')
}

/** The sheet as it stands, ready to store: its full document state, its JSON rendering and the evaluation follow-up. */
async function freeze(deps: SnapshotDeps, programmeId: string) {
  const frozen = await deps.registry.use(programmeId, (live) => ({ state: Y.encodeStateAsUpdate(live.doc), sheet: renderSheet(live.doc) }))
  const base = {
    state: frozen.state,
    sheet_json: JSON.stringify(frozen.sheet),
    follow_up_json: JSON.stringify(await followUpOf(deps.db, programmeId)),
  }
  return { ...base, checksum: checksumOf(base), programme_id: programmeId, id: newId(), created_at: Date.now(), superseded_by: null }
}

/**
 * Freezes the sheet as a semester snapshot, which locks its period's financial row; a second one
 * for the same period must say it supersedes the first (both are kept).
 */
export async function snapshotTake(
  deps: SnapshotDeps,
  programmeId: string,
  input: { period: string; label: string; note: string; supersede?: boolean },
  userId: string,
): Promise<SnapshotRow> {
  const previous = await findSemesterSnapshot(deps.db, programmeId, input.period)
  if (previous && !input.supersede) throw conflict('snapshot.exists', { period: input.period })
  const row: SnapshotRow = { ...(await freeze(deps, programmeId)), kind: 'semester', period: input.period, label: input.label, note: input.note, created_by: userId }
  await insertSnapshot(deps.db, row, previous?.id)
  await setPeriodLock(deps.db, programmeId, input.period, true, userId, `semester snapshot ${row.label}`, row.created_at)
  deps.locks.set(programmeId, input.period, true)
  return row
}

/**
 * An automatic checkpoint of the sheet as it stands, unless it reads as its latest snapshot does
 * (see {@link insertCheckpoint}); answers whether one was taken.
 */
export async function checkpointTake(deps: SnapshotDeps, programmeId: string): Promise<boolean> {
  return insertCheckpoint(deps.db, { ...(await freeze(deps, programmeId)), kind: 'checkpoint', period: null, label: 'automatic', note: '', created_by: null })
}

/** A snapshot, its integrity checked: a changed byte answers 500 `snapshot_corrupt`, never wrong content. */
export async function snapshotRead(db: Db, id: string): Promise<(SnapshotRow & { sheet: SheetJson }) | undefined> {
  const row = await findSnapshot(db, id)
  if (!row) return undefined
  if (checksumOf(row) !== row.checksum) throw new ApiError(500, 'snapshot_corrupt', 'snapshot.corrupt', { id })
  return { ...row, sheet: JSON.parse(row.sheet_json) as SheetJson }
}

/**
 * Writes a snapshot's content forward into the live sheet as a new change by `userId` — every
 * connected editor sees it, the history keeps everything — for the whole sheet or some sections.
 */
export async function snapshotRestore(deps: SnapshotDeps, snapshot: SnapshotRow & { sheet: SheetJson }, sections: string[] | null, userId: string): Promise<void> {
  const { data } = parseJsonSheet(JSON.stringify(snapshot.sheet))
  const chosen = sections ? onlySections(data, sections) : data
  await deps.registry.use(snapshot.programme_id, (live) => live.change((doc) => applySheetData(doc, chosen), { userId }))
  await insertAuditNote(
    deps.db,
    {
      doc_name: snapshot.programme_id,
      user_id: userId,
      field: 'restore',
      note: null,
      detail: { kind: 'restore', snapshotId: snapshot.id, label: snapshot.label, takenAt: new Date(Number(snapshot.created_at)).toISOString(), sections },
    },
    Date.now(),
  )
}

function onlySections(data: SheetData, sections: string[]): SheetData {
  const keep = { fields: new Set<string>(), lists: new Set<string>(), narratives: new Set<string>() }
  for (const section of SHEET_SECTIONS) {
    if (!sections.includes(section.id)) continue
    for (const item of section.items) {
      if (item.kind === 'list') keep.lists.add(item.id)
      else if (item.kind === 'narrative') keep.narratives.add(item.id)
      else keep.fields.add(item.id)
    }
  }
  const pick = <T extends object>(record: T, ids: Set<string>) => Object.fromEntries(Object.entries(record).filter(([id]) => ids.has(id))) as T
  return { fields: pick(data.fields, keep.fields), lists: pick(data.lists, keep.lists), narratives: pick(data.narratives, keep.narratives) }
}

/**
 * Thins automatic checkpoints: all of the last day, one per hour of the last week, one per day
 * before. Semester snapshots are never touched.
 */
export async function checkpointsThin(db: Db, programmeId: string, now = Date.now()): Promise<number> {
  const checkpoints = await listCheckpoints(db, programmeId)
  const seen = new Set<string>()
  const doomed: string[] = []
  for (const checkpoint of [...checkpoints].reverse()) {
    const age = now - Number(checkpoint.created_at)
    if (age < 24 * 3600_000) continue
    const bucket = age < 7 * 24 * 3600_000 ? `h${Math.floor(Number(checkpoint.created_at) / 3600_000)}` : `d${Math.floor(Number(checkpoint.created_at) / 86_400_000)}`
    if (seen.has(bucket)) doomed.push(checkpoint.id)
    else seen.add(bucket)
  }
  await deleteCheckpoints(db, doomed)
  return doomed.length
}
