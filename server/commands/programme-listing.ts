import type * as Y from 'yjs'
import type { Db } from '../../db/connection.js'
import { updateProgrammeListing } from '../../db/repositories/programmes.js'
import type { ProgrammeRow } from '../../db/schema.js'
import { getField } from '../../shared/sheet/layout.js'
import { renderSheet } from '../../shared/sheet/render.js'
import { summarizeSheet, type ProgrammeSummary } from '../../shared/sheet/summary.js'

/** What the programme list keeps of a sheet, from its document (title and country fall back to the row's). */
export function programmeListing(doc: Y.Doc, row: Pick<ProgrammeRow, 'title' | 'country'>) {
  return {
    title: getField(doc, 'identity.title') || row.title,
    country: getField(doc, 'identity.country') || row.country,
    summary: summarizeSheet(renderSheet(doc)),
  }
}

/** Stores the listing of a sheet (after import, compaction, or when first listed). */
export async function programmeListingRefresh(
  db: Db,
  id: string,
  listing: { title: string; country: string; summary: ProgrammeSummary },
): Promise<void> {
  await updateProgrammeListing(db, id, { ...listing, summary: JSON.stringify(listing.summary) }, Date.now())
}
