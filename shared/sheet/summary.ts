import type { SheetJson } from './sheet-json.js'

/** Financial execution of one period as % of its total. */
export interface PeriodExecution {
  period: string
  transferred: number | null
  committed: number | null
  disbursed: number | null
}

/** What the programme list shows of a sheet, derived from its rendering. */
export interface ProgrammeSummary {
  status: string | null
  window: string | null
  currency: string
  total: number | null
  /** The latest period with figures, or null. */
  latest: PeriodExecution | null
  /** Every period in order, for a sparkline. */
  periods: PeriodExecution[]
  warnings: number
}

/** @example summarizeSheet(renderSheet(doc)).latest // {period: '2011-1', transferred: 28.59, …} */
export function summarizeSheet(sheet: SheetJson): ProgrammeSummary {
  const periods = sheet.finance.rows
    .filter((row): row is typeof row & { period: string } => row.period !== null)
    .map((row) => ({
      period: row.period,
      transferred: row.transferred.percent,
      committed: row.committed.percent,
      disbursed: row.disbursed.percent,
    }))
  return {
    status: sheet.status.code,
    window: sheet.identity.window,
    currency: sheet.budget.currency,
    total: sheet.budget.total,
    latest: periods.at(-1) ?? null,
    periods,
    warnings: sheet.warnings.length,
  }
}
