import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { Awareness } from 'y-protocols/awareness'
import type { PresenceState } from '../presence-state.js'

/** One person on the sheet, as the avatars bar shows them. */
export interface Peer {
  clientId: number
  name: string
  color: string
  focus: string | null
  isMe: boolean
}

function peerOf(clientId: number, state: Partial<PresenceState>, myId: number): Peer | null {
  const user = state.user
  // A state without a user is a client that has not said who it is yet (or an old tab): not shown.
  if (!user || typeof user.name !== 'string') return null
  return {
    clientId,
    name: user.name,
    color: typeof user.color === 'string' ? user.color : '#5a6570',
    focus: typeof state.focus === 'string' ? state.focus : null,
    isMe: clientId === myId,
  }
}

/**
 * Follows an awareness and keeps `peers` current: me first, then the others by name. The host
 * passes the awareness through `setAwareness` because the sheet's session can be replaced.
 */
export class PresenceController implements ReactiveController {
  peers: Peer[] = []
  #awareness: Awareness | null = null
  #connected = false

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this)
  }

  setAwareness(awareness: Awareness | null): void {
    if (awareness === this.#awareness) return
    this.#unlisten()
    this.#awareness = awareness
    if (this.#connected) this.#listen()
  }

  hostConnected(): void {
    this.#connected = true
    this.#listen()
  }

  hostDisconnected(): void {
    this.#connected = false
    this.#unlisten()
  }

  // `change` (not `update`) fires only when a state really changed, not on the 15 s keep-alive.
  readonly #onChange = () => {
    this.#read()
    this.host.requestUpdate()
  }

  #listen(): void {
    this.#awareness?.on('change', this.#onChange)
    this.#read()
  }

  #unlisten(): void {
    this.#awareness?.off('change', this.#onChange)
  }

  #read(): void {
    const awareness = this.#awareness
    if (!awareness) {
      this.peers = []
      return
    }
    const peers: Peer[] = []
    for (const [clientId, state] of awareness.getStates()) {
      const peer = peerOf(clientId, state as Partial<PresenceState>, awareness.clientID)
      if (peer) peers.push(peer)
    }
    peers.sort((a, b) => Number(b.isMe) - Number(a.isMe) || a.name.localeCompare(b.name) || a.clientId - b.clientId)
    this.peers = peers
  }
}
