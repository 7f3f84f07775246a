// The outbox: operations made on this phone, kept in IndexedDB until the server has them.
// Shared by the pages and the service worker, so nothing here touches the DOM.
// Browser contract: an IndexedDB transaction commits as soon as it has no pending request
// when control returns to the event loop, so requests are issued inside one transaction
// with plain callbacks, and nothing here ever awaits the network inside a transaction.
const DB_NAME = "folka";
// 2: the photos and voice memos of notes (files.js): "files" holds what is known of each,
// "blobs" the bytes, stored as soon as they are chosen, so that saving a note stays quick.
const DB_VERSION = 2;
const CHANNEL = "folka-outbox";
const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;
const here = new EventTarget();
let opening = null;

function open() {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = (event) => {
      const db = req.result;
      if (event.oldVersion < 1) {
        // seq (auto-increment) is the creation order the server must see; id is the op's UUID.
        const outbox = db.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
        outbox.createIndex("id", "id", { unique: true });
        db.createObjectStore("meta", { keyPath: "key" });
      }
      // Added beside the outbox: the operations queued under version 1 stay as they are.
      if (event.oldVersion < 2) {
        db.createObjectStore("files", { keyPath: "id" }).createIndex("opId", "opId");
        db.createObjectStore("blobs", { keyPath: "id" });
      }
    };
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => { db.close(); opening = null; };
      resolve(db);
    };
    req.onerror = () => { opening = null; reject(req.error); };
  });
  return opening;
}

// Runs work(store) in one transaction — work(transaction) for a list of stores — and
// resolves with what work put in `out` once committed.
export async function transact(storeName, mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(storeName, mode);
    const out = {};
    tx.oncomplete = () => resolve(out.value);
    tx.onerror = tx.onabort = () => reject(tx.error);
    work(Array.isArray(storeName) ? tx : tx.objectStore(storeName), out);
  });
}

// Tells this and every other tab (and the worker) that the outbox changed.
export function changed(detail = {}) {
  channel?.postMessage(detail);
  here.dispatchEvent(new CustomEvent("change", { detail }));
}

export function onChange(listener) {
  here.addEventListener("change", (event) => listener(event.detail));
  channel?.addEventListener("message", (event) => listener(event.data));
}

// Stores a new operation of `userId`, pending; record holds what the page shows for it.
// The records of a note's photos and memos (files.js; their bytes are stored already) are
// stored in the same transaction: all or nothing.
export async function add(userId, op, record = {}, files = []) {
  const savedAt = new Date().toISOString();
  await transact(["outbox", "files"], "readwrite", (tx) => {
    tx.objectStore("outbox").add({ ...record, id: op.id, userId, op, status: "pending", savedAt });
    for (const file of files) tx.objectStore("files").put({ ...file, opId: op.id, userId, status: "pending", savedAt });
  });
  changed({ type: "added", id: op.id });
}

// Every record, oldest first.
export function all() {
  return transact("outbox", "readonly", (store, out) => {
    store.getAll().onsuccess = (event) => { out.value = event.target.result; };
  });
}

// The record of one operation, by its UUID (the "id" index); undefined when there is none.
export function get(id) {
  return transact("outbox", "readonly", (store, out) => {
    store.index("id").get(id).onsuccess = (event) => { out.value = event.target.result; };
  });
}

// Applies the server's per-operation results: applied and duplicate leave the outbox,
// rejected ones stay, marked with the server's code, message and field errors.
export async function settle(results) {
  await transact("outbox", "readwrite", (store) => {
    for (const result of results) {
      const lookup = store.index("id").get(result.id ?? "");
      lookup.onsuccess = () => {
        const record = lookup.result;
        if (!record) return;
        if (result.status === "applied" || result.status === "duplicate") store.delete(record.seq);
        if (result.status === "rejected") {
          const { code, message, errors = {} } = result;
          store.put({ ...record, status: "rejected", code, message, errors });
        }
      };
    }
  });
  changed({ type: "settled" });
}

// Removes one operation for good (the user discarded it, or replaced it by a fixed copy),
// with the files still waiting for it; or one refused file, by its id.
export async function discard(id) {
  await transact(["outbox", "files", "blobs"], "readwrite", (tx) => {
    const store = tx.objectStore("outbox");
    const lookup = store.index("id").getKey(id);
    lookup.onsuccess = () => { if (lookup.result !== undefined) store.delete(lookup.result); };
    const files = tx.objectStore("files");
    const blobs = tx.objectStore("blobs");
    const owned = files.index("opId").getAllKeys(id);
    owned.onsuccess = () => [id, ...owned.result].forEach((key) => { files.delete(key); blobs.delete(key); });
  });
  changed({ type: "discarded", id });
}

export function getMeta(key) {
  return transact("meta", "readonly", (store, out) => {
    store.get(key).onsuccess = (event) => { out.value = event.target.result?.value; };
  });
}

export async function setMeta(key, value) {
  await transact("meta", "readwrite", (store) => { store.put({ key, value }); });
  changed({ type: "meta", key });
}
