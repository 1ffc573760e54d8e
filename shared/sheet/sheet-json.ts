/**
 * The JSON contract of a rendered sheet (GET /api/programmes/:id). Written out so that the server,
 * the client and API users can read it; test/unit/sheet-render.test.ts checks that every item of
 * the schema appears in a rendering, so the two cannot drift apart unnoticed.
 */
import type { SheetWarning } from './validation.js'

/** A narrative as plain text and as HTML. */
export interface NarrativeJson {
  text: string
  html: string
}

/** A money figure of a finance row with its derived percentage of the row's total. */
export interface FinanceAmountJson {
  amount: number | null
  percent: number | null
}

/** Counts of one group of beneficiaries; `individuals` = women + men. */
export interface BeneficiaryCountsJson {
  institutions: number | null
  women: number | null
  men: number | null
  ethnicGroups: number | null
  individuals: number | null
}

/** A rendered sheet. Amounts in currency units; `null` = empty or invalid (see `warnings`). */
export interface SheetJson {
  schemaVersion: 1
  identity: { title: string | null; code: string | null; country: string | null; window: string | null; language: string | null }
  budget: {
    currency: string
    total: number | null
    agencyBudgets: { id: string; agency: string | null; amount: number | null }[]
    /** Sum of the valid agency amounts; `null` only if it overflows. */
    agencySum: number | null
  }
  partners: { entities: { id: string; name: string | null; acronym: string | null; lead: boolean | null }[] }
  dates: { start: string | null; end: string | null; extendedEnd: string | null }
  disbursements: {
    tranches: { id: string; number: number; date: string | null; amount: number | null }[]
    sum: number | null
    percentOfTotal: number | null
  }
  summary: { narrative: NarrativeJson }
  results: { rows: { id: string; number: number; statement: NarrativeJson; achievement: NarrativeJson }[] }
  geography: { regions: { id: string; name: string | null }[] }
  mdg: { mdgTargets: { id: string; code: string | null }[] }
  contacts: {
    coordinator: { name: string | null; email: string | null }
    rco: { name: string | null; email: string | null }
  }
  beneficiaries: { direct: BeneficiaryCountsJson; indirect: BeneficiaryCountsJson }
  status: { code: string | null; narrative: NarrativeJson }
  finance: {
    rows: {
      id: string
      period: string | null
      total: number | null
      transferred: FinanceAmountJson
      committed: FinanceAmountJson
      disbursed: FinanceAmountJson
    }[]
  }
  achievements: { rows: { id: string; number: number; achievement: NarrativeJson }[] }
  assessment: { gender: NarrativeJson; observations: NarrativeJson }
  paris: { leadership: NarrativeJson; civilSociety: NarrativeJson; alignment: NarrativeJson; accountability: NarrativeJson }
  dao: { procedures: NarrativeJson; rcoRole: NarrativeJson; interagency: NarrativeJson }
  sustainability: { plan: boolean | null; narrative: NarrativeJson }
  scalability: { narrative: NarrativeJson }
  externalFactors: { narrative: NarrativeJson }
  communication: { plan: boolean | null; narrative: NarrativeJson }
  monitoring: { narrative: NarrativeJson }
  missions: { rows: { id: string; month: string | null; members: string[] }[] }
  evaluation: {
    evaluator: string | null
    periodStart: string | null
    periodEnd: string | null
    reportUrl: string | null
    improvementPlanUrl: string | null
  }
  importNotes: { narrative: NarrativeJson }
  warnings: SheetWarning[]
}
