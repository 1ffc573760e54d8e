import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertSnapshot, listCheckpoints } from '../../db/repositories/snapshots.js'
import { checkpointsThin } from '../../server/commands/snapshots.js'
import { registerProgramme } from '../support/programmes.js'
import { startTestServer, type TestServer } from '../support/server.js'

const HOUR = 3600_000
const DAY = 24 * HOUR

describe('thinning automatic checkpoints', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
    await registerProgramme(server, 'THIN')
  })
  afterAll(() => server.stop(true))

  it('keeps all of the last day, one per hour of the last week, one per day before, and every semester snapshot', async () => {
    const now = 100 * DAY
    const ages = [
      ...[1, 2, 3].map((m) => m * 60_000), // three in the last hour: all kept
      ...[1, 2, 3].map((m) => 30 * HOUR + m * 60_000), // three in one hour two days ago: one kept
      ...[1, 2, 3].map((h) => 20 * DAY + h * HOUR), // three in one day three weeks ago: one kept
    ]
    const base = { programme_id: 'THIN', period: null, label: 'automatic', note: '', state: new Uint8Array([0, 0]), sheet_json: '{}', follow_up_json: '[]', checksum: 'x', created_by: null, superseded_by: null }
    for (const [i, age] of ages.entries()) await insertSnapshot(server.db, { ...base, id: `c${i}`, kind: 'checkpoint', created_at: now - age })
    await insertSnapshot(server.db, { ...base, id: 'semester', kind: 'semester', period: '2011-1', created_at: now - 50 * DAY })

    expect(await checkpointsThin(server.db, 'THIN', now)).toBe(4)
    expect((await listCheckpoints(server.db, 'THIN')).length).toBe(5)
    expect(server.db.sqlite.prepare("select count(*) n from snapshots where id = 'semester'").get()).toEqual({ n: 1 })
  })
})
