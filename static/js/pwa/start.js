/* Last of the page scripts: registers the service worker and starts the
   others, in the order they need. */
(() => {
  "use strict";

  const Mend = window.Mend;
  const { config, status } = Mend;

  Mend.keptAnswers.restore();
  Mend.checkinForm.start();

  if ("serviceWorker" in navigator && config.sw) {
    // After the page has loaded: the worker's downloads must not slow the first paint.
    window.addEventListener("load", async () => {
      navigator.serviceWorker.register(config.sw, { scope: "/" }).catch(() => {});
      // A page that opened while the worker was still installing (the one
      // right after logging in, say) missed its claim: ask for it, so that
      // this very page already works offline.
      const registration = await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller && registration.active) {
        registration.active.postMessage({ type: "claim" });
      }
    });
  }

  // Offline, this page is a kept copy: a one-time message in it ("Saved your
  // check-in for today") belongs to the day it was kept, not to now.
  if (!navigator.onLine) {
    for (const node of document.querySelectorAll("[data-flash]")) node.remove();
  }

  window.addEventListener("online", status.sendWaiting);
  window.addEventListener("offline", status.render);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "queue-replayed") status.showSent(event.data.sent);
    });
  }
  Mend.noteOwner()
    .catch(() => {})
    .then(() => (navigator.onLine ? status.sendWaiting() : status.render()));
})();
