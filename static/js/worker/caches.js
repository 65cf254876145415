/* The service worker's caches: which pages it keeps, and how it answers
   from the network or the cache. Loaded by templates/pwa/serviceworker.js
   (importScripts), whose CONFIG and cache names it uses. */
"use strict";

// Only complete, ordinary, same-origin pages: never a redirect (to the login
// page, say) or an error. The signed-in person's pages say "no-store" to every
// other cache; this one keeps them on purpose, emptied when anyone logs out.
function isKeepable(response) {
  return response.ok && response.type === "basic" && !response.redirected;
}

// A kept page is shown offline only for a while after it last came from Mend
// (its Date header); then the offline page, except for the check-in form,
// which saves to the phone, and Get help now, renewed whenever its lines change.
function isFresh(response, url) {
  if (url.pathname.startsWith(CONFIG.checkinUrl) || url.pathname === CONFIG.helpUrl) return true;
  const kept = Date.parse(response.headers.get("Date") || "");
  return !kept || Date.now() - kept <= CONFIG.keptPagesSeconds * 1000;
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    const copy = response.clone();
    caches.open(STATIC_CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

async function networkFirst(event) {
  const request = event.request;
  try {
    const response = await fetch(request);
    if (isKeepable(response)) {
      const copy = response.clone();
      event.waitUntil(caches.open(PAGES_CACHE).then((cache) => cache.put(request.url, copy)));
    }
    return response;
  } catch (error) {
    const cache = await caches.open(PAGES_CACHE);
    const kept =
      (await cache.match(request.url)) ||
      // "/?saved=1" when only "/" was kept: the page itself, without the extras.
      (await cache.match(request.url, { ignoreSearch: true }));
    const url = new URL(request.url);
    if (kept && isFresh(kept, url)) return kept;
    const help = url.pathname === CONFIG.helpUrl && (await caches.match(CONFIG.helpUrl, { cacheName: SHELL_CACHE }));
    return help || offlinePage();
  }
}

async function offlinePage() {
  return (
    (await caches.match(CONFIG.offlineUrl)) ||
    new Response("You are offline.", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } })
  );
}
