/* The safety plan saves as it is typed: each change is kept on this phone
   at once (localStorage, per account) and sent when there is a connection,
   so nothing typed on a bus without a signal is lost. Needs js/pwa/app.js. */
(() => {
  "use strict";

  const Mend = window.Mend;
  const form = document.querySelector("form[data-safety-plan]");
  if (!form || !Mend || !Mend.config.owner) return;
  const status = document.querySelector("[data-plan-status]");
  const KEY = Mend.config.planDraftPrefix + Mend.config.owner;
  const PHONE = /\+?\d[\d ]{4,}\d/g;
  const parts = [...form.querySelectorAll("textarea[data-plan-part]")];
  let timer = null;

  function say(text) {
    if (status) status.textContent = text;
  }

  function values() {
    return Object.fromEntries(parts.map((field) => [field.name, field.value]));
  }

  function keep() {
    try {
      localStorage.setItem(KEY, JSON.stringify(values()));
    } catch (error) {} // storage off or full: the send below still tries
  }

  function kept() {
    try {
      return JSON.parse(localStorage.getItem(KEY));
    } catch (error) {
      return null;
    }
  }

  // What printing shows, and the helpers' numbers as buttons to call.
  function refresh(field) {
    const print = form.querySelector(`[data-plan-print="${field.name}"]`);
    if (print) print.textContent = field.value;
    const calls = field.name === "helpers" && form.querySelector("[data-plan-calls]");
    if (!calls) return;
    calls.replaceChildren();
    const seen = new Set();
    for (const line of field.value.split("\n")) {
      for (const number of line.match(PHONE) || []) {
        const digits = number.replace(/ /g, "");
        if (seen.has(digits)) continue;
        seen.add(digits);
        calls.appendChild(Mend.el("a", "btn btn-call", `Call: ${line.trim()}`)).href = `tel:${digits}`;
      }
    }
  }

  async function send() {
    if (!navigator.onLine) {
      say("Kept on this phone. Mend will save it when you are back online.");
      return;
    }
    say("Saving…");
    try {
      const response = await fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": Mend.csrfToken() },
        body: new FormData(form),
      });
      if (response.ok) {
        localStorage.removeItem(KEY);
        say("Saved.");
      } else if (response.status === 400) {
        const answer = await response.json();
        say(Object.values(answer.errors || {}).flat().join(" ") || "Mend could not save this. Please check it.");
      } else {
        say("Kept on this phone. Mend will try again.");
      }
    } catch (error) {
      say("Kept on this phone. Mend will save it when you are back online.");
    }
  }

  form.addEventListener("input", (event) => {
    if (!event.target.matches("textarea[data-plan-part]")) return;
    keep();
    refresh(event.target);
    say("Not saved yet…");
    clearTimeout(timer);
    timer = setTimeout(send, 800);
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    keep();
    send();
  });

  document.querySelector("[data-print]")?.addEventListener("click", () => window.print());
  window.addEventListener("online", () => kept() && send());

  // Changes kept on this phone are newer than any page: put them back, and send them.
  const draft = kept();
  if (draft) {
    for (const field of parts) {
      if (typeof draft[field.name] === "string") field.value = draft[field.name];
      refresh(field);
    }
    send();
  }
})();
