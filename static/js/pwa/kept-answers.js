/* A check-in can be refused before the server reads it: sent with a stale
   security token (a tab opened before logging in again), or after the
   session ended (logged out on every device). So the answers are kept in
   this tab as the form goes. A page that refuses them (data-keeps-answers:
   the stale-token page, the log-in page) marks them refused, and the form
   it leads back to puts them back. Any other page drops them: the check-in
   was saved, or shown again by the server with its errors. */
(() => {
  "use strict";

  const Mend = window.Mend;
  const { config, queue, el } = Mend;
  const KEPT_KEY = "mend-kept-answers";

  function keep() {
    const { form, formPath } = Mend.checkinForm;
    const kept = { owner: config.owner, path: formPath(), values: queue.valuesFromForm(new FormData(form)) };
    try {
      sessionStorage.setItem(KEPT_KEY, JSON.stringify(kept));
    } catch (error) {} // storage off or full: the refusal page still explains
  }

  function restore() {
    let kept = null;
    try {
      kept = JSON.parse(sessionStorage.getItem(KEPT_KEY));
      sessionStorage.removeItem(KEPT_KEY);
    } catch (error) {}
    if (!kept) return;
    const refusal = document.querySelector("[data-keeps-answers]");
    if (refusal) {
      kept.refused = true;
      try {
        sessionStorage.setItem(KEPT_KEY, JSON.stringify(kept));
        refusal.hidden = false;
      } catch (error) {}
      return;
    }
    // Only into the same form, for the same account: never someone else's answers on a shared phone.
    const { form, formPath, fillForm } = Mend.checkinForm;
    if (!kept.refused || !form || kept.owner !== config.owner || kept.path !== formPath()) return;
    fillForm(kept.values);
    const box = el("div", "alert alert-info");
    box.setAttribute("role", "status");
    box.appendChild(el("p", "mb-0", "Your answers are back. Check them, then press Save."));
    form.parentNode.insertBefore(box, form);
  }

  Mend.keptAnswers = { keep, restore };
})();
