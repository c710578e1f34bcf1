// The rolling-text service worker: keeps the built client (the page and its
// hashed assets) so that the app opens without a network after one visit;
// the text itself comes from the browser's own copy (IndexedDB). The API and
// the sync socket are never cached.
const cacheName = 'rolling-text-client-v1'

/** Caches the page and every asset it names. */
async function cacheClient() {
  const cache = await caches.open(cacheName)
  const response = await fetch('/', { cache: 'no-cache' })
  const html = await response.clone().text()
  await cache.put('/', response)
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1])
  await cache.addAll(assets)
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheClient().then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== cacheName).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  )
})

/** Keeps a copy of a good response under `key`, and returns the response. */
function keep(key, response) {
  if (response.ok) {
    const copy = response.clone()
    caches.open(cacheName).then((cache) => cache.put(key, copy))
  }
  return response
}

self.addEventListener('fetch', (event) => {
  const { request } = event
  const url = new URL(request.url)
  if (request.method !== 'GET' || url.origin !== self.location.origin) return
  if (request.mode === 'navigate') {
    // The page from the network when there is one (a new build), else the kept one.
    event.respondWith(
      fetch(request)
        .then((response) => keep('/', response))
        .catch(() => caches.match('/')),
    )
  } else if (url.pathname.startsWith('/assets/')) {
    // Hashed assets never change: the kept copy is as good as the network's.
    event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request).then((r) => keep(request, r))))
  }
})
