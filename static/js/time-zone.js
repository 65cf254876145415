// The device's time zone, so that "today" in Mend is the patient's own day.
// Sign-up: fills the form's hidden time_zone field (without JavaScript the
// server's default applies). Home: says so when the device is on another
// day in another zone (a journey). Account page: when the device and the
// account disagree, offers the device's zone in one tap.
(() => {
  "use strict";
  let zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return;
  }
  if (!zone) return;

  const hidden = document.querySelector('input[type="hidden"][name="time_zone"]');
  if (hidden) hidden.value = zone;

  // Both must differ: a page kept from yesterday shows yesterday's date, and
  // a neighbouring zone is usually on the same day.
  // MendQueue (js/queue/, on every page before this script) knows the device's date.
  const mismatch = document.querySelector("[data-zone-mismatch]");
  if (mismatch && window.MendQueue && mismatch.dataset.accountZone !== zone) {
    if (window.MendQueue.isoToday() !== mismatch.dataset.today) mismatch.hidden = false;
  }

  const offer = document.querySelector("[data-device-zone]");
  const select = document.querySelector('select[name="time_zone"]');
  if (!offer || !select || select.value === zone) return;
  const option = Array.from(select.options).find((o) => o.value === zone);
  if (!option) return; // a zone the server does not know: nothing to offer
  offer.querySelectorAll("[data-zone-name]").forEach((node) => (node.textContent = option.text));
  offer.querySelector("[data-account-zone]").textContent = select.options[select.selectedIndex].text;
  offer.querySelector("button").addEventListener("click", () => {
    select.value = zone;
    select.form.requestSubmit();
  });
  offer.hidden = false;
})();
