/* The account page's "Turn on notifications": asks the browser's permission
   only when pressed, subscribes this device to Web Push with Mend's public
   key and sends the subscription to the server; says plainly when this device
   cannot (an iPhone whose Mend is not on the home screen, a browser without push). */
(() => {
  "use strict";

  const box = document.querySelector("[data-push]");
  if (!box) return;
  const button = box.querySelector("[data-push-on]");
  const status = box.querySelector("[data-push-status]");

  function say(text) {
    status.textContent = text;
  }

  // The server's key is base64url; the browser wants its bytes.
  function keyBytes(base64url) {
    const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(base64url.length / 4) * 4, "=");
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  }

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return match ? decodeURIComponent(match[1]) : input ? input.value : "";
  }

  function whyNot() {
    const iphone = /iPhone|iPad|iPod/.test(navigator.userAgent);
    const installed = window.matchMedia("(display-mode: standalone)").matches || navigator.standalone;
    if (iphone && !installed) {
      return "On an iPhone, notifications work once Mend is on your home screen: tap Share, then “Add to Home Screen”, open Mend from there and come back here.";
    }
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      return "This browser cannot show notifications. Choose an email reminder above, or add the daily event to your calendar.";
    }
    return null;
  }

  async function turnOn() {
    const reason = whyNot();
    if (reason) return say(reason);
    const permission = await Notification.requestPermission();
    if (permission !== "granted") {
      return say("Notifications are blocked for Mend in this browser. You can allow them in the browser's site settings, or choose an email reminder.");
    }
    try {
      const registration = await navigator.serviceWorker.ready;
      const subscription =
        (await registration.pushManager.getSubscription()) ||
        (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(box.dataset.key) }));
      const response = await fetch(box.dataset.api, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify(subscription.toJSON ? subscription.toJSON() : subscription),
      });
      if (!response.ok) throw new Error(String(response.status));
      say("Notifications are on for this device. Choose the time above and save, if you have not yet.");
    } catch (error) {
      say("This device could not turn notifications on just now. Please try again, or choose an email reminder.");
    }
  }

  button.addEventListener("click", turnOn);
  if (whyNot() && !button.hidden) say(whyNot());
})();
