/**
 * What every part of the sheet editor works on: the document, the awareness, the interface
 * language, whether editing is allowed, and the two live stores derived from doc and awareness.
 * The editor builds a new session object whenever one of these changes, so children that take
 * `.session` re-render exactly then (Lit compares by identity).
 */
import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import type { Lang } from '../i18n/lang.js'
import type { PresenceStore } from './presence-store.js'
import type { WarningsStore } from './warnings-store.js'
import type { ReplacedValues } from './replaced-values.js'
import type { FollowUpStore } from '../follow-up/follow-up-store.js'

export interface SheetSession {
  readonly doc: Y.Doc
  readonly awareness: Awareness | null
  readonly lang: Lang
  readonly readOnly: boolean
  readonly warnings: WarningsStore
  readonly presence: PresenceStore
  /** This person's values that someone else's edit replaced (shown beside the field). */
  readonly replaced: ReplacedValues
  /** Threads, locked periods and the comment actions of the sheet page; absent in read-only version views. */
  readonly followUp?: FollowUpStore | null
}

/** Presence id of a list cell; the same string the warnings use (`list:finance/<rowId>/total`). */
export function cellId(listId: string, rowId: string, column: string): string {
  return `list:${listId}/${rowId}/${column}`
}

/** Presence id of a sheet narrative (`text:summary`), as PresenceState documents it. */
export function narrativeFocusId(narrativeId: string): string {
  return `text:${narrativeId}`
}

/** A DOM id derived from a field id; field ids hold `:` and `/`, which ids allow but selectors dislike. */
export function domId(prefix: string, id: string): string {
  return `${prefix}-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`
}
