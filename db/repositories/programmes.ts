import type { Db } from '../connection.js'
import type { NewProgrammeRow, ProgrammeRow } from '../schema.js'

/** Every programme, by code. */
export async function listProgrammes(db: Db): Promise<ProgrammeRow[]> {
  return db.kysely.selectFrom('programmes').selectAll().orderBy('code').execute()
}

export async function findProgramme(db: Db, id: string): Promise<ProgrammeRow | undefined> {
  return db.kysely.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findProgrammeByCode(db: Db, code: string): Promise<ProgrammeRow | undefined> {
  return db.kysely.selectFrom('programmes').selectAll().where('code', '=', code).executeTakeFirst()
}

/** Inserts a programme; throws on a duplicate id or code (callers check first to answer 409). */
export async function insertProgramme(db: Db, row: NewProgrammeRow): Promise<ProgrammeRow> {
  return db.kysely.insertInto('programmes').values(row).returningAll().executeTakeFirstOrThrow()
}

/** Refreshes the listing copies of a sheet's identity fields and its summary (JSON). */
export async function updateProgrammeListing(
  db: Db,
  id: string,
  listing: { title: string; country: string; summary: string },
  now: number,
): Promise<void> {
  await db.kysely
    .updateTable('programmes')
    .set({ title: listing.title, country: listing.country, summary: listing.summary, updated_at: now })
    .where('id', '=', id)
    .execute()
}
