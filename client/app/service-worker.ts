/**
 * Registers the service worker (client/public/sw.js), which keeps the app shell and its assets so
 * that a sheet reopens offline with the edits y-indexeddb kept.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return
  addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => console.warn('service worker not registered', error))
  })
}
