// What the sync status says, read from the outbox, its bookkeeping and the worker's failed
// refreshes, in one object that status.js renders. Nothing here touches the DOM.
import * as outbox from "./outbox.js";
import { failures } from "./failures.js";
import { allFiles } from "./files.js";

const SEEN = "rejectedSeen";

// {waiting, files: [photos and memos waiting], rejected: [records, and refused files as
// records], seen: Set of refused ids already shown, others, login, retrying, failed,
// lastSync} for `userId` (null on a page without a user: every change on the phone counts
// as waiting).
export async function syncState(userId) {
  const records = await outbox.all();
  const state = (await outbox.getMeta("state")) || {};
  const mine = records.filter((r) => !userId || r.userId === userId);
  const waiting = mine.filter((r) => r.status === "pending").length;
  const failed = userId ? (await failures()).count : 0;
  const stored = await allFiles();
  const files = stored.filter((f) => !userId || f.userId === userId);
  const filesWaiting = files.filter((f) => f.status === "pending");
  const anything = waiting + filesWaiting.length;
  return {
    waiting,
    files: filesWaiting,
    rejected: [...mine.filter((r) => r.status === "rejected"), ...files.filter((f) => f.status === "rejected").map(asRecord)],
    others: userId ? [...records, ...stored].filter((r) => r.userId !== userId && r.status === "pending").length : 0,
    login: Boolean(userId && anything && state.status === "login"),
    retrying: Boolean(userId && anything && (state.status === "offline" || state.status === "error")),
    failed,
    lastSync: await outbox.getMeta("lastSync"),
    seen: new Set((await outbox.getMeta(SEEN)) || []),
  };
}

// Only then may anything say "synced": nothing of anyone waits, nothing was refused, and
// the saved pages are up to date.
export function allSynced(state) {
  return !state.waiting && !state.files.length && !state.rejected.length && !state.others && !state.failed;
}

// A refused photo or memo, in the shape of a refused change (rejected.js): Discard only.
function asRecord(file) {
  const op = { kind: file.kind, at: file.savedAt, client_id: file.clientId };
  return { id: file.id, op, clientName: file.clientName, message: file.message, errors: {}, file: true };
}

// The refused changes the user has been shown in full once: from then on, one line each.
export function markSeen(records) {
  return outbox.setMeta(SEEN, records.map((record) => record.id));
}
