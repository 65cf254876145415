/* The invitation code, shown once: Copy puts the code and link on the
   clipboard; Share hands them to the phone's own share sheet (Web Share),
   where the phone has one. */
(() => {
  "use strict";

  const actions = document.querySelector("[data-invite-actions]");
  const code = document.querySelector("[data-invite-code]")?.dataset.inviteCode;
  if (!actions || !code) return;
  const link = actions.dataset.link;
  const text = `My Mend invitation code: ${code}`;
  const status = document.querySelector("[data-copied]");
  actions.hidden = false;

  actions.querySelector("[data-copy]").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(`${text}\n${link}`);
      status.textContent = "Copied the code and the link. Paste them into a message to your clinician.";
    } catch {
      status.textContent = "This browser would not copy. Please write the code down.";
    }
  });

  const share = actions.querySelector("[data-share]");
  if (navigator.share) {
    share.hidden = false;
    share.addEventListener("click", () => navigator.share({ title: "Mend invitation", text, url: link }).catch(() => {}));
  }
})();
