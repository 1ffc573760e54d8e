/**
 * Registers the service worker (client/public/sw.js), which keeps the app shell so that a sheet
 * reopens offline with the edits y-indexeddb kept.
 *
 * The worker caches assets as they pass through it, but the first visit loaded them before the
 * worker existed. Once it controls the page, the assets this page loaded are requested again
 * through it, so that the very first visit is already enough to reload offline.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return
  addEventListener('load', () => {
    navigator.serviceWorker
      .register('/sw.js')
      .then(async () => {
        const container = navigator.serviceWorker
        if (!container.controller) await new Promise((resolve) => container.addEventListener('controllerchange', resolve, { once: true }))
        const assets = performance
          .getEntriesByType('resource')
          .map((entry) => new URL(entry.name))
          .filter((url) => url.origin === location.origin && url.pathname.startsWith('/assets/'))
        await Promise.all(assets.map((url) => fetch(url).catch(() => undefined)))
      })
      .catch((error: unknown) => console.warn('service worker not registered', error))
  })
}
