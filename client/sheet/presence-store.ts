/**
 * Who else is in which field: the awareness states of the other clients, indexed by their
 * `focus` (PresenceState). Our own client is left out: people see the others, not themselves.
 */
import type { Awareness } from 'y-protocols/awareness'
import type { PresenceState } from '../presence-state.js'

/** One other person in a field. */
export interface FocusedUser {
  clientId: number
  name: string
  color: string
}

const NONE: readonly FocusedUser[] = []

export class PresenceStore {
  private byFocus = new Map<string, FocusedUser[]>()
  /** The name of every client seen in this session, kept after they leave (a notice may still name them). */
  private readonly names = new Map<number, string>()
  private listeners = new Set<() => void>()
  private readonly onChange = () => {
    this.recompute()
    for (const listener of this.listeners) listener()
  }

  constructor(private readonly awareness: Awareness | null) {
    this.recompute()
    awareness?.on('change', this.onChange)
  }

  /** The name of the person behind an awareness (Yjs) client id, if they were seen here. */
  nameOf(clientId: number): string | null {
    return this.names.get(clientId) ?? null
  }

  /** The other people whose focus is `focusId`. */
  in(focusId: string): readonly FocusedUser[] {
    return this.byFocus.get(focusId) ?? NONE
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Publish the field this browser is in (`null` when none); a no-op without awareness. */
  setFocus(focusId: string | null): void {
    if (!this.awareness) return
    const current = (this.awareness.getLocalState() as Partial<PresenceState> | null)?.focus ?? null
    if (current !== focusId) this.awareness.setLocalStateField('focus', focusId)
  }

  destroy(): void {
    this.awareness?.off('change', this.onChange)
    this.listeners.clear()
  }

  private recompute(): void {
    const byFocus = new Map<string, FocusedUser[]>()
    if (this.awareness) {
      const self = this.awareness.clientID
      this.awareness.getStates().forEach((raw, clientId) => {
        const state = raw as Partial<PresenceState>
        if (state.user?.name) this.names.set(clientId, String(state.user.name))
        if (clientId === self || typeof state.focus !== 'string' || !state.user) return
        const user: FocusedUser = { clientId, name: String(state.user.name ?? '?'), color: String(state.user.color ?? '#888888') }
        const list = byFocus.get(state.focus)
        if (list) list.push(user)
        else byFocus.set(state.focus, [user])
      })
    }
    this.byFocus = byFocus
  }
}
