// Sending the photos and voice memos of notes, once their note is on the server: one file
// per request, PUT /api/notes/<note>/files/<file>, idempotent by the file's UUID (201 the
// first time, 200 when it was already there). A file whose note still waits (or was
// refused) waits with it. The server's refusal (404, 409, 413, 415, 422) marks the file
// with the reason; a network failure, a stale token or a server error stops this round and
// everything is tried again with the outbox's backoff (autosync.js). Uploads run under a
// lock of their own, so a slow photo never holds up the notes queued behind it.
import * as outbox from "./outbox.js";
import { allFiles, settleFile } from "./files.js";

const LOCK = "folka-files";
const BASE_TIMEOUT_MS = 15000;
const BYTES_PER_SECOND = 20000; // a weak signal: 300 KB gets another 15 s
const REFUSED = [404, 409, 413, 415, 422];

// True when any file waits to be sent (by anyone: the session decides whose go).
export async function filesWaiting() {
  return (await allFiles()).some((file) => file.status === "pending");
}

// Sends `userId`'s waiting files; resolves with {status: ok|offline|login|error, clients},
// the clients whose notes got files.
export function uploadFiles(userId, token) {
  const task = () => uploadAll(userId, token);
  // One context at a time; one that waits finds the files sent by the other gone.
  return navigator.locks ? navigator.locks.request(LOCK, task) : task();
}

async function uploadAll(userId, token) {
  const notesWaiting = new Set((await outbox.all()).map((record) => record.id));
  const files = (await allFiles()).filter((file) => file.userId === userId
    && file.status === "pending" && !notesWaiting.has(file.opId));
  const clients = new Set();
  for (const file of files) {
    let response;
    try {
      response = await put(file, token);
    } catch {
      return { status: "offline", clients: [...clients] };
    }
    if (response.ok) {
      await settleFile(file.id);
      if (file.clientId) clients.add(file.clientId);
    } else if (response.status === 401) {
      return { status: "login", clients: [...clients] };
    } else if (REFUSED.includes(response.status)) {
      await settleFile(file.id, await refusal(response));
    } else {
      return { status: "error", clients: [...clients] }; // 400 (a stale token), 5xx: later
    }
  }
  return { status: "ok", clients: [...clients] };
}

function put(file, token) {
  const headers = { "Content-Type": file.type, "X-CSRFToken": token };
  if (file.duration) headers["X-Duration"] = String(file.duration);
  return fetch(`/api/notes/${encodeURIComponent(file.opId)}/files/${encodeURIComponent(file.id)}`, {
    method: "PUT",
    headers,
    body: file.blob,
    credentials: "same-origin",
    cache: "no-store",
    signal: AbortSignal.timeout(BASE_TIMEOUT_MS + (1000 * file.size) / BYTES_PER_SECOND),
  });
}

async function refusal(response) {
  try {
    const { error, message } = await response.json();
    return { code: error, message };
  } catch {
    return { code: String(response.status), message: "" };
  }
}
