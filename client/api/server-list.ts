import type { ReactiveController, ReactiveControllerHost } from 'lit'

export interface ServerListOptions<T> {
  /** Fetches the list (abandoned through `signal` when another load starts or the panel goes). */
  load: (signal: AbortSignal) => Promise<T[]>
  /** The sentence shown for an error while loading the list or while making a change. */
  errorText: (error: unknown, during: 'load' | 'change') => string
  /** Whether to load when the panel connects (default: always). */
  loadOnConnect?: () => boolean
}

/**
 * A list the server keeps (the accounts, a sheet's members, one's tokens) as a panel shows it:
 * loaded when the panel connects and again after every change, so that the panel shows what the
 * server has; `busy` while a change runs (the panel disables its buttons); the last error as a
 * sentence. One piece of code for every such panel.
 *
 * @example
 * readonly #list = new ServerList(this, { load: (signal) => listMembers(api, id, signal), errorText: (e) => String(e) })
 */
export class ServerList<T> implements ReactiveController {
  /** null until the first load answers. */
  items: T[] | null = null
  busy = false
  error = ''
  #abort: AbortController | null = null

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: ServerListOptions<T>,
  ) {
    host.addController(this)
  }

  hostConnected(): void {
    if (this.options.loadOnConnect?.() ?? true) void this.load()
  }

  hostDisconnected(): void {
    this.#abort?.abort()
  }

  async load(): Promise<void> {
    this.#abort?.abort()
    const abort = (this.#abort = new AbortController())
    try {
      this.items = await this.options.load(abort.signal)
    } catch (error) {
      if (abort.signal.aborted) return
      this.error = this.options.errorText(error, 'load')
    }
    this.host.requestUpdate()
  }

  /** Runs one change, then loads the list as the server has it; answers whether the change succeeded. */
  async change(action: () => Promise<unknown>): Promise<boolean> {
    this.busy = true
    this.error = ''
    this.host.requestUpdate()
    try {
      await action()
      return true
    } catch (error) {
      this.error = this.options.errorText(error, 'change')
      return false
    } finally {
      this.busy = false
      await this.load()
    }
  }
}
