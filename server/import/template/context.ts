/**
 * What one import run collects: the sheet data, the ids that received content, the source text
 * no field took and the decisions worth telling. Section readers write through it so that every
 * value is either mapped, reported as unmapped, or explained in a note.
 */
import { emptySheetData, type SheetData, type SheetDataRow } from '../../../shared/sheet/data.js'
import type { ProseMirrorJSON } from '../../../shared/richtext/schema.js'
import type { FieldId, ListId, NarrativeId } from '../../../shared/sheet/schema.js'
import type { UnmappedText } from '../report.js'
import { importNote, type ImportNote, type ImportNoteReason } from '../../../shared/import-notes.js'
import type { Params } from '../../../shared/placeholders.js'
import type { Lang } from './labels.js'
import { isBlankDoc, plainText } from './text.js'

/** The state of one import. */
export class ImportContext {
  readonly data: SheetData = emptySheetData()
  readonly mapped: string[] = []
  readonly unmapped: UnmappedText[] = []
  readonly notes: ImportNote[] = []

  constructor(readonly language: Lang) {}

  /** Set a field; an empty value is written too (the source has the row, empty) but is not "mapped". */
  field(id: FieldId, value: string): void {
    this.data.fields[id] = value
    if (value !== '') this.markMapped(id)
  }

  /** Set a field from text read by `parse`; text that does not parse is kept as typed, with a note. */
  parsedField(id: FieldId, text: string, parse: (text: string) => string | null, unread: ImportNoteReason): void {
    const raw = plainText(text)
    if (raw === '') return this.field(id, '')
    const value = parse(raw)
    if (value === null) this.note(unread, { where: id, text: raw })
    this.field(id, value ?? raw)
  }

  list(id: ListId, rows: SheetDataRow[]): void {
    this.data.lists[id] = rows
    const filled = rows.some((row) => Object.values(row.values).some((v) => v !== '')
      || Object.values(row.narratives ?? {}).some((doc) => !isBlankDoc(doc)))
    if (filled) this.markMapped(`list:${id}`)
  }

  narrative(id: NarrativeId, doc: ProseMirrorJSON): void {
    this.data.narratives[id] = doc
    if (!isBlankDoc(doc)) this.markMapped(`text:${id}`)
  }

  /** Source text no field took; empty text is ignored. */
  leftover(where: string, text: string): void {
    const plain = plainText(text)
    if (plain !== '') this.unmapped.push({ where, text: plain })
  }

  /** A decision worth telling, once: the same note from two places of the source is one. */
  note(reason: ImportNoteReason, params: Params): void {
    const note = importNote(reason, params)
    if (!this.notes.some((n) => n.message === note.message)) this.notes.push(note)
  }

  private markMapped(id: string): void {
    if (!this.mapped.includes(id)) this.mapped.push(id)
  }
}
