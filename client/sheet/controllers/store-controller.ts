/**
 * Re-renders a host when a store it reads from (warnings, presence) changes. Subscribes on
 * connect and on every session change, so a new document or awareness is picked up.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'

interface Subscribable {
  subscribe(listener: () => void): () => void
}

export class StoreController implements ReactiveController {
  private unsubscribe: (() => void) | null = null
  private store: Subscribable | null = null

  constructor(private readonly host: ReactiveControllerHost, private readonly pick: () => Subscribable | null | undefined) {
    host.addController(this)
  }

  hostConnected(): void {
    this.resubscribe()
  }

  /** Follows the host's session: called before each render, cheap when the store is the same. */
  hostUpdate(): void {
    this.resubscribe()
  }

  hostDisconnected(): void {
    this.unsubscribe?.()
    this.unsubscribe = null
    this.store = null
  }

  private resubscribe(): void {
    const store = this.pick() ?? null
    if (store === this.store) return
    this.unsubscribe?.()
    this.store = store
    this.unsubscribe = store ? store.subscribe(() => this.host.requestUpdate()) : null
  }
}
