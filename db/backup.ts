import { existsSync } from 'node:fs'
import SqliteDatabase from 'better-sqlite3'

/**
 * A consistent copy of the live database while the server runs (`npm run backup -- FILE`).
 *
 * `VACUUM INTO` copies inside one read transaction: in WAL mode it sees one committed state and
 * neither blocks the server's writes nor restarts because of them (the page-by-page backup API
 * restarts whenever another connection writes, and may never finish on a busy server).
 */
export function backupDatabase(source: string, target: string): { bytes: number; programmes: number } {
  if (!existsSync(source)) throw new Error(`no database at ${source}`)
  if (existsSync(target)) throw new Error(`${target} already exists; choose a new file`)
  const db = new SqliteDatabase(source, { readonly: true, fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    db.prepare('VACUUM INTO ?').run(target)
  } finally {
    db.close()
  }
  const copy = new SqliteDatabase(target, { readonly: true })
  try {
    const check = copy.pragma('integrity_check', { simple: true })
    if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${String(check)}`)
    const { n } = copy.prepare('select count(*) as n from programmes').get() as { n: number }
    const { bytes } = copy.prepare('select page_count * page_size as bytes from pragma_page_count(), pragma_page_size()').get() as {
      bytes: number
    }
    return { bytes, programmes: n }
  } finally {
    copy.close()
  }
}
