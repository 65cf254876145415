/* Mend's service worker, served at /serviceworker.js (scope /) by
   checkin/pwa/views.py, which fills in CONFIG (see checkin/pwa/app_shell.py).

   - The app shell (CSS, JS, icons, offline page, manifest) is precached under
     a cache named for this deploy; older caches are deleted on activate.
   - Pages: network first; offline, the last copy of that page, else the
     offline page. Only the signed-in person's own pages are kept, in
     PAGES_CACHE, which is emptied when anyone logs out or another person
     logs in. Private areas (admin, clinician, sharing, account, API) never
     touch a cache.
   - Static files: cache first (their names carry a content hash); so are
     the manifest and offline page, which are part of the shell.
   - Check-ins saved on the phone while offline are sent by Background Sync
     where the browser has it (see static/js/queue/).
   A new version takes over at once but never reloads an open page, so a
   half-filled check-in stays as it is. */
"use strict";

const CONFIG = {{ config|safe }};
importScripts(...CONFIG.queueScripts);

const SHELL_CACHE = "mend-shell-" + CONFIG.version;
const STATIC_CACHE = "mend-static-" + CONFIG.version;
const PAGES_CACHE = CONFIG.pagesCachePrefix + CONFIG.version;
const OWN_CACHES = [SHELL_CACHE, STATIC_CACHE, PAGES_CACHE];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(CONFIG.precache))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      const old = names.filter((name) => name.startsWith("mend-") && !OWN_CACHES.includes(name));
      await carryPagesOver(old.filter((name) => name.startsWith(CONFIG.pagesCachePrefix)));
      await Promise.all(old.map((name) => caches.delete(name)));
      await self.clients.claim();
    })()
  );
});

// Saved pages name the old deploy's static files, which the new shell no
// longer holds: fetch each again (while online, as an update is) so the same
// pages still open offline. Best effort: a page that fails is simply dropped.
async function carryPagesOver(oldNames) {
  const fresh = await caches.open(PAGES_CACHE);
  for (const name of oldNames) {
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

// Only complete, ordinary, same-origin pages: never a redirect (to the login
// page, say) or an error. The signed-in person's pages say "no-store" to every
// other cache; this one keeps them on purpose, emptied when anyone logs out.
function isKeepable(response) {
  return response.ok && response.type === "basic" && !response.redirected;
}

// A kept page is shown offline only for a while after it last came from Mend
// (its Date header); then the offline page, except for the check-in form,
// which saves to the phone.
function isFresh(response, url) {
  if (url.pathname.startsWith(CONFIG.checkinUrl)) return true;
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
    return kept && isFresh(kept, new URL(request.url)) ? kept : offlinePage();
  }
}

async function offlinePage() {
  return (
    (await caches.match(CONFIG.offlineUrl)) ||
    new Response("You are offline.", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } })
  );
}

// The page thought it was online (js/pwa/offline-form.js keeps the answers itself when the
// phone says it is offline) but the request failed: keep the check-in (or
// questionnaire) on the phone instead of showing the browser's error page.
async function sendOrKeep(request, form) {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (error) {
    const owner = await MendQueue.getOwner();
    if (!owner) return offlinePage();
    const values = MendQueue.valuesFromForm(await copy.formData());
    const path = new URL(request.url).pathname;
    if (!form.api) {
      const item = await MendQueue.add(values, owner);
      // Warning signs: the page it lands on shows what to do now, without the
      // server; a corrected check-in with none clears the phone's copy.
      await MendQueue.setWarning(MendQueue.warningFor(item, CONFIG.warning));
    } else {
      await MendQueue.add(values, owner, { url: form.api, what: form.what, fixUrl: path });
    }
    if (self.registration.sync) await self.registration.sync.register(MendQueue.SYNC_TAG).catch(() => {});
    if (!form.api) return Response.redirect(CONFIG.savedUrl, 303);
    // The questionnaire's own page, with its safety card open when item 9 calls for it.
    const safety = form.safetyItem && Number(values[form.safetyItem]) > 0 ? "&safety=1" : "";
    return Response.redirect(`${path}?saved=phone${safety}`, 303);
  }
}

// Logging out (or ending the account): forget every personal page first, so
// the next person on this phone finds none of them, even offline.
async function endSession(request) {
  await forgetPersonalPages();
  await MendQueue.setOwner("");
  try {
    return await fetch(request);
  } catch (error) {
    return offlinePage();
  }
}

async function forgetPersonalPages() {
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(CONFIG.pagesCachePrefix)).map((name) => caches.delete(name)));
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  // A page that opened without a worker asks to be taken over (see js/pwa/start.js).
  if (data.type === "claim") event.waitUntil(self.clients.claim());
});

// A reminder (checkin/reminders/sending.py): an invitation and a link, never a score.
self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    /* not Mend's shape: show the plain invitation */
  }
  event.waitUntil(
    self.registration.showNotification(message.title || "Mend", {
      body: message.body || "A minute for today's check-in?",
      icon: CONFIG.notificationIcon,
      tag: "mend-reminder", // a newer reminder replaces an older one
      data: { url: message.url || CONFIG.checkinUrl },
    })
  );
});

// Tapping it opens the check-in: in a Mend window already open, if there is one.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || CONFIG.checkinUrl, self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (open) {
        const shown = (await open.navigate(url)) || open;
        return shown.focus();
      }
      return self.clients.openWindow(url);
    })()
  );
});

// Background Sync: send check-ins saved on the phone, even with Mend closed.
self.addEventListener("sync", (event) => {
  if (event.tag === MendQueue.SYNC_TAG) event.waitUntil(replayFromWorker());
});

async function replayFromWorker() {
  // No page here to read the CSRF token from: the cookie store has it where
  // Background Sync exists (Chromium). Without it, the next page sends them.
  const cookie = self.cookieStore ? await self.cookieStore.get(CONFIG.csrfCookieName) : null;
  if (!cookie) return;
  const summary = await MendQueue.replay({ token: cookie.value, owner: await MendQueue.getOwner(), url: CONFIG.apiUrl });
  if (summary.sent.length || summary.invalid.length) {
    // Open pages say what was sent, and show what needs a fix.
    const message = { type: "queue-replayed", sent: summary.sent };
    for (const client of await self.clients.matchAll({ type: "window" })) client.postMessage(message);
  }
  // Rejecting tells the browser to try again later.
  if (summary.offline) throw new Error("Still offline");
}
