/* Check-ins saved on the phone while offline, and sending them later.

   Loaded by pages (before js/pwa/) and by the service worker (importScripts),
   so it touches no DOM. Exposes self.MendQueue.

   Each queued check-in (or questionnaire response: the same rules, its own
   API URL kept with the item) is stored in IndexedDB ("mend" database,
   "checkins" store) under a fresh client_uuid, with the owner tag of the account that
   was logged in when it was saved. It is only ever sent while that same
   account is logged in (the server checks the tag too), so on a shared phone
   nobody's check-in lands in someone else's account.

   Sending is a POST to the API (its URL comes from the page's or the
   worker's config), which stores each client_uuid once:
   sending the same item twice is harmless. 200/201: done, removed.
   400: kept, marked "invalid" with the server's messages, for the patient to
   fix. Anything else (offline, logged out, server trouble): kept as it is. */
(function (root) {
  "use strict";

  var DB_NAME = "mend";
  var DB_VERSION = 1;
  var ITEMS = "checkins";
  var META = "meta";
  var SYNC_TAG = "mend-checkins";

  var dbPromise = null;

  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = root.indexedDB.open(DB_NAME, DB_VERSION);
        request.onupgradeneeded = function () {
          var db = request.result;
          if (!db.objectStoreNames.contains(ITEMS)) {
            db.createObjectStore(ITEMS, { keyPath: "client_uuid" }).createIndex("owner", "owner");
          }
          if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
        };
        request.onsuccess = function () {
          // Another tab upgrading the database: step aside.
          request.result.onversionchange = function () {
            request.result.close();
            dbPromise = null;
          };
          resolve(request.result);
        };
        request.onerror = function () {
          dbPromise = null;
          reject(request.error);
        };
      });
    }
    return dbPromise;
  }

  // Runs fn(store) in one transaction; resolves with fn's request result once committed.
  function withStore(name, mode, fn) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(name, mode);
        var request = fn(tx.objectStore(name));
        tx.oncomplete = function () {
          resolve(request ? request.result : undefined);
        };
        tx.onerror = tx.onabort = function () {
          reject(tx.error);
        };
      });
    });
  }

  function newUuid() {
    if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID();
    var bytes = root.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  /* Saves one check-in. `values` uses the form's field names (date as
     YYYY-MM-DD); `kind` (optional) is {url, what, fixUrl} for anything other
     than a check-in: where it is sent, what the pages call it, where it is
     fixed. Returns the stored item. */
  function add(values, owner, kind) {
    var item = {
      client_uuid: newUuid(),
      owner: owner,
      values: values,
      url: kind ? kind.url : null,
      what: kind ? kind.what : "check-in",
      fixUrl: kind ? kind.fixUrl : null,
      updated_at: new Date().toISOString(),
      status: "waiting",
      errors: null,
    };
    return withStore(ITEMS, "readwrite", function (store) {
      return store.put(item);
    }).then(function () {
      return item;
    });
  }

  function get(uuid) {
    return withStore(ITEMS, "readonly", function (store) {
      return store.get(uuid);
    });
  }

  function put(item) {
    return withStore(ITEMS, "readwrite", function (store) {
      return store.put(item);
    });
  }

  function remove(uuid) {
    return withStore(ITEMS, "readwrite", function (store) {
      return store.delete(uuid);
    });
  }

  /* Every item saved by `owner`, oldest first. */
  function list(owner) {
    return withStore(ITEMS, "readonly", function (store) {
      return store.index("owner").getAll(owner);
    }).then(function (items) {
      return items.sort(function (a, b) {
        return a.updated_at < b.updated_at ? -1 : 1;
      });
    });
  }

  function removeOwner(owner) {
    return list(owner).then(function (items) {
      return Promise.all(
        items.map(function (item) {
          return remove(item.client_uuid);
        })
      );
    });
  }

  /* The account the pages last said was logged in ("" for nobody). */
  function getOwner() {
    return withStore(META, "readonly", function (store) {
      return store.get("owner");
    }).then(function (owner) {
      return owner === undefined ? null : owner;
    });
  }

  function setOwner(owner) {
    return withStore(META, "readwrite", function (store) {
      return store.put(owner, "owner");
    });
  }

  /* Advice about warning signs in a check-in saved on this phone, for the
     pages to show until the server's own card does ({owner, day, level,
     heading, words, call}), or null. */
  function getWarning() {
    return withStore(META, "readonly", function (store) {
      return store.get("warning");
    }).then(function (warning) {
      return warning || null;
    });
  }

  function setWarning(warning) {
    return withStore(META, "readwrite", function (store) {
      return warning ? store.put(warning, "warning") : store.delete("warning");
    });
  }

  /* The advice for the warning signs among a check-in's answers, from the
     server's config (checkin/safety/lines.py: warning_config), or null. */
  function warningFor(values, config, owner) {
    var levels = (values.symptoms || []).map(function (value) {
      return config.levels[value] || "emergency"; // unknown: never milder
    });
    var level = levels.indexOf("emergency") !== -1 ? "emergency" : levels.length ? "urgent" : null;
    if (!level) return null;
    var advice = config.advice[level];
    return { owner: owner, day: isoToday(), level: level, heading: advice[0], words: advice[1], call: config.call[level] };
  }

  // Form fields that are not answers; every other field of the check-in
  // form is one, so the answers' names are the form's own, never a copy.
  var NOT_ANSWERS = ["csrfmiddlewaretoken", "client_uuid"];

  function isoToday() {
    var d = new Date();
    return [d.getFullYear(), String(d.getMonth() + 1).padStart(2, "0"), String(d.getDate()).padStart(2, "0")].join("-");
  }

  /* The check-in form's answers (a FormData) as the values the API takes. */
  function valuesFromForm(data) {
    var values = { symptoms: data.getAll("symptoms") };
    data.forEach(function (value, name) {
      if (name !== "symptoms" && NOT_ANSWERS.indexOf(name) === -1) values[name] = String(value).trim();
    });
    if (!values.date) values.date = isoToday();
    return values;
  }

  function body(item) {
    var payload = { client_uuid: item.client_uuid, updated_at: item.updated_at, owner: item.owner };
    Object.keys(item.values).forEach(function (name) {
      payload[name] = item.values[name];
    });
    return JSON.stringify(payload);
  }

  /* Sends one item. Resolves with "sent", "invalid" or "kept"; rejects when
     the network is down. */
  function send(item, token, url) {
    return root
      .fetch(item.url || url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
        body: body(item),
      })
      .then(function (response) {
        if (response.status === 200 || response.status === 201) {
          return response.json().then(function (answer) {
            return remove(item.client_uuid).then(function () {
              // The patient deleted that day later: the copy goes, without a word.
              var result = answer.outcome === "deleted" ? "dropped" : "sent";
              return { result: result, item: item, answer: answer };
            });
          });
        }
        if (response.status === 400) {
          return response.json().then(function (answer) {
            item.status = "invalid";
            item.errors = answer.errors || { __all__: ["Mend could not accept this check-in."] };
            return put(item).then(function () {
              return { result: "invalid", item: item };
            });
          });
        }
        return { result: "kept", item: item, status: response.status };
      });
  }

  var running = null;

  /* Sends every waiting item of `owner` to `url`, one at a time. Resolves with
     {sent: [...], dropped: [...], invalid: [...], kept: [...], offline: bool}
     ("dropped": superseded by a deletion made later). Items already
     marked invalid wait for the patient's fix and are not sent again.
     Pages and the service worker may all try at once when the connection
     returns: a Web Lock lets one send while the others wait, then find
     nothing left to send. */
  function replay(options) {
    if (running) return running;
    if (!options.owner || !options.token) return Promise.resolve(emptySummary());
    var locks = root.navigator && root.navigator.locks;
    running = (locks ? locks.request("mend-queue-replay", function () {
      return sendAll(options);
    }) : sendAll(options)).then(
      function (summary) {
        running = null;
        return summary;
      },
      function (error) {
        running = null;
        throw error;
      }
    );
    return running;
  }

  function emptySummary() {
    return { sent: [], dropped: [], invalid: [], kept: [], offline: false };
  }

  function sendAll(options) {
    var summary = emptySummary();
    return list(options.owner)
      .then(function (items) {
        var waiting = items.filter(function (item) {
          return item.status === "waiting";
        });
        return waiting.reduce(function (chain, item) {
          return chain.then(function () {
            if (summary.offline) return;
            return send(item, options.token, options.url).then(
              function (outcome) {
                summary[outcome.result].push(outcome);
              },
              function () {
                summary.offline = true;
              }
            );
          });
        }, Promise.resolve());
      })
      .then(function () {
        return summary;
      });
  }

  root.MendQueue = {
    SYNC_TAG: SYNC_TAG,
    isoToday: isoToday,
    valuesFromForm: valuesFromForm,
    add: add,
    get: get,
    put: put,
    remove: remove,
    list: list,
    removeOwner: removeOwner,
    getOwner: getOwner,
    setOwner: setOwner,
    getWarning: getWarning,
    setWarning: setWarning,
    warningFor: warningFor,
    replay: replay,
  };
})(self);
