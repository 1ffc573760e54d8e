import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { ApiClient } from '../api/http.js'
import { isNetworkError } from '../api/http.js'
import { fetchAccess, type Access } from './members-api.js'

/**
 * - `checking`: asked, no answer yet (nothing remembered either);
 * - `known`: from the server, or remembered from the last visit while the server is unreachable;
 * - `unknown`: the server refused (not a member: the socket says so too) or could not be asked.
 */
export type AccessState = { state: 'checking' } | { state: 'known'; access: Access; remembered: boolean } | { state: 'unknown' }

const keyOf = (userId: string, programmeId: string) => `ficha.access.${userId}.${programmeId}`

/**
 * What the signed-in person may do on one sheet (`GET /api/programmes/:id` → `access`), asked
 * when the host connects and again on {@link refresh} (after a 4509, the role changed). The last
 * answer is remembered per person and sheet, so that a sheet reopened offline keeps its access.
 */
export class AccessController implements ReactiveController {
  value: AccessState = { state: 'checking' }
  #abort: AbortController | null = null

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => { api: ApiClient | undefined; userId: string | undefined; programmeId: string },
  ) {
    host.addController(this)
  }

  hostConnected(): void {
    void this.refresh()
  }

  hostDisconnected(): void {
    this.#abort?.abort()
  }

  async refresh(): Promise<void> {
    const { api, userId, programmeId } = this.source()
    if (!api || !userId) return
    this.#abort?.abort()
    const abort = (this.#abort = new AbortController())
    try {
      const access = await fetchAccess(api, programmeId, abort.signal)
      localStorage.setItem(keyOf(userId, programmeId), JSON.stringify(access))
      this.#set({ state: 'known', access, remembered: false })
    } catch (error) {
      if (abort.signal.aborted) return
      if (!isNetworkError(error)) localStorage.removeItem(keyOf(userId, programmeId))
      const remembered = isNetworkError(error) ? this.#remembered(userId, programmeId) : null
      this.#set(remembered ? { state: 'known', access: remembered, remembered: true } : { state: 'unknown' })
    }
  }

  #remembered(userId: string, programmeId: string): Access | null {
    try {
      const saved = JSON.parse(localStorage.getItem(keyOf(userId, programmeId)) ?? 'null') as Access | null
      return saved && typeof saved.edit === 'boolean' ? saved : null
    } catch {
      return null
    }
  }

  #set(value: AccessState): void {
    this.value = value
    this.host.requestUpdate()
  }
}
