/* The status line: offline, saved on the phone, waiting, sent, needs a fix;
   and sending what waits. */
(() => {
  "use strict";

  const Mend = window.Mend;
  const { config, queue, el, plural, dayName, what } = Mend;
  const region = document.querySelector("[data-pwa-status]");

  // A form has just saved offline and sent the patient here (?saved=phone).
  const params = new URLSearchParams(location.search);
  const justSaved = params.get("saved") === "phone";
  if (justSaved) {
    // Said once; anything else in the query (a questionnaire's safety=1) stays.
    params.delete("saved");
    history.replaceState(history.state, "", location.pathname + (params.size ? `?${params}` : ""));
  }
  const savedWhat = location.pathname === config.savedUrl.split("?")[0] ? "check-in" : "answers";
  let lastSent = null;

  async function render() {
    if (!region) return;
    let items;
    try {
      const owner = await Mend.currentOwner();
      items = owner ? await queue.list(owner) : [];
      lastSent = (await queue.takeSent()) || lastSent; // Background Sync sent these with no page open
    } catch (error) {
      return; // no IndexedDB (a private window, say): nothing can be queued either
    }
    const shown = Mend.today.update(items, lastSent); // home's card says "saved on this phone" itself
    // Built whole, then swapped in at once: two renders at the same time (the
    // `online` event and the worker's message) cannot interleave their lines.
    const parts = [await warningBox(items)];
    if (!navigator.onLine) parts.push(note("alert alert-warning", "You are offline. A check-in you save is kept on this phone until you are back online."));
    const waiting = items.filter((item) => item.status === "waiting");
    if (justSaved && !shown) parts.push(note("alert alert-success", `Saved on this phone. Mend will send your ${savedWhat} when you are back online.`));
    if (lastSent && lastSent.length) parts.push(sentBox(lastSent));
    if (waiting.length) parts.push(waitingBox(waiting));
    parts.push(...items.filter((item) => item.status === "invalid").map(invalidBox));
    region.replaceChildren(...parts.filter(Boolean));
  }

  // Warning signs in a check-in saved on this phone: what to do now, first,
  // in the server's own words. A page the server drew after it stored the
  // check-in (both times by its clock) shows the answer as it now stands,
  // its own card or none: the phone's copy goes.
  // Each card in its words, the Call button after the first (most urgent).
  async function warningBox(items) {
    const warning = await queue.getWarning().catch(() => null);
    if (!warning) return null;
    const ours = warning.owner === config.owner || (config.owner == null && warning.owner === (await queue.getOwner()));
    const onPhone = items.some((item) => item.client_uuid === warning.client_uuid);
    if (ours && !onPhone && warning.sent && Date.parse(config.rendered) > warning.sent) {
      return queue.setWarning(null).then(() => null);
    }
    if (!ours) return null;
    const box = el("section", "warning-advice mb-3");
    box.dataset.level = warning.level;
    box.setAttribute("role", "alert");
    (warning.cards || [warning]).forEach((card, n) => {
      box.append(el("p", "finding-severity warning-advice-label", card.label), el("p", "h5 warning-advice-heading", card.heading), el("p", "", card.words));
      if (n === 0 && warning.call) {
        const call = el("a", `btn btn-call w-100 mb-2${warning.level === "emergency" ? " btn-call-emergency" : ""}`, warning.call.label);
        call.href = warning.call.tel;
        box.appendChild(call);
      }
      box.appendChild(el("p", "small", card.closing));
    });
    return box;
  }

  const names = (outcomes) => (outcomes.every((outcome) => what(outcome.item) === "check-in") ? "check-ins" : "saved answers");
  const note = (className, text) => el("p", className, text);

  function sentBox(outcomes) {
    const box = el("div", "alert alert-success");
    box.appendChild(
      el("p", "mb-0", plural(outcomes.length, `Sent the ${what(outcomes[0].item)} saved on this phone.`, `Sent the %d ${names(outcomes)} saved on this phone.`))
    );
    for (const outcome of outcomes) {
      if (outcome.answer && outcome.answer.outcome === "kept_newer") {
        const day = dayName(outcome.item.values.date);
        box.appendChild(el("p", "mb-0 mt-2", `For ${day}, a newer check-in was already saved, so Mend kept that one.`));
      }
    }
    return box;
  }

  function waitingBox(items) {
    const box = el("div", "alert alert-info queue-waiting");
    const name = items.every((item) => what(item) === "check-in") ? "check-in" : "saved answer";
    const words = plural(
      items.length,
      `1 ${name} is waiting on this phone. It will be sent when you are back online.`,
      `%d ${name}s are waiting on this phone. They will be sent when you are back online.`
    );
    box.appendChild(el("p", "mb-0", words));
    if (navigator.onLine && config.owner) {
      const again = el("button", "btn btn-outline-primary mt-2", "Send now");
      again.type = "button";
      again.addEventListener("click", sendWaiting);
      box.appendChild(again);
    }
    return box;
  }

  function invalidBox(item) {
    const day = dayName(item.values.date);
    const box = el("div", "alert alert-danger queue-invalid");
    box.appendChild(el("p", "fw-semibold mb-1", `Your ${what(item)} for ${day} could not be sent. Please check:`));
    box.appendChild(Mend.errorList(item.errors, "mb-2"));
    const actions = el("div", "d-flex gap-2 flex-wrap");
    const fix = el("a", "btn btn-primary", "Fix it");
    fix.href = `${item.fixUrl || config.checkinUrl}?fix=${encodeURIComponent(item.client_uuid)}`;
    const drop = el("button", "btn btn-outline-danger", "Delete it");
    drop.type = "button";
    drop.addEventListener("click", async () => {
      if (window.confirm(`Delete the ${what(item)} for ${day} from this phone? It has not been sent.`)) {
        await queue.remove(item.client_uuid);
        render();
      }
    });
    actions.append(fix, drop);
    box.appendChild(actions);
    return box;
  }

  async function sendWaiting() {
    if (!config.owner || !navigator.onLine) return;
    try {
      const summary = await queue.replay({ owner: config.owner, token: Mend.csrfToken(), url: config.apiUrl });
      if (summary.sent.length) lastSent = summary.sent;
    } catch (error) {
      // Kept on the phone: the next page, the `online` event or Background Sync tries again.
    }
    await render();
  }

  // Background Sync sent them first: say so here too.
  function showSent(sent) {
    if (sent.length) lastSent = sent;
    render();
  }

  Mend.status = { render, sendWaiting, showSent };
})();
