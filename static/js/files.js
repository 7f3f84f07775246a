// The photos and voice memos of notes still on this phone. Their bytes go into the outbox's
// "blobs" store as soon as they are chosen or recorded (a draft, keyed by the file's UUID),
// so that saving the note only writes small records: each file's record in "files", with
// the note's operation (outbox.add, one transaction). A record holds the note's operation id
// (opId), the author (userId), kind (photo|memo), type, size and a status: pending until the
// server has the file — then record and bytes are deleted — or rejected, with the server's
// code and message, until the user discards it. Drafts of a form left unsaved are deleted a
// day later. Shared by the pages and the service worker, so nothing here touches the DOM.
import { changed, transact } from "./outbox.js";

const DRAFT_DAYS = 1;

// Every file record with its blob (a handle: reading it costs nothing yet), oldest first.
export async function allFiles() {
  const [records, blobs] = await transact(["files", "blobs"], "readonly", (tx, out) => {
    out.value = [];
    tx.objectStore("files").getAll().onsuccess = (event) => { out.value[0] = event.target.result; };
    tx.objectStore("blobs").getAll().onsuccess = (event) => { out.value[1] = event.target.result; };
  });
  const bytes = new Map(blobs.map((entry) => [entry.id, entry.blob]));
  return records.map((record) => ({ ...record, blob: bytes.get(record.id) }))
    .sort((a, b) => a.savedAt.localeCompare(b.savedAt) || (a.order ?? 0) - (b.order ?? 0));
}

// Keeps the bytes of a file just chosen or recorded, before its note is saved.
export function keepDraft(id, blob) {
  return transact("blobs", "readwrite", (store) => { store.put({ id, blob, at: Date.now() }); });
}

// Forgets the bytes of a file taken off the form before the note was saved.
export function dropDraft(id) {
  return transact("blobs", "readwrite", (store) => { store.delete(id); });
}

// Deletes the drafts of forms left without saving, once they are a day old.
export function cleanDrafts() {
  const before = Date.now() - DRAFT_DAYS * 86400000;
  return transact(["files", "blobs"], "readwrite", (tx) => {
    const files = tx.objectStore("files");
    const blobs = tx.objectStore("blobs");
    blobs.getAll().onsuccess = (event) => {
      for (const draft of event.target.result.filter((entry) => entry.at < before)) {
        files.getKey(draft.id).onsuccess = (found) => {
          if (found.target.result === undefined) blobs.delete(draft.id);
        };
      }
    };
  });
}

// The server has the file (or refuses it for good): it leaves, or stays marked with why.
export async function settleFile(id, refusal = null) {
  await transact(["files", "blobs"], "readwrite", (tx) => {
    const files = tx.objectStore("files");
    if (!refusal) {
      files.delete(id);
      tx.objectStore("blobs").delete(id);
      return;
    }
    const lookup = files.get(id);
    lookup.onsuccess = () => {
      if (lookup.result) files.put({ ...lookup.result, status: "rejected", ...refusal });
    };
  });
  changed({ type: "files", id });
}

// {opId: [file]} of these records.
export function byNote(records) {
  const found = new Map();
  for (const file of records) found.set(file.opId, [...(found.get(file.opId) || []), file]);
  return found;
}

// How many photos and memos, as one short text ("2 photos, 1 voice memo"), for `t`.
export function countText(t, files) {
  const photos = files.filter((file) => file.kind === "photo").length;
  const memos = files.length - photos;
  return [photos && t("photoCount", { count: photos }), memos && t("memoCount", { count: memos })]
    .filter(Boolean).join(", ");
}
