/* Check-ins saved on the phone while offline: where they wait.

   Loaded by pages (before js/pwa/) and by the service worker (importScripts),
   so it touches no DOM. Starts self.MendQueue; queue/send.js adds the rest.

   Each queued check-in (or questionnaire response: the same rules, its own
   API URL kept with the item) is stored in IndexedDB ("mend" database,
   "checkins" store) under a fresh client_uuid, with the owner tag of the
   account that was logged in when it was saved. It is only ever sent while
   that same account is logged in (the server checks the tag too), so on a
   shared phone nobody's check-in lands in someone else's account. */
(() => {
  "use strict";

  const DB_NAME = "mend";
  const DB_VERSION = 1;
  const ITEMS = "checkins";
  const META = "meta";

  let opening = null;

  function openDb() {
    if (opening) return opening;
    opening = new Promise((resolve, reject) => {
      const request = self.indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(ITEMS)) {
          db.createObjectStore(ITEMS, { keyPath: "client_uuid" }).createIndex("owner", "owner");
        }
        if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
      };
      request.onsuccess = () => {
        // Another tab upgrading the database: step aside.
        request.result.onversionchange = () => {
          request.result.close();
          opening = null;
        };
        resolve(request.result);
      };
      request.onerror = () => {
        opening = null;
        reject(request.error);
      };
    });
    return opening;
  }

  // Runs use(store) in one transaction; resolves with its request's result once committed.
  async function withStore(name, mode, use) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(name, mode);
      const request = use(tx.objectStore(name));
      tx.oncomplete = () => resolve(request ? request.result : undefined);
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  }

  function newUuid() {
    if (self.crypto.randomUUID) return self.crypto.randomUUID();
    // Browsers before 2022: the same version 4 UUID, by hand.
    const bytes = self.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    const hex = Array.from(bytes, (b) => (b + 0x100).toString(16).slice(1)).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  /* Saves one check-in. `values` uses the form's field names (date as
     YYYY-MM-DD); `kind` (optional) is {url, what, fixUrl} for anything other
     than a check-in: where it is sent, what the pages call it, where it is
     fixed. Returns the stored item. */
  async function add(values, owner, kind) {
    const what = kind ? kind.what : "check-in";
    // One waiting item per day (and questionnaire): saving that day again on
    // the phone changes it, as saving it again on the server would.
    const same = (await list(owner)).find(
      (i) => i.what === what && i.status === "waiting" && i.values.date === values.date && i.values.instrument === values.instrument
    );
    const item = {
      client_uuid: same ? same.client_uuid : newUuid(),
      owner,
      values,
      url: kind ? kind.url : null,
      what,
      fixUrl: kind ? kind.fixUrl : null,
      updated_at: new Date().toISOString(),
      status: "waiting",
      errors: null,
    };
    await put(item);
    return item;
  }

  const get = (uuid) => withStore(ITEMS, "readonly", (store) => store.get(uuid));
  const put = (item) => withStore(ITEMS, "readwrite", (store) => store.put(item));
  const remove = (uuid) => withStore(ITEMS, "readwrite", (store) => store.delete(uuid));

  /* Every item saved by `owner`, oldest first. */
  async function list(owner) {
    const items = await withStore(ITEMS, "readonly", (store) => store.index("owner").getAll(owner));
    return items.sort((a, b) => (a.updated_at < b.updated_at ? -1 : 1));
  }

  async function removeOwner(owner) {
    const items = await list(owner);
    await Promise.all(items.map((item) => remove(item.client_uuid)));
  }

  /* The account the pages last said was logged in ("" for nobody; null before any page said). */
  async function getOwner() {
    const owner = await withStore(META, "readonly", (store) => store.get("owner"));
    return owner === undefined ? null : owner;
  }

  const setOwner = (owner) => withStore(META, "readwrite", (store) => store.put(owner, "owner"));

  /* Advice about warning signs in a check-in saved on this phone, for the
     pages to show until the server's own card does ({owner, day, level,
     heading, words, call}), or null. */
  async function getWarning() {
    return (await withStore(META, "readonly", (store) => store.get("warning"))) || null;
  }

  function setWarning(warning) {
    return withStore(META, "readwrite", (store) => (warning ? store.put(warning, "warning") : store.delete("warning")));
  }

  /* What Background Sync sent with no page open, for the next page to say
     once: [{item: {what, values: {date}}, answer}]. */
  const noteSent = (sent) => withStore(META, "readwrite", (store) => store.put(sent, "sent"));

  async function takeSent() {
    const sent = await withStore(META, "readonly", (store) => store.get("sent"));
    if (sent) await withStore(META, "readwrite", (store) => store.delete("sent"));
    return sent || null;
  }

  self.MendQueue = { add, get, put, remove, list, removeOwner, getOwner, setOwner, getWarning, setWarning, noteSent, takeSent };
})();
