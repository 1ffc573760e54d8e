import { insertProgramme } from '../../db/repositories/programmes.js'
import type { RunningServer } from '../../server/server.js'

/**
 * Registers a programme row directly, leaving its document empty: for tests of the sync server,
 * which does not care what a document holds. Tests of sheets go through `POST /api/programmes`.
 */
export async function registerProgramme(server: RunningServer, code: string): Promise<void> {
  const now = Date.now()
  await insertProgramme(server.db, { id: code, code, title: code, country: 'Test', created_at: now, updated_at: now })
}
