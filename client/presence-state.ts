/**
 * What each browser publishes in the sheet's awareness (presence), read by the avatars bar and
 * by the fields that show who is in them. y-prosemirror's cursor plugin reads `user` too.
 */
export interface PresenceState {
  user: { name: string; color: string }
  /**
   * The field the person is in: a field id (`budget.total`), a narrative (`text:summary`), or a
   * cell (`list:finance/<rowId>/<column>`) — the same ids the warnings use. Null when none.
   */
  focus: string | null
}

/** Field key of the awareness state, for `awareness.setLocalStateField`. */
export const PRESENCE_FOCUS = 'focus'
export const PRESENCE_USER = 'user'
