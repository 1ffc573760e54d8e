import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { exclusively } from '../../db/exclusive.js'
import { listProgrammes } from '../../db/repositories/programmes.js'
import type { Workspace } from '../workspace.js'
import { sheetImport, type ImportIdentity } from './sheet-import.js'

const SEED_DIR = fileURLToPath(new URL('../../db/seed/', import.meta.url))

interface Example extends ImportIdentity {
  file: string
}

/**
 * On a database with no programme, imports the example sheets of `db/seed/examples.json` (the
 * real Peru sheet), so that a first `npm start` opens on a real programme. Several processes
 * started at once on one PostgreSQL database take turns: the first imports, the others find it
 * (two imports at once would each add the sheet's rows, and the sheet would hold them twice).
 */
export function exampleSeed(workspace: Workspace): Promise<string[]> {
  return exclusively(workspace.db, 'ficha.example-seed', () => seed(workspace))
}

async function seed(workspace: Workspace): Promise<string[]> {
  if ((await listProgrammes(workspace.db)).length > 0) return []
  const examples = JSON.parse(await readFile(`${SEED_DIR}examples.json`, 'utf8')) as Example[]
  const imported: string[] = []
  for (const { file, ...identity } of examples) {
    const result = await sheetImport(workspace, await readFile(`${SEED_DIR}${file}`, 'utf8'), identity)
    workspace.log.info('example.imported', { doc: result.programmeId, file, unmapped: result.report.unmapped.length })
    imported.push(result.programmeId)
  }
  return imported
}
