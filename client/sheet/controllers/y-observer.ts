/**
 * Re-renders a host when a Y type changes (deeply or not). The type is picked by a function so that
 * it follows the host's properties (another row, another document).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type * as Y from 'yjs'

export class YObserver implements ReactiveController {
  private observed: Y.AbstractType<any> | null = null
  private readonly onChange = () => this.host.requestUpdate()

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly pick: () => Y.AbstractType<any> | null | undefined,
    private readonly deep = false,
  ) {
    host.addController(this)
  }

  hostConnected(): void {
    this.follow()
  }

  hostUpdate(): void {
    this.follow()
  }

  hostDisconnected(): void {
    this.stop()
  }

  private follow(): void {
    const type = this.pick() ?? null
    if (type === this.observed) return
    this.stop()
    this.observed = type
    if (!type) return
    if (this.deep) type.observeDeep(this.onChange)
    else type.observe(this.onChange)
  }

  private stop(): void {
    if (!this.observed) return
    if (this.deep) this.observed.unobserveDeep(this.onChange)
    else this.observed.unobserve(this.onChange)
    this.observed = null
  }
}
