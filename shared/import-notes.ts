/**
 * What an import decided that the person importing should know (an alias resolved, a value kept
 * as typed, a duplicated table read once), by a stable reason, in both interface languages. The
 * importer writes `{reason, params, message}` (message in English, for the API and the command
 * line); the web client shows the reason in the person's language. `{where}` is a schema id
 * (`list:finance`, `dates.start`) or a label of the source; the client names schema ids.
 */
import { fillPlaceholders, type Params } from './placeholders.js'

const EN = {
  notAmount: '{where}: "{text}" is not an amount; kept as typed (the sheet flags it).',
  notDate: '{where}: "{text}" is not a date; kept as typed (the sheet flags it).',
  notMonth: '{where}: "{text}" is not a month; kept as typed (the sheet flags it).',
  notMonthPeriod: '{where}: "{text}" is not read as a period of months; kept as typed (the sheet flags it).',
  notSemester: '{where}: "{text}" is not a semester YYYY-S; kept as typed (the sheet flags it).',
  notWebAddress: '{where}: "{text}" is not a web address; kept as typed (the sheet flags it).',
  notWholeNumber: '{where}: "{text}" is not a whole number; kept as typed (the sheet flags it).',
  notYesNo: '{where}: "{text}" is not yes or no; kept as typed (the sheet flags it).',
  notWindow: '{where}: "{text}" is not a thematic window of the fund; kept as typed (the sheet flags it).',
  notAgency: '{where}: "{text}" is not an agency of the list; kept as typed (the sheet flags it).',
  notAgencyAmount: '{where}: amount "{text}" of {agency} is not an amount; kept as typed (the sheet flags it).',
  notMdgTarget: '{where}: "{text}" is not read as MDG<n> T<n>.<letter>; kept as typed.',
  agencyAlias: '{where}: "{text}" read as {code}.',
  placeholder: '{where}: placeholder "{text}" read as empty.',
  noAddress: '{where}: "{text}" has no address; left empty.',
  sectionRepeated: '"{where}" (line {line}) repeats a section already read; its text is kept in the import notes.',
  sectionTooLong: '"{where}" (line {line}) holds {size} characters, too many for its facts; its text is kept in the import notes.',
  sectionUnreadable: '"{where}" (line {line}) could not be read ({error}); its text is kept in the import notes.',
  financeCopyDiffers: '{where}: the {source} give other figures for {period} than the first copy; the first copy is kept.',
  financeCopies: '{where}: the financial table appears {n} times ({sources}); read once.',
  narrativeLarge: '{where}: {kb} KB of text, read as plain paragraphs (formatting not kept).',
  noStatusWord: '{where}: no status word (delayed, on track, at risk …) at the start of "{text}"; left empty.',
  noSubLabels: '{where}: none of its sub-labels was found; its text is kept in the import notes.',
  subLabelEmpty: '{where}: the sub-label "{label}" is present with no text; left empty.',
  missionDates: '{where}: {dates} date(s) for {groups} group(s) of members; paired in order, the rest left empty.',
  noResultNumber: '{where}: no result number given; read as the achievements of result 1.',
  achievementsWithoutResult: '{where}: achievements of result {n} have no expected result {n}; a row is added with an empty statement.',
  noLead: '{where}: the source marks no lead entity and the Paris Declaration text names none clearly; lead left empty.',
  leadFromParis: '{where}: no entity is marked as lead in the list; {acronym} read as the lead because the Paris Declaration leadership text says it leads (sentences: {n}).',
  emptyTranches: '{where}: tranches still empty, kept as empty rows: {n}.',
} as const

export type ImportNoteReason = keyof typeof EN

