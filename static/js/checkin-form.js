/* The check-in forms (the check-in page's, and home's two: pain and mood,
   then sleep and activity), made quicker and clearer on a phone:
   - one-tap answers for sleep hours and minutes of activity (the numbers
     come from each input's data-chips; typing any other number still works);
   - minutes tapped while the kind is "None" take the kind last noted;
   - a gentle question when minutes and kind of activity disagree;
   - home's pain-and-mood form saves itself once both are chosen: two taps;
   - home's sleep-and-activity form asks its first question alone until answered;
   - after an error, focus on the summary that links to each answer;
   - Save says it is working and cannot be pressed twice. */
(() => {
  "use strict";

  const form = document.querySelector("[data-checkin-form], [data-quick-form], [data-rest-form]");
  if (!form) return;

  function addChips(input) {
    const unit = input.dataset.chipUnit || "";
    const row = document.createElement("div");
    row.className = "chip-row";
    row.setAttribute("role", "group");
    row.setAttribute("aria-label", input.dataset.chipGroup);
    const chips = input.dataset.chips.split(" ").map((value) => {
      const chip = document.createElement("button");
      chip.type = "button";
      chip.className = "btn chip";
      chip.dataset.value = value;
      chip.textContent = `${value} ${unit}`.trim();
      chip.addEventListener("click", () => {
        input.value = value;
        input.dispatchEvent(new Event("input", { bubbles: true }));
      });
      return chip;
    });
    const mark = () => {
      for (const chip of chips) chip.setAttribute("aria-pressed", String(Number(chip.dataset.value) === Number(input.value) && input.value !== ""));
    };
    input.addEventListener("input", mark);
    row.append(...chips);
    input.before(row);
    mark();
  }

  // Minutes above zero with "None today", or a kind with zero minutes: ask.
  function activityQuestion() {
    const minutes = form.elements.exercise_minutes;
    const kinds = form.querySelectorAll("input[name=exercise_kind]");
    if (!minutes || !kinds.length) return;
    const hint = document.createElement("p");
    hint.className = "activity-question";
    hint.setAttribute("role", "status");
    // Under the minutes, where the patient is looking; it names the kind below.
    (form.querySelector("#div_id_exercise_minutes") || form.querySelector("#div_id_exercise_kind legend"))?.after(hint);
    // Minutes while the kind is still "None": the kind last noted, said so
    // (one tap less); back to 0, and back to "None".
    let guessed = null;
    const choose = (value) => {
      const radio = form.querySelector(`input[name=exercise_kind][value="${value}"]`);
      if (radio) radio.checked = true;
      return radio;
    };
    minutes.addEventListener("input", () => {
      const kind = form.querySelector("input[name=exercise_kind]:checked")?.value;
      if (Number(minutes.value) > 0 && (!kind || kind === "none") && minutes.dataset.lastKind) {
        guessed = choose(minutes.dataset.lastKind);
      } else if (minutes.value !== "" && Number(minutes.value) === 0 && guessed?.checked) {
        guessed = null;
        choose("none");
      }
    });
    const ask = () => {
      const value = Number(minutes.value);
      const kind = form.querySelector("input[name=exercise_kind]:checked")?.value;
      if (guessed?.checked && value > 0) {
        hint.textContent = `${guessed.labels[0]?.textContent.trim()}, as last time: change it if it was something else.`;
      } else if (minutes.value !== "" && value > 0 && kind === "none") {
        hint.textContent = `You noted ${value} minutes: what kind of activity was it?`;
      } else if (minutes.value !== "" && value === 0 && kind && kind !== "none") {
        hint.textContent = "How many minutes was it? Or choose “None today”.";
      } else {
        hint.textContent = "";
      }
      hint.hidden = !hint.textContent;
    };
    form.addEventListener("input", ask);
    form.addEventListener("change", ask);
    ask();
  }

  // Listening on the document runs after the form's own submit handlers
  // (the offline queue's), so a send they take over is left alone.
  document.addEventListener("submit", (event) => {
    if (event.target !== form || event.defaultPrevented) return;
    if (form.dataset.sent) return event.preventDefault(); // one send, however it was asked for
    form.dataset.sent = "true";
    const button = event.submitter || form.querySelector("[type=submit]");
    if (!button) return;
    button.dataset.label = button.textContent;
    button.textContent = "Saving…";
    button.setAttribute("aria-busy", "true");
    // Disabled after this turn, so the form still sends.
    setTimeout(() => { button.disabled = true; });
  });
  // Back to a page kept in the browser's memory: ready to press again.
  addEventListener("pageshow", () => {
    delete form.dataset.sent;
    for (const button of form.querySelectorAll("[aria-busy=true]")) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      button.textContent = button.dataset.label;
    }
  });

  // Two taps: once pain and mood both have an answer, save (a bad day needs
  // no more). With the warning-sign list open, or the question about
  // self-harm asked, Save waits for the patient.
  if (form.matches("[data-quick-form]")) {
    const save = form.querySelector("[data-quick-save]");
    const note = form.querySelector("[data-quick-note]");
    const signs = form.querySelector("[data-signs-question]");
    const waits = () => signs?.open || form.querySelector(".self-harm-question");
    // The second tap saves, and the page says so before it happens; no Save button takes room.
    const show = () => { save.hidden = !waits(); note.hidden = Boolean(waits()); };
    show();
    signs?.addEventListener("toggle", show);
    form.addEventListener("change", () => {
      if (!waits() && form.querySelector("input[name=pain]:checked") && form.querySelector("input[name=mood]:checked")) {
        form.requestSubmit();
      }
    });
  }

  // Home after a bad day: the sleep question alone, the rest once it has an
  // answer (a chip's tap counts), so that home stays short.
  if (form.matches("[data-rest-form]")) {
    const more = form.querySelector("[data-rest-more]");
    const hours = form.elements.sleep_hours;
    if (!hours.value) {
      more.hidden = true;
      hours.addEventListener("input", () => { more.hidden = false; }, { once: true });
    }
  }

  form.querySelectorAll("input[data-chips]").forEach(addChips);
  activityQuestion();
  document.getElementById("form-errors")?.focus();
})();
