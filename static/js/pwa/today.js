/* Home's "Today" card, as the phone knows it. A check-in for today saved on
   this phone shows as saved (its answers, "waiting to send", and Change to
   reopen it), never as the empty form that would invite a second one; once
   it is sent, as sent, without a reload. js/pwa/status.js calls update()
   each time it draws the status line. */
(() => {
  "use strict";

  const Mend = window.Mend;
  const { config, el, what } = Mend;
  const card = document.querySelector("[data-today-card]");

  // The answers as home shows a saved check-in's: pain and mood, then sleep and activity when given.
  function answers(values) {
    const list = el("dl", "today-values");
    const rows = [["Pain", values.pain, "/10"], ["Mood", values.mood, "/10"]];
    if (values.sleep_hours) rows.push(["Sleep", values.sleep_hours, " h"], ["Activity", values.exercise_minutes, " min"]);
    for (const [name, value, unit] of rows) {
      const number = el("dd", "", value);
      number.appendChild(el("small", "", unit));
      const row = el("div");
      row.append(el("dt", "", name), number);
      list.appendChild(row);
    }
    return list;
  }

  function link(words, href) {
    const a = el("a", "btn btn-outline-primary w-100", words);
    a.href = href;
    return a;
  }

  // The week table's row for today, with the same answers.
  function weekRow(values) {
    const row = document.querySelector("[data-today-row]");
    if (!row || values.pain === undefined) return;
    const cells = [values.pain, values.mood, values.sleep_hours ? `${values.sleep_hours} h` : "–", ""];
    row.replaceChildren(row.querySelector("th"), ...cells.map((text) => el("td", "", text)));
  }

  /* `items`: the account's queue on this phone; `sent`: what this page (or
     Background Sync, with no page open) has just sent. Returns the queued
     check-in the card now shows as waiting, if any, for the status line to
     leave out. */
  function update(items, sent) {
    if (!card) return null;
    const today = card.dataset.today;
    const isToday = (item) => what(item) === "check-in" && item.values.date === today;
    const waiting = items.find((item) => item.status === "waiting" && isToday(item));
    const done = !waiting && (sent || []).map((outcome) => outcome.item).find(isToday);
    if (!waiting && !done) return null;
    const state = el(
      "p",
      `alert py-2 mb-2 ${waiting ? "alert-info" : "alert-success"}`,
      waiting ? "Saved on this phone, waiting to send: it goes when you are back online." : "Sent: today's check-in is saved."
    );
    state.setAttribute("role", "status");
    const parts = [state];
    // A note from Background Sync carries the day, not the answers.
    if ((waiting || done).values.pain !== undefined) parts.push(answers((waiting || done).values));
    parts.push(
      waiting
        ? link("Change", `${config.checkinUrl}?fix=${encodeURIComponent(waiting.client_uuid)}`)
        : link("Change today's check-in", config.checkinUrl)
    );
    card.querySelector("[data-today-body]").replaceChildren(...parts);
    weekRow((waiting || done).values);
    return waiting || null;
  }

  Mend.today = { update };
})();
