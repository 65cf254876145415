/* Mend as an installed app: what every page script in this folder shares.

   The page's settings come from its JSON block #mend-config (written by
   checkin/pwa/app_shell.py, the same source as the service worker's):
   sw (service worker URL), owner (an opaque tag for the account logged in;
   null on the offline page, which belongs to nobody), csrf, the URLs the
   scripts go to, the page cache's name and the paths whose POST ends the
   session. Needs js/queue/ (self.MendQueue) loaded first.

   The other scripts, by job: status.js (the status line and sending what
   waits), today.js (home's today card from the phone's queue), offline-form.js (the check-in form offline), questionnaire.js
   (what differs for a questionnaire's form), kept-answers.js
   (answers kept through a refused send), shared-phone.js (logging out on a
   shared phone), install.js (the install offer), start.js (registering the
   worker and starting it all, in that order). */
(() => {
  "use strict";

  const node = document.getElementById("mend-config");
  const config = node ? JSON.parse(node.textContent) : {};
  const queue = self.MendQueue;

  function el(tag, className, text) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text) made.textContent = text;
    return made;
  }

  function plural(n, one, many) {
    return n === 1 ? one : many.replace("%d", n);
  }

  function dayName(iso) {
    const parts = (iso || "").split("-").map(Number);
    if (parts.length !== 3 || parts.some(isNaN)) return iso || "a day";
    if (iso === queue.isoToday()) return "today";
    // "Sunday 8 November", in the page's words (checkin/core/dates.py).
    const day = new Date(parts[0], parts[1] - 1, parts[2]);
    const words = config.dates;
    return words.weekdays[(day.getDay() + 6) % 7] + " " + day.getDate() + " " + words.monthNames[day.getMonth()];
  }

  // What the pages call a queued item (items queued before questionnaires
  // existed carry no `what`: they are check-ins).
  function what(item) {
    return item.what || "check-in";
  }

  // The server's messages for one check-in, as a list.
  function errorList(errors, className) {
    const list = el("ul", className);
    for (const messages of Object.values(errors || {})) {
      for (const message of messages) list.appendChild(el("li", "", message));
    }
    return list;
  }

  // The cookie is always the current token; a page kept from before the last
  // log-in carries an old one in its markup.
  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return config.csrf || (input ? input.value : "");
  }

  // The account whose check-ins this page may show and send.
  async function currentOwner() {
    return config.owner != null ? config.owner : queue.getOwner();
  }

  async function forgetPages() {
    if (!window.caches) return;
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith(config.pagesCachePrefix)).map((name) => caches.delete(name)));
  }

  // A different person (or nobody) is logged in now than when pages were last
  // kept: forget the last person's pages before anything else happens.
  async function noteOwner() {
    if (config.owner == null) return;
    const known = await queue.getOwner();
    if (known === config.owner) return;
    if (known) {
      await forgetPages();
      await queue.setWarning(null);
      localStorage.removeItem(config.planDraftPrefix + known); // a safety plan typed here before
    }
    await queue.setOwner(config.owner);
  }

  async function askForBackgroundSync() {
    if (!("serviceWorker" in navigator)) return;
    const ask = navigator.serviceWorker.ready.then((registration) =>
      registration.sync ? registration.sync.register(queue.SYNC_TAG) : null
    );
    // Never hold the patient up: the `online` event and the next start send it too.
    const enough = new Promise((resolve) => setTimeout(resolve, 1500));
    await Promise.race([ask, enough]).catch(() => {});
  }

  window.Mend = {
    config, queue, el, plural, dayName, what, errorList, csrfToken, currentOwner, forgetPages, noteOwner,
    askForBackgroundSync,
  };
})();
