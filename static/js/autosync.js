// When a page pushes the outbox: at app open, on the `online` event, when the app becomes
// visible again, after each save, and on a backoff timer while changes wait and the
// network or server fails. Background Sync (sw.js) also pushes when no page is open, but
// only Chromium has it: Safari and Firefox rely on these triggers.
import { flush, touchedClients } from "./sync.js";
import { refreshPages } from "./pages.js";
import { SYNC_TAG } from "./names.js";

const FIRST_RETRY_MS = 3000;
const MAX_RETRY_MS = 5 * 60 * 1000;
let timer = null;
let failures = 0;
const listeners = [];

// Calls listener(result) after every push this page makes (reconnect.js).
export function afterSync(listener) {
  listeners.push(listener);
}

export async function syncNow() {
  clearTimeout(timer);
  timer = null;
  let result;
  try {
    result = await flush();
  } catch {
    result = { status: "error", applied: [] };
  }
  if (result.status === "offline" || result.status === "error") retryLater();
  else failures = 0;
  if (result.applied.length) refreshPages({ clients: touchedClients(result.applied) });
  // The notes' files go on after the push (uploads.js): retried the same way, and the saved
  // briefings that show them refreshed.
  result.uploaded?.then((outcome) => {
    if (outcome.status === "offline" || outcome.status === "error") retryLater();
    if (outcome.clients?.length) refreshPages({ clients: outcome.clients });
  });
  listeners.forEach((listener) => listener(result));
  return result;
}

function retryLater() {
  failures += 1;
  const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (failures - 1));
  // Jitter, so that phones coming back into coverage together do not retry in step.
  timer = setTimeout(syncNow, delay * (0.8 + Math.random() * 0.4));
}

export function startAutoSync(win) {
  win.addEventListener("online", () => {
    failures = 0;
    syncNow();
  });
  win.document.addEventListener("visibilitychange", () => {
    if (win.document.visibilityState === "visible") syncNow();
  });
  return syncNow();
}

// Chromium: let the service worker push even after the page is closed. Resolves at once;
// `ready` never settles where no worker is registered, which is fine.
export function requestBackgroundSync() {
  navigator.serviceWorker?.ready
    .then((registration) => registration.sync?.register(SYNC_TAG))
    .catch(() => {});
}
