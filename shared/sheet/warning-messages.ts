/** Spanish and English texts of the sheet warnings, built from a warning's code and params. */
import { columnDef, fieldDef, listDef } from './schema.js'
import { EXPECTED_FORM } from './values.js'
import type { ValueKind } from './definition.js'
import { UI_LOCALES, formatCalendarDate, numberFormat } from '../intl.js'
import { centsToMoney, formatMoney, MAX_CENTS } from '../money.js'

/** Every warning the sheet can raise. */
export const WARNING_CODES = [
  'invalid-value', 'unknown-agency', 'agency-sum-mismatch', 'tranche-order', 'tranche-sum-exceeds-total',
  'finance-order', 'cumulative-decrease', 'duplicate-period', 'date-order', 'extension-too-long',
  'multiple-lead-entities',
] as const

/** Code of a warning. */
export type WarningCode = (typeof WARNING_CODES)[number]

/** Values a message is built from; amounts are numbers in currency units. */
export type WarningParams = Record<string, string | number | boolean | null>

type Lang = 'en' | 'es'

const FINANCE_COLUMNS: Record<string, Record<Lang, string>> = {
  total: { en: 'total', es: 'total' },
  transferred: { en: 'transferred', es: 'transferido' },
  committed: { en: 'committed', es: 'comprometido' },
  disbursed: { en: 'disbursed', es: 'desembolsado' },
  'budget.total': { en: 'total budget', es: 'presupuesto total' },
}

/** Label of a field id, a list (`list:x`) or a cell (`list:x/row/column`) in `lang`. */
export function fieldLabel(field: string, lang: Lang): string {
  const cell = /^list:([^/]+)(?:\/[^/]+\/(.+))?$/.exec(field)
  if (cell) {
    const list = listDef(cell[1] ?? '')
    const column = cell[2] ? columnDef(cell[1] ?? '', cell[2]) : undefined
    if (!list) return field
    return column ? `${list.label[lang]} — ${column.label[lang]}` : list.label[lang]
  }
  return fieldDef(field)?.label[lang] ?? field
}

function amount(value: unknown, lang: Lang): string {
  // A sum past the largest amount has no exact figure (validation.ts gives it as null).
  if (value === null) return `${lang === 'es' ? 'más de' : 'more than'} ${formatMoney(centsToMoney(MAX_CENTS), lang)}`
  return typeof value === 'number' ? numberFormat(lang, { maximumFractionDigits: 2 }).format(value) : String(value)
}

/** A date of the sheet in a message, as the interface shows dates (`1 ene 2009`); a value that is not one, as typed. */
function day(value: unknown, lang: Lang): string {
  return formatCalendarDate(String(value), UI_LOCALES[lang])
}

function column(value: unknown, lang: Lang): string {
  return FINANCE_COLUMNS[String(value)]?.[lang] ?? String(value)
}

/**
 * The text of a warning in English or Spanish. The English text is also stored in
 * `SheetWarning.message`; clients in Spanish call this with `'es'`.
 *
 * @example warningMessage(w, 'es') // '2010-2: transferido bajó de 1.429.667 (2010-1) a 1.409.917; …'
 */
export function warningMessage(w: { code: WarningCode; field: string; params: WarningParams }, lang: Lang): string {
  const p = w.params
  const es = lang === 'es'
  const label = fieldLabel(w.field, lang)
  switch (w.code) {
    case 'invalid-value': {
      const expected = EXPECTED_FORM[p['kind'] as ValueKind]?.[lang] ?? ''
      return es
        ? `«${p['raw']}» no es válido en ${label}: se espera ${expected}.`
        : `"${p['raw']}" is not valid for ${label}: expected ${expected}.`
    }
    case 'unknown-agency': {
      const hint = p['suggestion'] ? (es ? ` ¿Quiso decir ${p['suggestion']}?` : ` Did you mean ${p['suggestion']}?`) : ''
      return (es ? `«${p['raw']}» no es una agencia de la lista.` : `"${p['raw']}" is not an agency of the list.`) + hint
    }
    case 'agency-sum-mismatch':
      return es
        ? `Los presupuestos por agencia suman ${amount(p['sum'], lang)}, no el presupuesto total de ${amount(p['total'], lang)}.`
        : `The agency budgets add up to ${amount(p['sum'], lang)}, not the total budget of ${amount(p['total'], lang)}.`
    case 'tranche-order':
      return es
        ? `El desembolso ${p['number']} (${day(p['date'], lang)}) tiene fecha anterior al desembolso ${p['previousNumber']} (${day(p['previousDate'], lang)}).`
        : `Tranche ${p['number']} (${day(p['date'], lang)}) is dated before tranche ${p['previousNumber']} (${day(p['previousDate'], lang)}).`
    case 'tranche-sum-exceeds-total':
      return es
        ? `Los desembolsos suman ${amount(p['sum'], lang)}, más que el presupuesto total de ${amount(p['total'], lang)}.`
        : `The tranches add up to ${amount(p['sum'], lang)}, more than the total budget of ${amount(p['total'], lang)}.`
    case 'finance-order':
      if (p['rule'] === 'total-eq-budget') {
        return es
          ? `${p['period']}: el total ${amount(p['amount'], lang)} no coincide con el presupuesto total ${amount(p['limit'], lang)}.`
          : `${p['period']}: the total ${amount(p['amount'], lang)} differs from the total budget ${amount(p['limit'], lang)}.`
      }
      return es
        ? `${p['period']}: ${column(p['column'], lang)} ${amount(p['amount'], lang)} supera ${column(p['limitColumn'], lang)} ${amount(p['limit'], lang)}.`
        : `${p['period']}: ${column(p['column'], lang)} ${amount(p['amount'], lang)} exceeds ${column(p['limitColumn'], lang)} ${amount(p['limit'], lang)}.`
    case 'cumulative-decrease':
      return es
        ? `${p['period']}: ${column(p['column'], lang)} bajó de ${amount(p['previous'], lang)} (${p['previousPeriod']}) a ${amount(p['amount'], lang)}; las cifras acumuladas no deberían bajar.`
        : `${p['period']}: ${column(p['column'], lang)} fell from ${amount(p['previous'], lang)} (${p['previousPeriod']}) to ${amount(p['amount'], lang)}; cumulative figures should not fall.`
    case 'duplicate-period':
      return es ? `El periodo ${p['period']} aparece más de una vez.` : `The period ${p['period']} appears more than once.`
    case 'date-order': {
      const earlier = fieldLabel(String(p['earlierField']), lang)
      return es
        ? `${label} (${day(p['value'], lang)}) es anterior a ${earlier} (${day(p['earlierValue'], lang)}).`
        : `${label} (${day(p['value'], lang)}) is before ${earlier} (${day(p['earlierValue'], lang)}).`
    }
    case 'extension-too-long':
      return es
        ? `La extensión hasta ${day(p['extendedEnd'], lang)} supera los ${p['maxMonths']} meses tras la fecha de fin ${day(p['end'], lang)}.`
        : `The extension to ${day(p['extendedEnd'], lang)} is more than ${p['maxMonths']} months after the end date ${day(p['end'], lang)}.`
    case 'multiple-lead-entities':
      return es
        ? `${p['count']} entidades están marcadas como líderes; solo una puede serlo.`
        : `${p['count']} entities are marked as lead; only one may be.`
  }
}
