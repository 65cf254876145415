/* What differs for a questionnaire's form (templates/questionnaires/answer.html),
   which says so in its attributes: data-api (where it is sent), data-what
   (what the pages call it) and data-safety-item (PHQ-9 item 9). Saved on
   the phone, it comes back to its own page, which opens its safety card at
   once when that item is above "Not at all". */
(() => {
  "use strict";

  const Mend = window.Mend;

  function path(form) {
    return new URL(form.action, location.href).pathname;
  }

  // The queue's `kind` for this form; null for the check-in.
  function kind(form) {
    return form.dataset.api ? { url: form.dataset.api, what: form.dataset.what, fixUrl: path(form) } : null;
  }

  // Where to go once saved on the phone; null for the check-in.
  function savedUrl(form, values) {
    if (!form.dataset.api) return null;
    const item = form.dataset.safetyItem;
    return `${path(form)}?saved=phone${item && Number(values[item]) > 0 ? "&safety=1" : ""}`;
  }

  function showSafetyCard() {
    const card = document.querySelector("[data-safety-card]");
    if (!card || new URLSearchParams(location.search).get("safety") !== "1") return;
    card.hidden = false;
    card.focus();
  }

  Mend.questionnaire = { kind, savedUrl, showSafetyCard };
})();
