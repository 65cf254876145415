/* Mend as an installed app: service worker, offline check-ins, install offer.

   Reads its settings from its own <script> tag (templates/pwa/head.html):
   data-sw (service worker URL), data-owner (an opaque tag for the account
   logged in; absent on the offline page, which belongs to nobody), data-csrf,
   data-session-ending (paths whose POST ends the session on this phone).
   Needs offline-queue.js (window.MendQueue) loaded first. */
(function () {
  "use strict";

  var script = document.currentScript;
  var Q = window.MendQueue;
  var config = {
    sw: script.dataset.sw,
    owner: script.hasAttribute("data-owner") ? script.dataset.owner : null,
    csrf: script.dataset.csrf || "",
    sessionEnding: (script.dataset.sessionEnding || "").split(" ").filter(Boolean),
  };
  var SAVED_PARAM = "saved";
  var DISMISS_KEY = "mend-install-dismissed";
  var DISMISS_DAYS = 30;
  var lastSent = null;
  // "?saved=phone": the check-in form has just saved offline and sent the patient here.
  var justSaved = new URLSearchParams(location.search).get(SAVED_PARAM) === "phone";
  if (justSaved) history.replaceState(history.state, "", location.pathname);

  // --- Small helpers --------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function plural(n, one, many) {
    return n === 1 ? one : many.replace("%d", n);
  }

  function dayName(iso) {
    var parts = (iso || "").split("-").map(Number);
    if (parts.length !== 3 || parts.some(isNaN)) return iso || "a day";
    if (iso === Q.isoToday()) return "today";
    return new Date(parts[0], parts[1] - 1, parts[2]).toLocaleDateString("en-GB", {
      weekday: "long",
      day: "numeric",
      month: "long",
    });
  }

  // The cookie is always the current token; a page kept from before the last
  // log-in carries an old one in its markup.
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return config.csrf || (input ? input.value : "");
  }

  // The account whose check-ins this page may show and send.
  function currentOwner() {
    if (config.owner !== null) return Promise.resolve(config.owner);
    return Q.getOwner();
  }

  function forgetPages() {
    if (!window.caches) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(
        names
          .filter(function (name) {
            return name.indexOf("mend-pages-") === 0;
          })
          .map(function (name) {
            return caches.delete(name);
          })
      );
    });
  }

  // A different person (or nobody) is logged in now than when pages were last
  // kept: forget the last person's pages before anything else happens.
  function noteOwner() {
    if (config.owner === null) return Promise.resolve();
    return Q.getOwner().then(function (known) {
      if (known === config.owner) return;
      var previous = known ? forgetPages() : Promise.resolve();
      return previous.then(function () {
        return Q.setOwner(config.owner);
      });
    });
  }

  // --- Status messages: offline, saved on the phone, waiting, needs a fix -----

  var region = document.querySelector("[data-pwa-status]");

  function render() {
    if (!region) return Promise.resolve();
    return currentOwner()
      .then(function (owner) {
        return owner ? Q.list(owner) : [];
      })
      .then(function (items) {
        region.replaceChildren();
        if (!navigator.onLine) {
          region.appendChild(
            el(
              "p",
              "alert alert-warning",
              "You are offline. A check-in you save is kept on this phone until you are back online."
            )
          );
        }
        if (justSaved) {
          region.appendChild(
            el(
              "p",
              "alert alert-success",
              "Saved on this phone. Mend will send your check-in when you are back online."
            )
          );
        }
        if (lastSent && lastSent.length) renderSent(lastSent);
        var waiting = items.filter(function (item) {
          return item.status === "waiting";
        });
        if (waiting.length) renderWaiting(waiting.length);
        items
          .filter(function (item) {
            return item.status === "invalid";
          })
          .forEach(renderInvalid);
      })
      .catch(function () {
        /* No IndexedDB (a private window, say): nothing can be queued either. */
      });
  }

  function renderSent(outcomes) {
    var box = el("div", "alert alert-success");
    box.appendChild(
      el("p", "mb-0", plural(outcomes.length, "Sent the check-in saved on this phone.", "Sent the %d check-ins saved on this phone."))
    );
    outcomes.forEach(function (outcome) {
      if (outcome.answer && outcome.answer.outcome === "kept_newer") {
        box.appendChild(
          el(
            "p",
            "mb-0 mt-2",
            "For " + dayName(outcome.item.values.date) + ", a newer check-in was already saved, so Mend kept that one."
          )
        );
      }
    });
    region.appendChild(box);
  }

  function renderWaiting(count) {
    var box = el("div", "alert alert-info queue-waiting");
    box.appendChild(
      el(
        "p",
        "mb-0",
        plural(
          count,
          "1 check-in is waiting on this phone. It will be sent when you are back online.",
          "%d check-ins are waiting on this phone. They will be sent when you are back online."
        )
      )
    );
    if (navigator.onLine && config.owner) {
      var again = el("button", "btn btn-outline-primary mt-2", "Send now");
      again.type = "button";
      again.addEventListener("click", sendWaiting);
      box.appendChild(again);
    }
    region.appendChild(box);
  }

  function renderInvalid(item) {
    var box = el("div", "alert alert-danger queue-invalid");
    box.appendChild(
      el("p", "fw-semibold mb-1", "Your check-in for " + dayName(item.values.date) + " could not be sent. Please check:")
    );
    var list = el("ul", "mb-2");
    Object.keys(item.errors || {}).forEach(function (field) {
      item.errors[field].forEach(function (message) {
        list.appendChild(el("li", "", message));
      });
    });
    box.appendChild(list);
    var actions = el("div", "d-flex gap-2 flex-wrap");
    var fix = el("a", "btn btn-primary", "Fix it");
    fix.href = "/checkin/?fix=" + encodeURIComponent(item.client_uuid);
    var drop = el("button", "btn btn-outline-danger", "Delete it");
    drop.type = "button";
    drop.addEventListener("click", function () {
      if (window.confirm("Delete the check-in for " + dayName(item.values.date) + " from this phone? It has not been sent.")) {
        Q.remove(item.client_uuid).then(render);
      }
    });
    actions.appendChild(fix);
    actions.appendChild(drop);
    box.appendChild(actions);
    region.appendChild(box);
  }

  // --- Sending what waits ---------------------------------------------------

  function sendWaiting() {
    if (!config.owner || !navigator.onLine) return Promise.resolve();
    return Q.replay({ owner: config.owner, token: csrfToken() })
      .then(function (summary) {
        if (summary.sent.length) lastSent = summary.sent;
      })
      .then(render, render);
  }

  function askForBackgroundSync() {
    if (!("serviceWorker" in navigator)) return Promise.resolve();
    var ask = navigator.serviceWorker.ready.then(function (registration) {
      return registration.sync ? registration.sync.register(Q.SYNC_TAG) : null;
    });
    // Never hold the patient up: the `online` event and the next start send it too.
    var enough = new Promise(function (resolve) {
      setTimeout(resolve, 1500);
    });
    return Promise.race([ask, enough]).catch(function () {});
  }

  // --- The check-in form offline ----------------------------------------------

  var form = document.querySelector("form[data-checkin-form]");
  var fixing = null;

  function formPath() {
    return new URL(form.action, location.href).pathname;
  }

  function isTodaysForm() {
    return formPath() === "/checkin/";
  }

  // A copy of today's form kept from an earlier day still shows that day's
  // date: make it today's, unless the patient chose a day themselves.
  function freshenDate() {
    var input = form.elements.date;
    if (!input || !isTodaysForm()) return;
    var today = Q.isoToday();
    if (input.value === input.defaultValue && input.defaultValue < today) input.value = today;
    if (input.max && input.max < today) input.max = today;
  }

  function controlLabel(control) {
    var fieldset = control.type === "radio" && control.closest("fieldset");
    var label = fieldset ? fieldset.querySelector("legend") : form.querySelector('label[for="' + control.id + '"]');
    return (label ? label.textContent : control.name).replace("*", "").replace(/\s+/g, " ").trim();
  }

  // What the server would refuse for sure, by the form's own markup: every
  // group of choices needs one, and every input must meet its own limits.
  function unanswered() {
    var names = [];
    var problems = [];
    Array.prototype.forEach.call(form.elements, function (control) {
      if (!control.name || names.indexOf(control.name) !== -1) return;
      var missing =
        control.type === "radio"
          ? !form.querySelector('input[name="' + control.name + '"]:checked')
          : control.willValidate && !control.checkValidity();
      if (missing) {
        names.push(control.name);
        problems.push(control);
      }
    });
    return problems;
  }

  // One alert above the form, replaced on each try.
  function formAlert() {
    var box = document.getElementById("offline-form-problems") || el("div", "alert alert-danger");
    box.id = "offline-form-problems";
    box.setAttribute("role", "alert");
    form.parentNode.insertBefore(box, form);
    return box;
  }

  function showProblems(problems) {
    var box = formAlert();
    box.replaceChildren(el("p", "fw-semibold mb-1", "Please answer these before saving:"));
    var list = el("ul", "mb-0");
    problems.forEach(function (control) {
      list.appendChild(el("li", "", controlLabel(control)));
    });
    box.appendChild(list);
    problems[0].focus();
  }

  function saveOnPhone(event) {
    event.preventDefault();
    var problems = unanswered();
    if (problems.length) {
      showProblems(problems);
      return;
    }
    currentOwner()
      .then(function (owner) {
        return Q.add(Q.valuesFromForm(new FormData(form)), owner);
      })
      .then(function () {
        return fixing ? Q.remove(fixing) : null;
      })
      .then(askForBackgroundSync)
      .then(function () {
        location.href = "/?" + SAVED_PARAM + "=phone";
      })
      .catch(function () {
        formAlert().replaceChildren(
          el("p", "mb-0", "This phone could not keep your check-in (its storage may be full). Please try again when you are back online.")
        );
      });
  }

  // Puts answers (as Q.valuesFromForm gives them) back into the form, with
  // the optional part open when it holds any, as the server shows it.
  function fillForm(values) {
    var extra = form.querySelector("details.extra");
    if (extra && (values.note || (values.symptoms || []).length)) extra.open = true;
    Object.keys(values).forEach(function (name) {
      var value = values[name];
      var controls = form.querySelectorAll('[name="' + name + '"]');
      Array.prototype.forEach.call(controls, function (control) {
        if (control.type === "radio" || control.type === "checkbox") {
          control.checked = [].concat(value).map(String).indexOf(control.value) !== -1;
        } else {
          control.value = value;
        }
      });
    });
  }

  // A check-in can be refused before the server reads it: sent with a stale
  // security token (a tab opened before logging in again), or after the
  // session ended (logged out on every device). So the answers are kept in
  // this tab as the form goes. A page that refuses them (data-keeps-answers:
  // the stale-token page, the log-in page) marks them refused, and the form
  // it leads back to puts them back. Any other page drops them: the check-in
  // was saved, or shown again by the server with its errors.
  var KEPT_KEY = "mend-kept-answers";

  function keepAnswers() {
    var kept = { owner: config.owner, path: formPath(), values: Q.valuesFromForm(new FormData(form)) };
    try {
      sessionStorage.setItem(KEPT_KEY, JSON.stringify(kept));
    } catch (e) {} // storage off or full: the refusal page still explains
  }

  function restoreKept() {
    var kept = null;
    try {
      kept = JSON.parse(sessionStorage.getItem(KEPT_KEY));
      sessionStorage.removeItem(KEPT_KEY);
    } catch (e) {}
    if (!kept) return;
    var refusal = document.querySelector("[data-keeps-answers]");
    if (refusal) {
      kept.refused = true;
      try {
        sessionStorage.setItem(KEPT_KEY, JSON.stringify(kept));
        refusal.hidden = false;
      } catch (e) {}
      return;
    }
    // Only into the same form, for the same account: never someone else's answers on a shared phone.
    if (!kept.refused || !form || kept.owner !== config.owner || kept.path !== formPath()) return;
    fillForm(kept.values);
    var box = el("div", "alert alert-info");
    box.setAttribute("role", "status");
    box.appendChild(el("p", "mb-0", "Your answers are back. Check them, then press Save."));
    form.parentNode.insertBefore(box, form);
  }

  // Reopens a queued check-in the server refused, with its answers and the
  // server's messages, so the patient can correct and save it.
  function restoreFix() {
    var uuid = new URLSearchParams(location.search).get("fix");
    if (!uuid || !config.owner) return;
    Q.get(uuid).then(function (item) {
      if (!item || item.owner !== config.owner) return;
      fixing = uuid;
      fillForm(item.values);
      if (form.elements.client_uuid) form.elements.client_uuid.value = uuid;
      var box = el("div", "alert alert-danger");
      box.setAttribute("role", "alert");
      box.appendChild(el("p", "fw-semibold mb-1", "This check-in, saved on your phone, needs a change:"));
      var list = el("ul", "mb-0");
      Object.keys(item.errors || {}).forEach(function (field) {
        item.errors[field].forEach(function (message) {
          list.appendChild(el("li", "", message));
        });
      });
      box.appendChild(list);
      form.parentNode.insertBefore(box, form);
    });
  }

  restoreKept();
  if (form) {
    freshenDate();
    restoreFix();
    form.addEventListener("submit", function (event) {
      if (!navigator.onLine) return saveOnPhone(event);
      if (!fixing) return keepAnswers();
      // The form now carries the fixed answers; the queued copy can go.
      event.preventDefault();
      var uuid = fixing;
      fixing = null;
      Q.remove(uuid).then(
        function () {
          form.requestSubmit(event.submitter);
        },
        function () {
          form.requestSubmit(event.submitter);
        }
      );
    });
  }

  // --- Logging out on a shared phone -------------------------------------------

  function endsSession(target) {
    if (!(target instanceof HTMLFormElement) || (target.method || "").toLowerCase() !== "post") return false;
    return config.sessionEnding.indexOf(new URL(target.action, location.href).pathname) !== -1;
  }

  document.addEventListener(
    "submit",
    function (event) {
      var target = event.target;
      if (!endsSession(target) || target.dataset.pwaCleared) return;
      event.preventDefault();
      var owner = config.owner;
      var proceed = function () {
        target.dataset.pwaCleared = "1";
        target.requestSubmit(event.submitter);
      };
      sendWaiting()
        .then(function () {
          return owner ? Q.list(owner) : [];
        })
        .then(function (left) {
          if (
            left.length &&
            !window.confirm(
              plural(
                left.length,
                "1 check-in saved on this phone has not been sent to Mend yet. Logging out deletes it from this phone. Log out anyway?",
                "%d check-ins saved on this phone have not been sent to Mend yet. Logging out deletes them from this phone. Log out anyway?"
              )
            )
          ) {
            return false;
          }
          return Q.removeOwner(owner)
            .then(forgetPages)
            .then(function () {
              return Q.setOwner("");
            })
            .then(function () {
              return true;
            });
        })
        .then(
          function (go) {
            if (go) proceed();
          },
          proceed // storage trouble must never stop someone logging out
        );
    },
    true
  );

  // --- Install ------------------------------------------------------------------

  var offer = document.querySelector("[data-install-offer]");
  var iosHint = document.querySelector("[data-ios-hint]");
  var deferredPrompt = null;

  function dismissedRecently() {
    var at = Number(localStorage.getItem(DISMISS_KEY) || 0);
    return Date.now() - at < DISMISS_DAYS * 24 * 3600 * 1000;
  }

  function dismiss(node) {
    node.hidden = true;
    localStorage.setItem(DISMISS_KEY, String(Date.now()));
  }

  function standalone() {
    return navigator.standalone === true || window.matchMedia("(display-mode: standalone)").matches;
  }

  window.addEventListener("beforeinstallprompt", function (event) {
    // Chrome's own mini-bar would appear at a random moment; offer it in our words instead.
    event.preventDefault();
    deferredPrompt = event;
    if (offer && !dismissedRecently()) offer.hidden = false;
  });

  window.addEventListener("appinstalled", function () {
    deferredPrompt = null;
    if (offer) offer.hidden = true;
  });

  if (offer) {
    offer.querySelector("[data-install-button]").addEventListener("click", function () {
      if (!deferredPrompt) return;
      var prompt = deferredPrompt;
      deferredPrompt = null;
      offer.hidden = true;
      prompt.prompt();
    });
    offer.querySelector("[data-install-dismiss]").addEventListener("click", function () {
      dismiss(offer);
    });
  }

  // iOS has no install prompt: Safari's Share menu has "Add to Home Screen".
  var isIos = /iPhone|iPad|iPod/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  if (iosHint && isIos && !standalone() && !dismissedRecently()) {
    iosHint.hidden = false;
    iosHint.querySelector("[data-install-dismiss]").addEventListener("click", function () {
      dismiss(iosHint);
    });
  }

  // --- Start ----------------------------------------------------------------------

  if ("serviceWorker" in navigator && config.sw) {
    // After the page has loaded: the worker's downloads must not slow the first paint.
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(config.sw, { scope: "/" }).catch(function () {});
      // A page that opened while the worker was still installing (the one
      // right after logging in, say) missed its claim: ask for it, so that
      // this very page already works offline.
      navigator.serviceWorker.ready.then(function (registration) {
        if (!navigator.serviceWorker.controller && registration.active) {
          registration.active.postMessage({ type: "claim" });
        }
      });
    });
  }

  // Offline, this page is a kept copy: a one-time message in it ("Saved your
  // check-in for today") belongs to the day it was kept, not to now.
  if (!navigator.onLine) {
    document.querySelectorAll("[data-flash]").forEach(function (node) {
      node.remove();
    });
  }

  window.addEventListener("online", sendWaiting);
  if ("serviceWorker" in navigator) {
    // Background Sync sent them first: say so here too.
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (!event.data || event.data.type !== "queue-replayed") return;
      if (event.data.sent.length) lastSent = event.data.sent;
      render();
    });
  }
  window.addEventListener("offline", render);
  noteOwner()
    .catch(function () {})
    .then(function () {
      return navigator.onLine ? sendWaiting() : render();
    });
})();