const ES: Record<ImportNoteReason, string> = {
  notAmount: '{where}: «{text}» no es un importe; se guarda tal cual (la ficha lo señala).',
  notDate: '{where}: «{text}» no es una fecha; se guarda tal cual (la ficha lo señala).',
  notMonth: '{where}: «{text}» no es un mes; se guarda tal cual (la ficha lo señala).',
  notMonthPeriod: '{where}: «{text}» no se lee como un periodo de meses; se guarda tal cual (la ficha lo señala).',
  notSemester: '{where}: «{text}» no es un semestre AAAA-S; se guarda tal cual (la ficha lo señala).',
  notWebAddress: '{where}: «{text}» no es una dirección web; se guarda tal cual (la ficha lo señala).',
  notWholeNumber: '{where}: «{text}» no es un número entero; se guarda tal cual (la ficha lo señala).',
  notYesNo: '{where}: «{text}» no es sí ni no; se guarda tal cual (la ficha lo señala).',
  notWindow: '{where}: «{text}» no es una ventana temática del fondo; se guarda tal cual (la ficha lo señala).',
  notAgency: '{where}: «{text}» no es una agencia de la lista; se guarda tal cual (la ficha lo señala).',
  notAgencyAmount: '{where}: el importe «{text}» de {agency} no es un importe; se guarda tal cual (la ficha lo señala).',
  notMdgTarget: '{where}: «{text}» no se lee como ODM<n> M<n>.<letra>; se guarda tal cual.',
  agencyAlias: '{where}: «{text}» se lee como {code}.',
  placeholder: '{where}: el texto de ejemplo «{text}» se lee como vacío.',
  noAddress: '{where}: «{text}» no tiene dirección; se deja vacío.',
  sectionRepeated: '«{where}» (línea {line}) repite una sección ya leída; su texto se guarda en las notas de importación.',
  sectionTooLong: '«{where}» (línea {line}) tiene {size} caracteres, demasiados para sus datos; su texto se guarda en las notas de importación.',
  sectionUnreadable: '«{where}» (línea {line}) no se pudo leer ({error}); su texto se guarda en las notas de importación.',
  financeCopyDiffers: '{where}: las {source} dan otras cifras para {period} que la primera copia; se conserva la primera.',
  financeCopies: '{where}: la tabla financiera aparece {n} veces ({sources}); se lee una vez.',
  narrativeLarge: '{where}: {kb} KB de texto, leídos como párrafos sin formato (el formato no se conserva).',
  noStatusWord: '{where}: ninguna palabra de estado (retrasado, en curso, en riesgo …) al comienzo de «{text}»; se deja vacío.',
  noSubLabels: '{where}: no se encontró ninguno de sus subtítulos; su texto se guarda en las notas de importación.',
  subLabelEmpty: '{where}: el subtítulo «{label}» está presente sin texto; se deja vacío.',
  missionDates: '{where}: {dates} fecha(s) para {groups} grupo(s) de miembros; se emparejan en orden y el resto queda vacío.',
  noResultNumber: '{where}: no se indica el número de resultado; se leen como los logros del resultado 1.',
  achievementsWithoutResult: '{where}: los logros del resultado {n} no tienen resultado esperado {n}; se añade una fila con el enunciado vacío.',
  noLead: '{where}: el origen no marca ninguna entidad líder y el texto de la Declaración de París no nombra ninguna con claridad; la entidad líder queda vacía.',
  leadFromParis: '{where}: ninguna entidad de la lista está marcada como líder; {acronym} se lee como líder porque el texto de liderazgo de la Declaración de París dice que lidera (frases: {n}).',
  emptyTranches: '{where}: desembolsos aún vacíos, guardados como filas vacías: {n}.',
}

export const IMPORT_NOTES: Record<'en' | 'es', Record<ImportNoteReason, string>> = { en: EN, es: ES }

/** One decision of an import, by reason; `message` is the English text. */
export interface ImportNote {
  reason: ImportNoteReason
  params: Params
  message: string
}

/** A note of `reason` filled from `params`, with its English message. */
export function importNote(reason: ImportNoteReason, params: Params): ImportNote {
  return { reason, params, message: importNoteText('en', reason, params) }
}

/** True for a reason of the catalog (a client may receive one from a newer server). */
export function isImportNoteReason(value: unknown): value is ImportNoteReason {
  return typeof value === 'string' && Object.hasOwn(EN, value)
}

/** @example importNoteText('es', 'placeholder', { where: 'Beneficiarios', text: 'N/A' }) // 'Beneficiarios: el texto de ejemplo «N/A» se lee como vacío.' */
export function importNoteText(lang: 'en' | 'es', reason: ImportNoteReason, params: Params): string {
  return fillPlaceholders(IMPORT_NOTES[lang][reason], params)
}
