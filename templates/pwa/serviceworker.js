/* Mend's service worker, served at /serviceworker.js (scope /) by
   checkin/pwa/views.py, which fills in CONFIG (see checkin/pwa/app_shell.py).

   - The app shell (CSS, JS, icons, offline page, manifest) is precached under
     a cache named for this deploy; older caches are deleted on activate.
   - Pages: network first; offline, the last copy of that page, else the
     offline page; Get help now, else its copy in the shell, fetched without
     cookies at install. Only the signed-in person's own pages are kept, in
     PAGES_CACHE, which is emptied when anyone logs out or another person
     logs in. Private areas (admin, clinician, sharing, account, API) never
     touch a cache.
   - Static files: cache first (their names carry a content hash); so are
     the manifest and offline page, which are part of the shell.
   - Check-ins saved on the phone while offline are sent by Background Sync
     where the browser has it (see static/js/queue/).
   A new version takes over at once but never reloads an open page, so a
   half-filled check-in stays as it is.
   Its parts by job, imported below: the queue (js/queue/), the caches'
   strategies (js/worker/caches.js), sending (js/worker/sending.js) and
   reminders (js/worker/notifications.js). */
"use strict";

const CONFIG = {{ config|safe }};
importScripts(...CONFIG.workerScripts);

const SHELL_CACHE = "mend-shell-" + CONFIG.version;
const STATIC_CACHE = "mend-static-" + CONFIG.version;
const PAGES_CACHE = CONFIG.pagesCachePrefix + CONFIG.version;
const OWN_CACHES = [SHELL_CACHE, STATIC_CACHE, PAGES_CACHE];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => Promise.all([cache.addAll(CONFIG.precache), keepHelpPage(cache), carryPagesOver()]))
      .then(() => self.skipWaiting())
  );
});

// Best effort: should it fail, the install still succeeds and Get help now
// falls back to the offline page, which lists the same numbers.
function keepHelpPage(cache) {
  return cache.add(new Request(CONFIG.helpUrl, { credentials: "omit" })).catch(() => {});
}

// Saved pages name the old deploy's static files, which the new shell no
// longer holds: fetch each again (while online, as an update is) so the same
// pages still open offline. Done while installing, when the old version
// still answers every page. Best effort: a page that fails is simply dropped.
async function carryPagesOver() {
  const fresh = await caches.open(PAGES_CACHE);
  const names = (await caches.keys()).filter((n) => n.startsWith(CONFIG.pagesCachePrefix) && n !== PAGES_CACHE);
  for (const name of names) {
    const old = await caches.open(name);
    for (const request of await old.keys()) {
      try {
        const response = await fetch(request.url, { credentials: "same-origin" });
        if (isKeepable(response)) await fresh.put(request.url, response);
      } catch (error) {
        /* offline: leave it */
      }
    }
  }
}

// The browser holds back every page request until activating ends, so it
// waits on nothing from the network: it clears the old caches and takes over.
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      const old = names.filter((name) => name.startsWith("mend-") && !OWN_CACHES.includes(name));
      await Promise.all(old.map((name) => caches.delete(name)));
      await self.clients.claim();
    })()
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.method === "POST") {
    if (CONFIG.sessionEnding.includes(url.pathname)) {
      event.respondWith(endSession(request));
    } else if (request.mode === "navigate") {
      const form = CONFIG.offlineForms.find((f) => url.pathname.startsWith(f.path));
      if (form) event.respondWith(sendOrKeep(request, form));
    }
    return;
  }
  if (request.method !== "GET") return;

  if (isPrivate(url.pathname)) {
    if (request.mode === "navigate") event.respondWith(fetch(request).catch(offlinePage));
    return; // everything else private: the network alone, as if there were no worker
  }
  if (url.pathname.startsWith(CONFIG.staticUrl)) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(networkFirst(event));
  } else if (CONFIG.precache.includes(url.pathname)) {
    // The manifest and the offline page belong to this deploy's shell (a new
    // deploy precaches them afresh), so a repeat visit fetches only the page.
    event.respondWith(
      caches
        .open(SHELL_CACHE)
        .then((cache) => cache.match(url.pathname))
        .then((cached) => cached || fetch(request))
    );
  }
});

function isPrivate(path) {
  return CONFIG.privatePrefixes.some((prefix) => path.startsWith(prefix));
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  // A page that opened without a worker asks to be taken over (see js/pwa/start.js).
  if (data.type === "claim") event.waitUntil(self.clients.claim());
});
