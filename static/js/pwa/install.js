/* Offering to install Mend, in Mend's words: Chrome's prompt when it has
   one, Safari's "Add to Home Screen" hint on iPhone and iPad. */
(() => {
  "use strict";

  const DISMISS_KEY = "mend-install-dismissed";
  const DISMISS_DAYS = 30;
  const offer = document.querySelector("[data-install-offer]");
  const iosHint = document.querySelector("[data-ios-hint]");
  let deferredPrompt = null;

  function dismissedRecently() {
    const at = Number(localStorage.getItem(DISMISS_KEY) || 0);
    return Date.now() - at < DISMISS_DAYS * 24 * 3600 * 1000;
  }

  function dismiss(node) {
    node.hidden = true;
    localStorage.setItem(DISMISS_KEY, String(Date.now()));
  }

  function standalone() {
    return navigator.standalone === true || window.matchMedia("(display-mode: standalone)").matches;
  }

  window.addEventListener("beforeinstallprompt", (event) => {
    // Chrome's own mini-bar would appear at a random moment; offer it in our words instead.
    event.preventDefault();
    deferredPrompt = event;
    if (offer && !dismissedRecently()) offer.hidden = false;
  });

  window.addEventListener("appinstalled", () => {
    deferredPrompt = null;
    if (offer) offer.hidden = true;
  });

  if (offer) {
    offer.querySelector("[data-install-button]").addEventListener("click", () => {
      if (!deferredPrompt) return;
      const prompt = deferredPrompt;
      deferredPrompt = null;
      offer.hidden = true;
      prompt.prompt();
    });
    offer.querySelector("[data-install-dismiss]").addEventListener("click", () => dismiss(offer));
  }

  // iOS has no install prompt: Safari's Share menu has "Add to Home Screen".
  const isIos = /iPhone|iPad|iPod/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  if (iosHint && isIos && !standalone() && !dismissedRecently()) {
    iosHint.hidden = false;
    iosHint.querySelector("[data-install-dismiss]").addEventListener("click", () => dismiss(iosHint));
  }
})();
