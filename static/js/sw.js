// The service worker of a participant's phone, registered by the phone page of one seminar with
// that page as its scope (/s/<code>). It keeps that page and the static files it loads, so that
// a reload without a connection still shows the page (with the edits waiting in localStorage).
// Network first, always: the kept copy is used only when the network fails.
//
// Nothing else is kept or answered from the cache: the scope also covers the seminar's other
// addresses (/s/<code>/facilitator, /projector, /report, /export/…), and those always go to
// the network untouched. Nor is any response the server sends with Cache-Control: no-store.
const CACHE = "seminar-pages-v1";
const PHONE_PAGE = /^\/s\/[^/]+$/;
const STATIC = "/static/";

// The phone page this worker serves: its registration's scope.
const phonePage = new URL(self.registration.scope).pathname;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil((async () => {
  await forgetWhatIsNotKept();
  // A registration of an older version (scope "/": every page of the site) goes away.
  if (!PHONE_PAGE.test(phonePage)) return self.registration.unregister();
  return self.clients.claim();
})()));

function kept(url) {
  if (url.origin !== self.location.origin) return false;
  return url.pathname === phonePage || url.pathname.startsWith(STATIC);
}

function noStore(response) {
  return /(^|,)\s*no-store\s*(,|$)/i.test(response.headers.get("Cache-Control") || "");
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || !PHONE_PAGE.test(phonePage) || !kept(url)) return;
  event.respondWith(fetch(request).then((response) => {
    if (response.ok && !noStore(response)) {
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
    const other = new URL(key.url);
    if (other.pathname === url.pathname && other.search !== url.search) await cache.delete(key);
  }
}

// What an older version kept beyond the phone pages and the static files (a report, say).
async function forgetWhatIsNotKept() {
  const cache = await caches.open(CACHE);
  for (const key of await cache.keys()) {
    const path = new URL(key.url).pathname;
    if (!PHONE_PAGE.test(path) && !path.startsWith(STATIC)) await cache.delete(key);
  }
}
