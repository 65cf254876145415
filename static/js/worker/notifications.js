/* The service worker's reminders: showing one, and opening the check-in
   when it is tapped. Loaded by templates/pwa/serviceworker.js (importScripts). */
"use strict";

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
