import type { ReactiveController, ReactiveControllerHost } from 'lit'

/** The pages of the app, from the path. */
export type Route =
  | { page: 'list' }
  | { page: 'sheet'; id: string }
  | { page: 'version'; id: string; snapshotId: string }
  | { page: 'compare'; id: string; from: string; to: string }
  | { page: 'me' }
  | { page: 'signin' }
  | { page: 'account' }
  | { page: 'admin' }
  | { page: 'not-found' }

const FIXED: Record<string, Route> = {
  '/': { page: 'list' },
  '': { page: 'list' },
  '/signin': { page: 'signin' },
  '/account': { page: 'account' },
  '/admin': { page: 'admin' },
  '/me': { page: 'me' },
}

export function parseRoute(pathname: string, search: string = typeof location === 'undefined' ? '' : location.search): Route {
  const version = /^\/programmes\/([^/]+)\/versions\/([^/]+)\/?$/.exec(pathname)
  const compare = /^\/programmes\/([^/]+)\/compare\/?$/.exec(pathname)
  try {
    if (version) return { page: 'version', id: decodeURIComponent(version[1]!), snapshotId: decodeURIComponent(version[2]!) }
    if (compare) {
      const query = new URLSearchParams(search)
      return { page: 'compare', id: decodeURIComponent(compare[1]!), from: query.get('from') ?? 'now', to: query.get('to') ?? 'now' }
    }
  } catch {
    return { page: 'not-found' }
  }
  const fixed = FIXED[pathname.replace(/(.)\/$/, '$1')]
  if (fixed) return fixed
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

/** The sign-in page, coming back to `next` (a path of this app) afterwards. */
export function signinPath(next: string): string {
  return next === '/' || next.startsWith('/signin') ? '/signin' : `/signin?next=${encodeURIComponent(next)}`
}

/** Where to go after signing in: `?next=` when it is a path of this app, else the portfolio. */
export function nextAfterSignin(search: string): string {
  const next = new URLSearchParams(search).get('next') ?? '/'
  // Only same-origin paths: never `//host` or `https://…`, which would make this an open redirect.
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') && !next.startsWith('/signin') ? next : '/'
}

/**
 * Goes to a path of the app without reloading (the router follows `popstate`). `replace` for
 * redirects, so that Back does not return to a page that only redirected.
 */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === location.pathname + location.search) return
  if (options.replace) history.replaceState(null, '', path)
  else history.pushState(null, '', path)
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
