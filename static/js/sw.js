// The service worker of the participant's phone: keeps the seminar page and its assets so that
// a reload without a connection still shows the page (with the edits waiting in localStorage).
// Network first, always: the cached copy is used only when the network fails.
const CACHE = "seminar-pages-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  const cacheable = url.pathname.startsWith("/s/") || url.pathname.startsWith("/static/");
  if (request.method !== "GET" || url.origin !== self.location.origin || !cacheable) return;
  event.respondWith(fetch(request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(async (cache) => {
        await cache.put(request, copy);
        if (url.searchParams.has("v")) await forgetOtherVersions(cache, url);
      }));
    }
    return response;
  }).catch(() => caches.match(request, { ignoreVary: true })
    .then((cached) => cached || Response.error())));
});

// Static files are linked as /static/...?v=<hash of the content>: once a page has fetched one
// version, the ones before it are dead weight.
async function forgetOtherVersions(cache, url) {
  for (const key of await cache.keys()) {
    const kept = new URL(key.url);
    if (kept.pathname === url.pathname && kept.search !== url.search) await cache.delete(key);
  }
}
