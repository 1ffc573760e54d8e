/**
 * Values of a rendered sheet as a reader of an export sees them, in Spanish or English: amounts,
 * percentages, dates, months, counts. Every export format formats through here.
 */
import { parseIsoDay, parseIsoMonth } from '../../shared/dates.js'
import { formatMoney } from '../../shared/money.js'
import type { SheetJson } from '../../shared/sheet/sheet-json.js'
import { dateTimeFormat, numberFormat } from '../../shared/intl.js'

/** Language of an export's labels and number formats. */
export type ExportLang = 'es' | 'en'

/**
 * The language of an export: `requested` when it is `es` or `en`, else the sheet's own language
 * when it is one of those, else English (French sheets get English labels until a French UI exists).
 *
 * @example exportLanguage(undefined, sheet) // 'es' for the Peru sheet
 */
export function exportLanguage(requested: string | null | undefined, sheet: Pick<SheetJson, 'identity'>): ExportLang {
  if (requested === 'es' || requested === 'en') return requested
  return sheet.identity.language === 'es' ? 'es' : 'en'
}

// en-GB gives "15 December 2009", the form of the fund's English documents (not "December 15, 2009").
const DATE_LOCALE: Record<ExportLang, string> = { es: 'es', en: 'en-GB' }

/** An amount in currency units, grouped for `lang`, without a currency (`5.000.000` / `5,000,000`). */
export function formatAmount(amount: number, lang: ExportLang): string {
  // String(n) of a JSON amount is its canonical decimal, which formatMoney formats exactly.
  return formatMoney(String(amount), lang)
}

/** An amount with its currency (`5.000.000,00 US$` / `US$5,000,000.00`); a currency Intl does not know is written after the figure. */
export function formatAmountWithCurrency(amount: number, lang: ExportLang, currency: string): string {
  try {
    return formatMoney(String(amount), lang, { currency })
  } catch {
    return `${formatAmount(amount, lang)} ${currency}` // Intl throws on a code such as "dólares"
  }
}

/** A count (`1.250` is not grouped in Spanish: Intl groups Spanish numbers from five digits). */
export function formatCount(count: number, lang: ExportLang): string {
  return numberFormat(lang).format(count)
}

/** A day `YYYY-MM-DD` in words (`15 de diciembre de 2009` / `15 December 2009`); anything else as given. */
export function formatDay(iso: string, lang: ExportLang): string {
  const parts = parseIsoDay(iso)
  if (!parts || parts.day === null) return iso
  // UTC on both sides: the calendar day is formatted, no time zone can move it.
  return dateTimeFormat(DATE_LOCALE[lang], { dateStyle: 'long', timeZone: 'UTC' })
    .format(new Date(Date.UTC(parts.year, parts.month - 1, parts.day)))
}

/** A month `YYYY-MM` in words (`abril de 2009` / `April 2009`); a full day is formatted as a day. */
export function formatMonth(iso: string, lang: ExportLang): string {
  const parts = parseIsoMonth(iso)
  if (!parts) return parseIsoDay(iso) ? formatDay(iso, lang) : iso
  return dateTimeFormat(DATE_LOCALE[lang], { month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(Date.UTC(parts.year, parts.month - 1, 1)))
}

/** Date and time of generation, with its time zone (UTC) so a printed sheet is unambiguous. */
export function formatTimestamp(date: Date, lang: ExportLang): string {
  return dateTimeFormat(DATE_LOCALE[lang], { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(date) + ' UTC'
}

/** Fixed texts of the exports, in both languages. */
export const UI = {
  es: {
    yes: 'Sí', no: 'No', empty: '—', noData: 'Sin datos', warnings: 'Advertencias', warning: 'Advertencia',
    noWarnings: 'Sin advertencias', generated: 'Generado el', percent: '%', percentOfTotal: '% del total',
    agencySum: 'Suma de las agencias', totalBudget: 'Presupuesto total', trancheSum: 'Suma de los desembolsos',
    tranche: 'Desembolso', result: 'Resultado', factSheet: 'Ficha de seguimiento',
    evaluations: 'Evaluaciones y hallazgos', improvementPlan: 'Plan de mejora', evaluation: 'Evaluación', evaluators: 'Evaluadores',
    evaluationPeriod: 'Periodo evaluado', report: 'Informe', finding: 'Hallazgo', priority: 'prioridad', recommendation: 'Recomendación',
    managementResponse: 'Respuesta de la gerencia', respondedBy: 'Respondió', noResponse: 'pendiente',
    planProgress: '{done} de {n} acciones completadas', overdueCount: '{n} vencidas', action: 'Acción clave', responsible: 'Responsable',
    dueDate: 'Fecha límite', status: 'Estado', overdue: 'vencida',
  },
  en: {
    yes: 'Yes', no: 'No', empty: '—', noData: 'No data', warnings: 'Warnings', warning: 'Warning',
    noWarnings: 'No warnings', generated: 'Generated on', percent: '%', percentOfTotal: '% of total',
    agencySum: 'Sum of the agencies', totalBudget: 'Total budget', trancheSum: 'Sum of the tranches',
    tranche: 'Tranche', result: 'Result', factSheet: 'Monitoring fact sheet',
    evaluations: 'Evaluations and findings', improvementPlan: 'Improvement plan', evaluation: 'Evaluation', evaluators: 'Evaluators',
    evaluationPeriod: 'Period evaluated', report: 'Report', finding: 'Finding', priority: 'priority', recommendation: 'Recommendation',
    managementResponse: 'Management response', respondedBy: 'Responded by', noResponse: 'pending',
    planProgress: '{done} of {n} actions done', overdueCount: '{n} overdue', action: 'Key action', responsible: 'Responsible',
    dueDate: 'Due date', status: 'Status', overdue: 'overdue',
  },
} as const satisfies Record<ExportLang, Record<string, string>>
