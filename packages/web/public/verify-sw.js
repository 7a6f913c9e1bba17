/*
 * The offline certificate verifier's service worker (scope /verify only: the rest of the app is
 * untouched). It keeps what /verify needs to open and verify with no network, even after a reload:
 * - the page itself (network first, the cached copy when the network fails);
 * - the code the page loaded (the page posts the list of its /assets/ files once the worker is
 *   active; hashed file names never change content, so they are served from the cache first);
 * - the trust list with its date (network first; a cached copy is marked `x-epilink-offline: 1`,
 *   so the page says it works from the list it has).
 * Old builds' files are dropped when the page reports a new list.
 */
const CACHE = 'epilink-verify-v1';
const PAGE = '/verify';
const TRUST_LIST = '/api/certificates/trust-list';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.add(PAGE))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

/** Cache the page and the listed assets; drop cached assets the current build no longer uses. */
async function keep(urls) {
  const cache = await caches.open(CACHE);
  const wanted = new Set(
    urls
      .map((u) => new URL(u, self.location.origin))
      .filter((u) => u.origin === self.location.origin && u.pathname.startsWith('/assets/'))
      .map((u) => u.pathname),
  );
  await cache.add(PAGE).catch(() => undefined);
  for (const path of wanted) {
    if (!(await cache.match(path))) await cache.add(path).catch(() => undefined);
  }
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/assets/') && !wanted.has(path)) await cache.delete(request);
  }
  return wanted.size;
}

self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'keep' || !Array.isArray(data.urls)) return;
  const port = event.ports[0];
  event.waitUntil(
    keep(data.urls.filter((u) => typeof u === 'string')).then(
      (count) => port && port.postMessage({ ok: true, count }),
      () => port && port.postMessage({ ok: false }),
    ),
  );
});

async function networkFirst(request, key, markOffline) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(key);
    if (!cached) throw error;
    if (!markOffline) return cached;
    const headers = new Headers(cached.headers);
    headers.set('x-epilink-offline', '1');
    return new Response(await cached.blob(), { status: cached.status, headers });
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { ignoreSearch: true });
  return cached ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    if (url.pathname === PAGE) event.respondWith(networkFirst(request, PAGE, false));
    return;
  }
  if (url.pathname === TRUST_LIST) event.respondWith(networkFirst(request, TRUST_LIST, true));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(cacheFirst(request));
});
