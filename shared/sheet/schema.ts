/**
 * THE fact-sheet schema: every section and field of DOMAIN.md, in the order of the paper sheet,
 * with Spanish and English labels. The Yjs layout (layout.ts), the JSON rendering (render.ts) and
 * the warnings (validation.ts) are all derived from this one definition.
 */
import { choice, list, narrative, value } from './definition.js'
import type { ColumnDef, ItemDef, ListDef, NarrativeDef, SectionDef, ValueDef, ValueKind } from './definition.js'
import { LANGUAGE_OPTIONS, STATUS_OPTIONS, WINDOW_OPTIONS } from './options.js'

/** Version of the layout and of the JSON shape; bump when either changes incompatibly. */
export const SCHEMA_VERSION = 1

const money = (id: 'amount' | 'total' | 'transferred' | 'committed' | 'disbursed', es: string, en: string) =>
  value('money', id, es, en)

/** The sections of the sheet, in paper order. */
export const SHEET_SECTIONS = [
  { id: 'identity', label: { es: 'Identificación', en: 'Identity' }, items: [
    value('text', 'identity.title', 'Título', 'Title', { required: true }),
    value('text', 'identity.code', 'Código', 'Code', { required: true }),
    value('text', 'identity.country', 'País', 'Country', { required: true }),
    choice('identity.window', 'Ventana temática', 'Thematic window', WINDOW_OPTIONS),
    choice('identity.language', 'Idioma de la ficha', 'Language of the sheet', LANGUAGE_OPTIONS),
  ] },
  { id: 'budget', label: { es: 'Presupuesto', en: 'Budget' }, items: [
    value('text', 'budget.currency', 'Moneda', 'Currency', { default: 'USD' }),
    value('money', 'budget.total', 'Presupuesto total', 'Total budget', { required: true }),
    list('agencyBudgets', 'Presupuesto por agencia', 'Budget per agency', [
      value('agency', 'agency', 'Agencia', 'Agency'),
      money('amount', 'Monto', 'Amount'),
    ]),
  ] },
  { id: 'partners', label: { es: 'Socios', en: 'Partners' }, items: [
    list('entities', 'Entidades gubernamentales participantes', 'Participating government entities', [
      value('text', 'name', 'Nombre', 'Name'),
      value('text', 'acronym', 'Sigla', 'Acronym'),
      value('yesno', 'lead', 'Entidad líder', 'Lead entity'),
    ]),
  ] },
  { id: 'dates', label: { es: 'Fechas', en: 'Dates' }, items: [
    value('date', 'dates.start', 'Fecha de inicio', 'Start date'),
    value('date', 'dates.end', 'Fecha de fin', 'End date'),
    value('date', 'dates.extendedEnd', 'Extensión (nueva fecha de fin)', 'Extension (new end date)'),
  ] },
  { id: 'disbursements', label: { es: 'Desembolsos', en: 'Disbursements' }, items: [
    list('tranches', 'Desembolsos', 'Tranches', [
      value('date', 'date', 'Fecha', 'Date'),
      money('amount', 'Monto', 'Amount'),
    ], { numbered: true }),
  ] },
  { id: 'summary', label: { es: 'Resumen', en: 'Summary' }, items: [
    narrative('summary', 'Resumen', 'Summary'),
  ] },
  { id: 'results', label: { es: 'Resultados esperados', en: 'Expected results' }, items: [
    list('results', 'Resultados esperados', 'Expected results', [
      narrative('statement', 'Resultado esperado', 'Expected result'),
      narrative('achievement', 'Principales logros', 'Main achievements'),
    ], { numbered: true }),
  ] },
  { id: 'geography', label: { es: 'Regiones de intervención', en: 'Regions of intervention' }, items: [
    list('regions', 'Regiones de intervención', 'Regions of intervention', [
      value('text', 'name', 'Región', 'Region'),
    ]),
  ] },
  { id: 'mdg', label: { es: 'ODM', en: 'MDGs' }, items: [
    list('mdgTargets', 'Metas ODM', 'MDG targets', [
      value('text', 'code', 'Meta', 'Target'),
    ]),
  ] },
  { id: 'contacts', label: { es: 'Contactos', en: 'Contacts' }, items: [
    value('text', 'contacts.coordinator.name', 'Coordinador/a del programa', 'Programme coordinator'),
    value('email', 'contacts.coordinator.email', 'Correo del/de la coordinador/a', "Coordinator's email"),
    value('text', 'contacts.rco.name', 'Contacto en la OCR', 'RCO contact'),
    value('email', 'contacts.rco.email', 'Correo de la OCR', 'RCO email'),
  ] },
  { id: 'beneficiaries', label: { es: 'Beneficiarios a la fecha', en: 'Beneficiaries to date' }, items: [
    value('count', 'beneficiaries.direct.institutions', 'Directos: instituciones', 'Direct: institutions'),
    value('count', 'beneficiaries.direct.women', 'Directos: mujeres', 'Direct: women'),
    value('count', 'beneficiaries.direct.men', 'Directos: hombres', 'Direct: men'),
    value('count', 'beneficiaries.direct.ethnicGroups', 'Directos: grupos étnicos', 'Direct: ethnic groups'),
    value('count', 'beneficiaries.indirect.institutions', 'Indirectos: instituciones', 'Indirect: institutions'),
    value('count', 'beneficiaries.indirect.women', 'Indirectos: mujeres', 'Indirect: women'),
    value('count', 'beneficiaries.indirect.men', 'Indirectos: hombres', 'Indirect: men'),
    value('count', 'beneficiaries.indirect.ethnicGroups', 'Indirectos: grupos étnicos', 'Indirect: ethnic groups'),
  ] },
  { id: 'status', label: { es: 'Estado', en: 'Status' }, items: [
    choice('status.code', 'Estado', 'Status', STATUS_OPTIONS),
    narrative('status', 'Comentario sobre el estado', 'Status narrative'),
  ] },
  { id: 'finance', label: { es: 'Estado de ejecución financiera', en: 'Financial execution' }, items: [
    list('finance', 'Ejecución financiera por periodo', 'Financial execution per period', [
      value('period', 'period', 'Periodo', 'Period'),
      money('total', 'Total', 'Total'),
      money('transferred', 'Transferido', 'Transferred'),
      money('committed', 'Comprometido', 'Committed'),
      money('disbursed', 'Desembolsado', 'Disbursed'),
    ], { sortBy: 'period', percentOf: 'total' }),
  ] },
  { id: 'achievements', label: { es: 'Principales logros (por resultado)', en: 'Main achievements (per result)' },
    items: [], view: { list: 'results', column: 'achievement' } },
  { id: 'assessment', label: { es: 'Valoración', en: 'Assessment' }, items: [
    narrative('gender', 'Inclusión de la perspectiva de género', 'Gender perspective'),
    narrative('observations', 'Observaciones', 'Observations'),
  ] },
  { id: 'paris', label: { es: 'Declaración de París', en: 'Paris Declaration' }, items: [
    narrative('paris.leadership', 'Liderazgo de la/s institución/es nacional/local', 'National and local leadership'),
    narrative('paris.civilSociety', 'Involucramiento de la sociedad civil y ciudadanía', 'Civil-society and citizen involvement'),
    narrative('paris.alignment', 'Armonización y alineamiento', 'Harmonisation and alignment'),
    narrative('paris.accountability', 'Elementos innovadores en rendición de cuentas', 'Innovations in accountability'),
  ] },
  { id: 'dao', label: { es: 'Unidos en la Acción', en: 'Delivering as One' }, items: [
    narrative('dao.procedures', 'Elementos innovadores en armonización de procedimientos y de gestión', 'Innovations in harmonised procedures and management'),
    narrative('dao.rcoRole', 'Rol de la OCR y sinergias con otros PCs', 'Role of the RCO and synergies with other JPs'),
    narrative('dao.interagency', 'Coordinación interagencial', 'Inter-agency coordination'),
  ] },
  { id: 'sustainability', label: { es: 'Sostenibilidad', en: 'Sustainability' }, items: [
    value('yesno', 'plans.sustainability', 'Plan de sostenibilidad', 'Sustainability plan', { key: 'plan' }),
    narrative('sustainability', 'Sostenibilidad', 'Sustainability'),
  ] },
  { id: 'scalability', label: { es: 'Escalabilidad e innovación', en: 'Scalability and innovation' }, items: [
    narrative('scalability', 'Escalabilidad e innovación', 'Scalability and innovation'),
  ] },
  { id: 'externalFactors', label: { es: 'Factores externos / acciones de mitigación', en: 'External factors / mitigation' }, items: [
    narrative('externalFactors', 'Factores externos / acciones de mitigación', 'External factors / mitigation'),
  ] },
  { id: 'communication', label: { es: 'Comunicación e incidencia', en: 'Communication and advocacy' }, items: [
    value('yesno', 'plans.communication', 'Plan C&I', 'Communication and advocacy plan', { key: 'plan' }),
    narrative('communication', 'Comunicación e incidencia', 'Communication and advocacy'),
  ] },
  { id: 'monitoring', label: { es: 'Seguimiento y evaluación', en: 'Monitoring and evaluation' }, items: [
    narrative('monitoring', 'Seguimiento y evaluación', 'Monitoring and evaluation'),
  ] },
  { id: 'missions', label: { es: 'Misiones de seguimiento del Secretariado', en: 'Secretariat monitoring missions' }, items: [
    list('missions', 'Misiones de seguimiento', 'Monitoring missions', [
      value('month', 'month', 'Fecha', 'Month'),
      value('initials', 'members', 'Miembro/s', 'Members'),
    ]),
  ] },
  { id: 'evaluation', label: { es: 'Evaluación de medio término', en: 'Mid-term evaluation' }, items: [
    value('text', 'evaluation.evaluator', 'Evaluador/a', 'Evaluator'),
    value('month', 'evaluation.periodStart', 'Periodo: inicio', 'Period: start'),
    value('month', 'evaluation.periodEnd', 'Periodo: fin', 'Period: end'),
    value('url', 'evaluation.reportUrl', 'Informe de evaluación', 'Evaluation report'),
    value('url', 'evaluation.improvementPlanUrl', 'Plan de mejora', 'Improvement plan'),
  ] },
  // Source text an import could not place in a field: kept on the sheet so that nothing is lost.
  { id: 'importNotes', label: { es: 'Notas de importación', en: 'Import notes' }, items: [
    narrative('importNotes', 'Texto de origen no asignado a un campo', 'Source text not mapped to a field'),
  ] },
] as const satisfies readonly SectionDef[]

