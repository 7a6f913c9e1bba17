/*
 * The citizen declaration's service worker (scope /declare only: the rest of the app is untouched).
 * Once /declare has been opened with the network, the page opens and its form can be filled with no
 * network, even after a reload:
 * - the page (every /declare… address is the same app page: network first, the cached copy when
 *   the network fails);
 * - the code the page loaded (the page posts the list of its /assets/ files once the worker is
 *   active; hashed file names never change content, so they are served from the cache first);
 * - the public reads the form needs — the questionnaires in force and the province's communes
 *   (no personal data): network first, the cached copy offline.
 * Sending is not the worker's job: the page keeps unsent declarations in its own queue and sends
 * them when the network returns (each with its submission id, so a retry cannot duplicate).
 */
const CACHE = 'epilink-declare-v1';
const PAGE = '/declare';
/** Reads the offline form needs; nothing personal is cached (the API's personal reads are not listed). */
/** The reads the form makes on every visit: kept as soon as the page says it is open. */
const PRELOAD = ['/api/meta', '/api/declarations/questionnaires', '/api/map/boundaries?level=commune'];
const CACHED_READS = [
  /^\/api\/meta$/u,
  /^\/api\/declarations\/questionnaires(\/[^/]+)?$/u,
  /^\/api\/map\/boundaries$/u,
];

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

/**
 * Cache the page, the listed assets and the listed public reads (the page lists what it loaded,
 * the reads included, since they may have been made before this worker controlled the page);
 * drop cached assets the current build no longer uses.
 */
async function keep(urls) {
  const cache = await caches.open(CACHE);
  const own = urls
    .map((u) => new URL(u, self.location.origin))
    .filter((u) => u.origin === self.location.origin);
  const wanted = new Set(own.filter((u) => u.pathname.startsWith('/assets/')).map((u) => u.pathname));
  const reads = new Set([
    ...PRELOAD,
    ...own
      .filter((u) => CACHED_READS.some((pattern) => pattern.test(u.pathname)))
      .map((u) => u.pathname + u.search),
  ]);
  await cache.add(PAGE).catch(() => undefined);
  for (const path of wanted) {
    if (!(await cache.match(path))) await cache.add(path).catch(() => undefined);
  }
  for (const key of reads) await cache.add(key).catch(() => undefined);
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

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(key);
    if (!cached) throw error;
    return cached;
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
    if (url.pathname === PAGE || url.pathname.startsWith(`${PAGE}/`))
      event.respondWith(networkFirst(request, PAGE));
    return;
  }
  if (CACHED_READS.some((pattern) => pattern.test(url.pathname)))
    event.respondWith(networkFirst(request, url.pathname + url.search));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(cacheFirst(request));
});
