import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ERROR_MESSAGES, errorMessage, isErrorReason, type ErrorReason } from '../../shared/errors.js'
import { IMPORT_NOTES, importNoteText, isImportNoteReason, type ImportNoteReason } from '../../shared/import-notes.js'

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
const REASONS = Object.keys(ERROR_MESSAGES.en) as ErrorReason[]

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : []
  })
}

describe('the error catalog (shared/errors.ts)', () => {
  it('says every reason in Spanish and English, with the same placeholders, and the Spanish is a translation', () => {
    expect(Object.keys(ERROR_MESSAGES.es).sort()).toEqual([...REASONS].sort())
    for (const reason of REASONS) {
      const { en, es } = { en: ERROR_MESSAGES.en[reason], es: ERROR_MESSAGES.es[reason] }
      expect(en.trim(), reason).not.toBe('')
      expect(es.trim(), reason).not.toBe('')
      expect(placeholders(es), reason).toEqual(placeholders(en))
      expect(es, reason).not.toBe(en)
    }
  })

  it('fills placeholders and leaves a literal {a, b} alone', () => {
    expect(errorMessage('es', 'input.tooLong', { field: 'title', max: 500 })).toBe('«title» supera los 500 caracteres')
    expect(errorMessage('en', 'programme.notObject')).toBe('expected an object {code, title, country}')
    expect(errorMessage('en', 'notFound.programme', {})).toBe('programme {code} not found')
  })

  it('knows its reasons and nothing else (a forged or newer reason falls back to the message)', () => {
    expect(isErrorReason('import.binary')).toBe(true)
    for (const value of ['toString', '__proto__', 'constructor', '', 'import', 42, null]) expect(isErrorReason(value)).toBe(false)
  })

  it('is where every refusal of the server comes from: no error is thrown with free English text', () => {
    // The compiler holds every factory to a reason; this catches an Error with a message reaching
    // a person by another path (an HTTP answer built by hand).
    for (const file of sources('server')) {
      const text = readFileSync(file, 'utf8')
      expect(text.match(/error:\s*\{\s*code:\s*['"`]/g), `${file} answers an error without a reason`).toBeNull()
    }
    // Each reason is used somewhere (in server code, or by the client's import form for params).
    const server = sources('server').map((file) => readFileSync(file, 'utf8')).join('\n')
    const unused = REASONS.filter((reason) => !server.includes(`'${reason}'`))
    expect(unused).toEqual([])
  })
})

describe('the catalog of import notes (shared/import-notes.ts)', () => {
  const NOTES = Object.keys(IMPORT_NOTES.en) as ImportNoteReason[]

  it('says every note in Spanish and English with the same placeholders, and the importer writes them all and no free text', () => {
    expect(Object.keys(IMPORT_NOTES.es).sort()).toEqual([...NOTES].sort())
    for (const reason of NOTES) {
      expect(placeholders(IMPORT_NOTES.es[reason]), reason).toEqual(placeholders(IMPORT_NOTES.en[reason]))
      expect(IMPORT_NOTES.es[reason], reason).not.toBe(IMPORT_NOTES.en[reason])
    }
    const importer = sources('server/import').map((file) => readFileSync(file, 'utf8')).join('\n')
    expect(NOTES.filter((reason) => !importer.includes(`'${reason}'`))).toEqual([])
    expect(importer.match(/\.note\(`/g)).toBeNull()
  })

  it('fills a note in the person\'s language and knows its reasons only', () => {
    expect(importNoteText('es', 'agencyAlias', { where: 'Presupuesto por agencia', text: 'WTO', code: 'UNWTO' })).toBe('Presupuesto por agencia: «WTO» se lee como UNWTO.')
    expect(isImportNoteReason('placeholder')).toBe(true)
    for (const value of ['toString', '__proto__', '', 42, null]) expect(isImportNoteReason(value)).toBe(false)
  })
})
