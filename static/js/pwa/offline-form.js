/* The check-in form (or a questionnaire's: see questionnaire.js) when the
   phone is offline: checked by its own markup, kept on the phone, sent
   later; and a queued one reopened (home's Change; a refused one says why). */
(() => {
  "use strict";

  const Mend = window.Mend;
  const { config, queue, el } = Mend;
  const form = document.querySelector("form[data-checkin-form]");
  let fixing = null; // the client_uuid of the queued check-in being fixed

  function formPath() {
    return new URL(form.action, location.href).pathname;
  }

  // A copy of today's form kept from an earlier day still shows that day's
  // date: make it today's, unless the patient chose a day themselves.
  function freshenDate() {
    const input = form.elements.date;
    if (!input || formPath() !== config.checkinUrl) return;
    const today = queue.isoToday();
    if (input.value === input.defaultValue && input.defaultValue < today) input.value = today;
    if (input.max && input.max < today) input.max = today;
  }

  function controlLabel(control) {
    const fieldset = control.type === "radio" && control.closest("fieldset");
    const label = fieldset ? fieldset.querySelector("legend") : form.querySelector(`label[for="${control.id}"]`);
    return (label ? label.textContent : control.name).replace("*", "").replace(/\s+/g, " ").trim();
  }

  // What the server would refuse for sure, by the form's own markup: every
  // group of choices needs one, and every input must meet its own limits;
  // the answers in data-all-or-none (sleep and activity) are all or none,
  // and a choice of "none" alone is no answer (a bad day).
  function unanswered() {
    const seen = new Set();
    const problems = [];
    const together = (form.dataset.allOrNone || "").split(" ");
    const answered = (name) => ![undefined, "", "none"].includes(form.elements[name]?.value);
    const anyOf = together.some(answered);
    for (const control of form.elements) {
      if (!control.name || seen.has(control.name) || control.closest("[data-optional]")) continue;
      const missing = together.includes(control.name)
        ? anyOf && (form.elements[control.name].value === "" || !control.checkValidity())
        : control.type === "radio"
          ? !form.querySelector(`input[name="${control.name}"]:checked`)
          : control.willValidate && !control.checkValidity();
      if (missing) {
        seen.add(control.name);
        problems.push(control);
      }
    }
    return problems;
  }

  // One alert above the form, replaced on each try.
  function formAlert() {
    const box = document.getElementById("offline-form-problems") || el("div", "alert alert-danger");
    box.id = "offline-form-problems";
    box.setAttribute("role", "alert");
    form.parentNode.insertBefore(box, form);
    return box;
  }

  function showProblems(problems) {
    const box = formAlert();
    box.replaceChildren(el("p", "fw-semibold mb-1", "Please answer these before saving:"));
    const list = el("ul", "mb-0");
    for (const control of problems) list.appendChild(el("li", "", controlLabel(control)));
    box.appendChild(list);
    problems[0].focus();
  }

  async function saveOnPhone(event) {
    event.preventDefault();
    const problems = unanswered();
    if (problems.length) return showProblems(problems);
    try {
      const values = queue.valuesFromForm(new FormData(form));
      const owner = await Mend.currentOwner();
      const item = await queue.add(values, owner, Mend.questionnaire.kind(form));
      // Warning signs: home shows what to do now, without the server; a
      // corrected check-in with none clears the phone's copy at once.
      const advice = document.getElementById("mend-warning");
      if (advice) await queue.setWarning(queue.warningFor(item, JSON.parse(advice.textContent)));
      if (fixing && fixing !== item.client_uuid) await queue.remove(fixing); // a refused one, saved anew
      await Mend.askForBackgroundSync();
      location.href = Mend.questionnaire.savedUrl(form, values) || config.savedUrl;
    } catch (error) {
      formAlert().replaceChildren(
        el("p", "mb-0", "This phone could not keep your check-in (its storage may be full). Please try again when you are back online.")
      );
    }
  }

  // Puts answers (as queue.valuesFromForm gives them) back into the form,
  // with the optional part open when it holds any, as the server shows it.
  function fillForm(values) {
    const extra = form.querySelector("details.extra");
    if (extra && (values.note || (values.symptoms || []).length)) extra.open = true;
    for (const [name, value] of Object.entries(values)) {
      for (const control of form.querySelectorAll(`[name="${name}"]`)) {
        if (control.type === "radio" || control.type === "checkbox") {
          control.checked = [].concat(value).map(String).includes(control.value);
        } else {
          control.value = value;
        }
      }
    }
  }

  // Reopens a queued check-in with its answers (and, when the server refused
  // it, the server's messages), so the patient can change and save it.
  async function restoreFix() {
    const uuid = new URLSearchParams(location.search).get("fix");
    if (!uuid || !config.owner) return;
    const item = await queue.get(uuid);
    if (!item || item.owner !== config.owner) return;
    fixing = uuid;
    fillForm(item.values);
    if (form.elements.client_uuid) form.elements.client_uuid.value = uuid;
    const box = el("div", item.errors ? "alert alert-danger" : "alert alert-info");
    box.setAttribute("role", item.errors ? "alert" : "status");
    box.appendChild(el("p", "fw-semibold mb-1", item.errors ? "This check-in, saved on your phone, needs a change:" : "Your check-in saved on this phone: change what you like, then Save."));
    if (item.errors) box.appendChild(Mend.errorList(item.errors, "mb-0"));
    form.parentNode.insertBefore(box, form);
  }

  async function onSubmit(event) {
    if (!navigator.onLine) return saveOnPhone(event);
    if (!fixing) return Mend.keptAnswers.keep();
    // The form now carries the fixed answers; the queued copy can go.
    event.preventDefault();
    const uuid = fixing;
    fixing = null;
    await queue.remove(uuid).catch(() => {});
    form.requestSubmit(event.submitter);
  }

  function start() {
    Mend.questionnaire.showSafetyCard();
    if (!form) return;
    freshenDate();
    restoreFix();
    form.addEventListener("submit", onSubmit);
  }

  Mend.checkinForm = { form, formPath: () => (form ? formPath() : null), fillForm, start };
})();
