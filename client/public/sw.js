// Ficha's service worker: keeps the application shell available offline, so that a sheet can be
// reopened (and its edits, kept in IndexedDB by y-indexeddb, shown) during a mission without network.
// Data never goes through here: /api and /sync are left to the network.

const CACHE = 'ficha-shell-v1'

// At install: the shell and every asset it references (vite names them with content hashes), so
// that the first visit is enough to reopen the app offline.
self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE)
      const shell = await fetch('/', { cache: 'no-cache' })
      const html = await shell.clone().text()
      await cache.put('/', shell)
      const assets = [...new Set(html.match(/\/assets\/[^"'\s)]+/g) ?? [])]
      await cache.addAll(assets)
      await self.skipWaiting()
    })(),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  )
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  const url = new URL(request.url)
  if (request.method !== 'GET' || url.origin !== self.location.origin) return
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/sync/')) return

  if (request.mode === 'navigate') {
    // Network first, so a new version arrives at once; the cached shell when offline. Every page is
    // the same single-page app, so one cached index serves every deep link.
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone()
          if (response.ok) caches.open(CACHE).then((cache) => cache.put('/', copy))
          return response
        })
        .catch(() => caches.match('/').then((cached) => cached ?? Response.error())),
    )
    return
  }

  if (url.pathname.startsWith('/assets/')) {
    // Built assets have content hashes in their names: cache first is always right.
    event.respondWith(
      caches.match(request).then(
        (cached) =>
          cached ??
          fetch(request).then((response) => {
            const copy = response.clone()
            if (response.ok) caches.open(CACHE).then((cache) => cache.put(request, copy))
            return response
          }),
      ),
    )
  }
})