type Item = (typeof SHEET_SECTIONS)[number]['items'][number]
type ValueItem = Extract<Item, { kind: ValueKind }>

/** Dotted id of a scalar field, a key of the `fields` map (e.g. `budget.total`). */
export type FieldId = ValueItem['id']
/** Id of a list, stored as the root array `list:<id>`. */
export type ListId = Extract<Item, { kind: 'list' }>['id']
/** Id of a narrative, stored as the root fragment `text:<id>`. */
export type NarrativeId = Extract<Item, { kind: 'narrative' }>['id']
/** Id of a section. */
export type SectionId = (typeof SHEET_SECTIONS)[number]['id']
/** The definition of list `L`. */
export type ListOf<L extends ListId> = Extract<Item, { kind: 'list'; id: L }>
/** Every column of list `L`. */
export type ColumnId<L extends ListId> = ListOf<L>['columns'][number]['id']
/** The value (string) columns of list `L`. */
export type ValueColumnId<L extends ListId> = Extract<ListOf<L>['columns'][number], { kind: ValueKind }>['id']
/** The narrative columns of list `L` (only results have them). */
export type NarrativeColumnId<L extends ListId> = Extract<ListOf<L>['columns'][number], { kind: 'narrative' }>['id']

const ITEMS: readonly ItemDef[] = SHEET_SECTIONS.flatMap((section) => section.items as readonly ItemDef[])

