import type { ReactiveController, ReactiveControllerHost } from 'lit'

/** The pages of the app, from the path. */
export type Route = { page: 'list' } | { page: 'sheet'; id: string } | { page: 'not-found' }

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'list' }
  const sheet = /^\/programmes\/([^/]+)\/?$/.exec(pathname)
  if (sheet) {
    try {
      return { page: 'sheet', id: decodeURIComponent(sheet[1]!) }
    } catch {
      return { page: 'not-found' }
    }
  }
  return { page: 'not-found' }
}

/** Path of a sheet's page. */
export function sheetPath(id: string): string {
  return `/programmes/${encodeURIComponent(id)}`
}

/** Goes to a path of the app without reloading (the router follows `popstate`). */
export function navigate(path: string): void {
  if (path === location.pathname + location.search) return
  history.pushState(null, '', path)
  dispatchEvent(new PopStateEvent('popstate'))
}

/**
 * A tiny router on the History API: follows back/forward, and turns clicks on same-origin links
 * inside the host into in-app navigation. Links to `/api/…` (exports) and links with a target,
 * a download attribute or a modifier key keep the browser's own behaviour.
 */
export class RouterController implements ReactiveController {
  route: Route = parseRoute(location.pathname)

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this)
  }

  hostConnected(): void {
    addEventListener('popstate', this.#onPopState)
    this.host.addEventListener('click', this.#onClick)
  }

  hostDisconnected(): void {
    removeEventListener('popstate', this.#onPopState)
    this.host.removeEventListener('click', this.#onClick)
  }

  readonly #onPopState = () => {
    this.route = parseRoute(location.pathname)
    this.host.requestUpdate()
  }

  readonly #onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    const link = (event.target as Element | null)?.closest?.('a[href]')
    if (!(link instanceof HTMLAnchorElement) || link.target || link.hasAttribute('download')) return
    const url = new URL(link.href)
    if (url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/sync')) return
    event.preventDefault()
    navigate(url.pathname + url.search)
  }
}
