/**
 * The vocabulary of the sheet schema: what a field, a list and a section are. The schema itself
 * (shared/sheet/schema.ts) is written with the small constructors below, which keep literal ids
 * so that `FieldId`, `ListId` and `NarrativeId` can be derived from it.
 */

/** Spanish and English text of a label. */
export interface Labels {
  readonly es: string
  readonly en: string
}

/**
 * Kinds of single values, all stored as strings exactly as typed.
 * `period` is `YYYY-S`; `agency` a code of shared/agencies.ts; `initials` free text such as
 * `JAG/PFP` read as a list of people's initials.
 */
export type ValueKind =
  | 'text' | 'money' | 'date' | 'month' | 'period' | 'enum' | 'count' | 'yesno' | 'url' | 'email'
  | 'agency' | 'initials'

/** Every kind, including rich-text narratives and lists of rows. */
export type Kind = ValueKind | 'narrative' | 'list'

/** One choice of an enum field. */
export interface EnumOption {
  readonly code: string
  readonly label: Labels
}

/** A single value: a scalar field of the sheet or a column of a list. */
export interface ValueDef {
  readonly kind: ValueKind
  readonly id: string
  readonly label: Labels
  readonly required?: boolean
  /** Shown and rendered when the value is empty (e.g. currency USD). */
  readonly default?: string
  readonly options?: readonly EnumOption[]
  /** Key in the section's JSON when the id does not give it (e.g. `plans.sustainability` → `plan`). */
  readonly key?: string
}

/** A rich-text narrative, a `Y.XmlFragment` edited with the shared ProseMirror schema. */
export interface NarrativeDef {
  readonly kind: 'narrative'
  readonly id: string
  readonly label: Labels
  readonly key?: string
}

/** A column of a list: a value, or (for results) a narrative per row. */
export type ColumnDef = ValueDef | NarrativeDef

/** A list of rows; each row is a `Y.Map` with an `id` plus one key per column. */
export interface ListDef {
  readonly kind: 'list'
  readonly id: string
  readonly label: Labels
  readonly columns: readonly ColumnDef[]
  /** Rows carry a 1-based number in the rendering ("Resultado 1", "Primer desembolso"). */
  readonly numbered?: boolean
  /** Rendered in this column's order (finance rows by period), invalid values last. */
  readonly sortBy?: string
  /** Money columns are rendered with their percentage of this column of the same row. */
  readonly percentOf?: string
  readonly key?: string
}

/** Anything a section holds. */
export type ItemDef = ValueDef | NarrativeDef | ListDef

/** A section of the paper sheet, in the order the sheet prints them. */
export interface SectionDef {
  readonly id: string
  readonly label: Labels
  readonly items: readonly ItemDef[]
  /**
   * A section that shows a column of a list kept elsewhere: the achievements per result live in
   * the results rows, so that a result and its achievements are added and removed together.
   */
  readonly view?: { readonly list: string; readonly column: string }
}

type Extra = { required?: boolean; default?: string; key?: string }

/** A value field or column. */
export function value<const K extends Exclude<ValueKind, 'enum'>, const I extends string, const E extends Extra = {}>(
  kind: K, id: I, es: string, en: string, extra?: E,
): { kind: K; id: I; label: Labels } & E {
  return { kind, id, label: { es, en }, ...(extra as E) }
}

/** An enum field with its options. */
export function choice<const I extends string, const O extends readonly EnumOption[], const E extends Extra = {}>(
  id: I, es: string, en: string, options: O, extra?: E,
): { kind: 'enum'; id: I; label: Labels; options: O } & E {
  return { kind: 'enum', id, label: { es, en }, options, ...(extra as E) }
}

/** A narrative. */
export function narrative<const I extends string, const E extends { key?: string } = {}>(
  id: I, es: string, en: string, extra?: E,
): { kind: 'narrative'; id: I; label: Labels } & E {
  return { kind: 'narrative', id, label: { es, en }, ...(extra as E) }
}

/** A list with its columns. */
export function list<const I extends string, const C extends readonly ColumnDef[], const E extends { numbered?: boolean; sortBy?: string; percentOf?: string; key?: string } = {}>(
  id: I, es: string, en: string, columns: C, extra?: E,
): { kind: 'list'; id: I; label: Labels; columns: C } & E {
  return { kind: 'list', id, label: { es, en }, columns, ...(extra as E) }
}

/** An enum option. */
export function option<const C extends string>(code: C, es: string, en: string): { code: C; label: Labels } {
  return { code, label: { es, en } }
}
