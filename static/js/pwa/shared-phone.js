/* Logging out on a shared phone: send what waits, ask before deleting what
   could not be sent, then forget this person's pages and check-ins here. */
(() => {
  "use strict";

  const Mend = window.Mend;
  const { config, queue, plural } = Mend;

  function endsSession(target) {
    if (!(target instanceof HTMLFormElement) || (target.method || "").toLowerCase() !== "post") return false;
    return config.sessionEnding.includes(new URL(target.action, location.href).pathname);
  }

  async function forgetThisPerson(owner) {
    await Mend.status.sendWaiting();
    const left = owner ? await queue.list(owner) : [];
    const question = plural(
      left.length,
      "1 check-in saved on this phone has not been sent to Mend yet. Logging out deletes it from this phone. Log out anyway?",
      "%d check-ins saved on this phone have not been sent to Mend yet. Logging out deletes them from this phone. Log out anyway?"
    );
    if (left.length && !window.confirm(question)) return false;
    await queue.removeOwner(owner);
    await Mend.forgetPages();
    await queue.setWarning(null);
    localStorage.removeItem(config.planDraftPrefix + owner); // a safety plan typed offline
    await queue.setOwner("");
    return true;
  }

  document.addEventListener(
    "submit",
    async (event) => {
      const target = event.target;
      if (!endsSession(target) || target.dataset.pwaCleared) return;
      event.preventDefault();
      let go = true;
      try {
        go = await forgetThisPerson(config.owner);
      } catch (error) {
        // Storage trouble must never stop someone logging out.
      }
      if (!go) return;
      target.dataset.pwaCleared = "1";
      target.requestSubmit(event.submitter);
    },
    true
  );
})();
