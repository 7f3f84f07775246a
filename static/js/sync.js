// One push of the outbox to POST /api/sync, shared by the pages and the service worker.
// The contract (README, "Offline and sync"): an operation leaves the outbox only when the
// server answered applied or duplicate; rejected ones stay, marked; on 401 everything waits
// for a login; on network errors and 5xx everything waits for a retry. Operations are sent
// only under their author's session. fetch() rejects only on network failure — an HTTP
// error status resolves — so every status is checked here.
import * as outbox from "./outbox.js";
import { filesWaiting, uploadFiles } from "./uploads.js";
import { upgrade } from "./opformat.js";
import { forget, settle } from "./owner.js";
import { rememberRecords } from "./refs.js";

const BATCH = 100;
const TIMEOUT_MS = 15000;
const LOCK = "folka-sync";
let running = null;
let queued = null;

// Resolves with {status: idle|ok|login|offline|error, applied: [records], others: n}.
export function flush() {
  if (!running) {
    running = withLock(pushAll).finally(() => { running = null; });
    return running;
  }
  // A save while a push runs: push once more afterwards, so the new operation goes too.
  queued ??= running.catch(() => {}).then(() => { queued = null; return flush(); });
  return queued;
}

function withLock(task) {
  // Web Locks make it one push at a time across tabs and the service worker.
  return navigator.locks ? navigator.locks.request(LOCK, task) : task();
}

async function pushAll() {
  const waiting = (await outbox.all()).filter((record) => record.status === "pending");
  if (!waiting.length && !(await filesWaiting())) return remember({ status: "idle", applied: [], others: 0 });
  let session;
  try {
    session = await call("/api/session");
  } catch {
    return remember({ status: "offline", applied: [], others: 0 });
  }
  if (session.status === 401) return loggedOut();
  if (!session.ok) return remember({ status: "error", applied: [], others: 0 });
  const { user_id: userId, csrf_token: token } = await session.json();
  await settle(userId); // another user than the saved pages': they go (owner.js)
  await outbox.setMeta("session", { userId, at: new Date().toISOString() });
  const mine = waiting.filter((record) => record.userId === userId);
  const result = { status: "ok", applied: [], others: waiting.length - mine.length };
  for (let start = 0; start < mine.length; start += BATCH) {
    const batch = mine.slice(start, start + BATCH);
    const step = await pushBatch(userId, token, batch);
    if (step.status !== "ok") return remember({ ...result, status: step.status });
    result.applied.push(...step.applied);
  }
  await remember(result);
  // The notes' photos and memos go next, under a lock of their own: neither this push nor
  // the next one waits for them. The service worker may wait: result.uploaded settles then.
  result.uploaded = sendFiles(userId, token, result);
  return result;
}

async function pushBatch(userId, token, batch) {
  let response;
  try {
    response = await call("/api/sync", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      // Queued by older scripts: upgraded to this format as it goes (opformat.js).
      body: JSON.stringify({ user_id: userId, operations: batch.map((record) => upgrade(record.op)) }),
    });
  } catch {
    return { status: "offline" };
  }
  if (response.status === 401) {
    await forget();
    return { status: "login" };
  }
  // 409 (another user's session), 400 (stale token), 5xx: keep everything and try later.
  if (!response.ok) return { status: "error" };
  let results;
  try {
    ({ results } = await response.json());
  } catch {
    return { status: "error" };
  }
  await rememberRecords(results); // before settle: a page that sees its record go finds its id
  await outbox.settle(results);
  await outbox.setMeta("lastSync", new Date().toISOString());
  const done = new Set(results.filter((r) => r.status !== "rejected").map((r) => r.id));
  return { status: "ok", applied: batch.filter((record) => done.has(record.id)) };
}

function call(url, options = {}) {
  return fetch(url, {
    ...options,
    credentials: "same-origin",
    cache: "no-store",
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
}

// The session ended (a logout elsewhere, an admin, a password changed on another device):
// the saved pages go now, the operations wait for their author's login.
async function loggedOut() {
  await forget();
  return remember({ status: "login", applied: [], others: 0 });
}

// Sends the user's waiting files (uploads.js); a failure is remembered as a push's is, so
// the status says it will retry. Resolves with the uploads' outcome.
async function sendFiles(userId, token, result) {
  const outcome = await uploadFiles(userId, token);
  if (outcome.status !== "ok") await remember({ ...result, status: outcome.status });
  return outcome;
}

// Keeps the last outcome where every page (and the status line) can read it.
async function remember(result) {
  const state = { status: result.status, others: result.others, at: new Date().toISOString() };
  await outbox.setMeta("state", state);
  return result;
}

// The clients whose pages a push changed, for refreshing their offline copies.
export function touchedClients(records) {
  return [...new Set(records.map((record) => record.clientId).filter(Boolean))];
}
