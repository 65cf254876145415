/* The service worker's sending: a check-in or questionnaire whose POST
   fails is kept on the phone; logging out forgets the person's pages; and
   Background Sync sends what waits. Loaded by templates/pwa/serviceworker.js
   (importScripts), whose CONFIG, caches and offlinePage() it uses. */
"use strict";

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
    // Open pages say what was sent, and show what needs a fix; with none
    // open, the next page says what was sent.
    const message = { type: "queue-replayed", sent: summary.sent };
    const pages = await self.clients.matchAll({ type: "window" });
    for (const client of pages) client.postMessage(message);
    if (!pages.length && summary.sent.length) {
      await MendQueue.noteSent(summary.sent.map(({ item, answer }) => ({ item: { what: item.what, values: { date: item.values.date } }, answer })));
    }
  }
  // Rejecting tells the browser to try again later.
  if (summary.offline) throw new Error("Still offline");
}
