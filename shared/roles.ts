/**
 * Roles of DOMAIN.md and what each may do, defined once for the server (which enforces) and the
 * client (which shows). Global roles apply to every programme; programme roles to one.
 */
export const GLOBAL_ROLES = ['admin', 'secretariat'] as const
export type GlobalRole = (typeof GLOBAL_ROLES)[number]

export const PROGRAMME_ROLES = ['coordinator', 'rco', 'evaluator', 'viewer'] as const
export type ProgrammeRole = (typeof PROGRAMME_ROLES)[number]

/** What a person may do on one programme. */
export interface Capabilities {
  /** See the sheet, its exports and its audit log. */
  read: boolean
  /** Change the sheet (the socket applies their updates). */
  edit: boolean
  /** Write findings and comments (the evaluation issue). */
  comment: boolean
  /** Add and remove members. */
  manageMembers: boolean
  /** Record evaluations and their findings and recommendations (evaluators). */
  evaluate: boolean
  /** Write the management response and the improvement plan's key actions (UNEG). */
  respond: boolean
}

const NONE: Capabilities = { read: false, edit: false, comment: false, manageMembers: false, evaluate: false, respond: false }

/**
 * @example capabilities(null, 'evaluator') // {read: true, edit: false, comment: true, evaluate: true, …}
 */
export function capabilities(globalRole: GlobalRole | null, programmeRole: ProgrammeRole | null): Capabilities {
  if (globalRole === 'admin' || globalRole === 'secretariat') {
    return { read: true, edit: true, comment: true, manageMembers: true, evaluate: true, respond: true }
  }
  switch (programmeRole) {
    case 'coordinator':
      return { ...NONE, read: true, edit: true, comment: true, respond: true }
    case 'rco':
      return { ...NONE, read: true, edit: true, comment: true }
    case 'evaluator':
      return { ...NONE, read: true, comment: true, evaluate: true }
    case 'viewer':
      return { ...NONE, read: true }
    default:
      return NONE
  }
}
