/* Check-ins saved on the phone while offline: what goes in, and sending it later.

   Loaded after queue/store.js, by pages and by the service worker; touches
   no DOM. Adds to self.MendQueue.

   Sending is a POST to the API (its URL comes from the page's or the
   worker's config, or the item's own for a questionnaire), which stores
   each client_uuid once: sending the same item twice is harmless.
   200/201: done, removed. 400: kept, marked "invalid" with the server's
   messages, for the patient to fix. Anything else (offline, logged out,
   server trouble): kept as it is. */
(() => {
  "use strict";

  const queue = self.MendQueue;
  const SYNC_TAG = "mend-checkins";

  // Form fields that are not answers; every other field of the check-in
  // form is one, so the answers' names are the form's own, never a copy.
  const NOT_ANSWERS = ["csrfmiddlewaretoken", "client_uuid"];

  /* The device's calendar date, YYYY-MM-DD. */
  function isoToday() {
    const d = new Date();
    return [d.getFullYear(), String(d.getMonth() + 1).padStart(2, "0"), String(d.getDate()).padStart(2, "0")].join("-");
  }

  /* The check-in form's answers (a FormData) as the values the API takes. */
  function valuesFromForm(data) {
    const values = { symptoms: data.getAll("symptoms") };
    for (const [name, value] of data) {
      if (name !== "symptoms" && !NOT_ANSWERS.includes(name)) values[name] = String(value).trim();
    }
    if (!values.date) values.date = isoToday();
    return values;
  }

  /* What to do now about the queued check-in `item`, from the server's config
     (checkin/safety/lines.py: warning_config): the safety card after an
     answer about self-harm above "Not at all", first, then the advice for its
     warning signs; null when it needs none. */
  function warningFor(item, config) {
    const levels = (item.values.symptoms || []).map((value) => config.levels[value] || "emergency"); // unknown: never milder
    const level = levels.includes("emergency") ? "emergency" : levels.length ? "urgent" : null;
    const cards = [];
    if (Number(item.values.self_harm) > 0) cards.push(config.selfHarm);
    if (level) cards.push(config.advice[level]);
    if (!cards.length) return null;
    const worst = cards.length > 1 || !level ? "emergency" : level;
    return { owner: item.owner, client_uuid: item.client_uuid, level: worst, cards, call: config.call[worst] };
  }

  /* Sends one item. Resolves with {result: "sent", "dropped", "invalid" or
     "kept", item, ...}; rejects when the network is down. */
  async function send(item, token, url) {
    const response = await self.fetch(item.url || url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ client_uuid: item.client_uuid, updated_at: item.updated_at, owner: item.owner, ...item.values }),
    });
    if (response.status === 200 || response.status === 201) {
      const answer = await response.json();
      await queue.remove(item.client_uuid);
      // The server has this check-in's signs now: its pages drawn after this moment (its clock) show them.
      const warning = await queue.getWarning();
      if (warning && warning.client_uuid === item.client_uuid) {
        await queue.setWarning({ ...warning, sent: Date.parse(answer.stored_at) || Date.now() });
      }
      // The patient deleted that day later: the copy goes, without a word.
      return { result: answer.outcome === "deleted" ? "dropped" : "sent", item, answer };
    }
    if (response.status === 400) {
      const answer = await response.json();
      item.status = "invalid";
      item.errors = answer.errors || { __all__: ["Mend could not accept this check-in."] };
      await queue.put(item);
      return { result: "invalid", item };
    }
    return { result: "kept", item, status: response.status };
  }

  const emptySummary = () => ({ sent: [], dropped: [], invalid: [], kept: [], offline: false });

  async function sendAll({ owner, token, url }) {
    const summary = emptySummary();
    const items = await queue.list(owner);
    // Items marked invalid wait for the patient's fix.
    for (const item of items.filter((item) => item.status === "waiting")) {
      try {
        const outcome = await send(item, token, url);
        summary[outcome.result].push(outcome);
      } catch {
        summary.offline = true;
        break;
      }
    }
    return summary;
  }

  let running = null;

  /* Sends every waiting item of `owner` to `url`, one at a time. Resolves with
     {sent: [...], dropped: [...], invalid: [...], kept: [...], offline: bool}
     ("dropped": superseded by a deletion made later). Pages and the service
     worker may all try at once when the connection returns: a Web Lock lets
     one send while the others wait, then find nothing left to send. */
  function replay(options) {
    if (!options.owner || !options.token) return Promise.resolve(emptySummary());
    if (!running) {
      const locks = self.navigator && self.navigator.locks;
      const sending = locks ? locks.request("mend-queue-replay", () => sendAll(options)) : sendAll(options);
      running = sending.finally(() => {
        running = null;
      });
    }
    return running;
  }

  Object.assign(queue, { SYNC_TAG, isoToday, valuesFromForm, warningFor, replay });
})();