/** Every scalar field, in paper order. */
export const FIELD_DEFS: readonly (ValueDef & { id: FieldId })[] =
  ITEMS.filter((item): item is ValueDef & { id: FieldId } => item.kind !== 'list' && item.kind !== 'narrative')
/** Every list, in paper order. */
export const LIST_DEFS: readonly (ListDef & { id: ListId })[] =
  ITEMS.filter((item): item is ListDef & { id: ListId } => item.kind === 'list')
/** Every narrative, in paper order. */
export const NARRATIVE_DEFS: readonly (NarrativeDef & { id: NarrativeId })[] =
  ITEMS.filter((item): item is NarrativeDef & { id: NarrativeId } => item.kind === 'narrative')

/** The definition of a scalar field, or `undefined` for an unknown id. */
export function fieldDef(id: string): (ValueDef & { id: FieldId }) | undefined {
  return FIELD_DEFS.find((def) => def.id === id)
}

/** The definition of a list, or `undefined` for an unknown id. */
export function listDef(id: string): (ListDef & { id: ListId }) | undefined {
  return LIST_DEFS.find((def) => def.id === id)
}

/** The definition of a column of a list, or `undefined`. */
export function columnDef(listId: string, column: string): ColumnDef | undefined {
  return listDef(listId)?.columns.find((def) => def.id === column)
}

/**
 * The section a field id belongs to, as the warnings and the audit log name fields: a field
 * (`budget.total`), a narrative (`text:summary`), a list, its cells or its rows' narratives
 * (`list:finance`, `list:finance/<row>/committed`); `undefined` for anything else.
 */
export function sectionOf(field: string): SectionDef | undefined {
  const id = /^text:(.+)$/.exec(field)?.[1] ?? /^list:([^/]+)/.exec(field)?.[1] ?? field
  return (SHEET_SECTIONS as readonly SectionDef[]).find((section) => !section.view && section.items.some((item) => item.id === id))
}

/** The definition of a section, or `undefined` for an unknown id. */
export function sectionDef(id: string): SectionDef | undefined {
  return (SHEET_SECTIONS as readonly SectionDef[]).find((section) => section.id === id)
}

/** True when `id` names a narrative of the schema. */
export function isNarrativeId(id: string): id is NarrativeId {
  return NARRATIVE_DEFS.some((def) => def.id === id)
}

/**
 * Key of an item inside its section's JSON object: the explicit `key`, else the id without the
 * section prefix (`contacts.coordinator.email` → `coordinator.email`, dots meaning nesting), else
 * `narrative` / `rows` for the narrative or list named after its section, else the id.
 */
export function jsonKey(section: SectionDef, item: ItemDef): string {
  if (item.key) return item.key
  if (item.id.startsWith(`${section.id}.`)) return item.id.slice(section.id.length + 1)
  if (item.id === section.id) return item.kind === 'list' ? 'rows' : 'narrative'
  return item.id
}
