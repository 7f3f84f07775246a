// The page's side of the service worker: register it, ask it to keep this user's pages
// fresh, learn whether this page came from its cache, and forget the pages at logout.
import * as outbox from "./outbox.js";
import { t } from "./messages.js";
import { forget } from "./owner.js";

export function registerWorker() {
  if (!("serviceWorker" in navigator)) return;
  // A module worker imports sync.js like the pages do. updateViaCache "none": the browser
  // checks /sw.js and its imports on the network, so a deploy is picked up at once.
  navigator.serviceWorker
    .register("/sw.js", { type: "module", scope: "/", updateViaCache: "none" })
    .catch(() => {}); // no worker (e.g. blocked): the app still works online
}

// Sends a message to the active worker; resolves with its reply, or null after waitMs.
// With `installing`, waits for a worker still being installed (first visit).
function ask(message, waitMs, installing = false) {
  if (!("serviceWorker" in navigator)) return Promise.resolve(null);
  const found = installing ? navigator.serviceWorker.ready : navigator.serviceWorker.getRegistration();
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), waitMs);
    found.then((registration) => {
      if (!registration?.active) return resolve(null);
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => {
        clearTimeout(timer);
        resolve(event.data);
      };
      registration.active.postMessage(message, [channel.port2]);
    });
  });
}

// After login, app open and each sync: the worker refreshes what is due (see sw.js).
export function refreshPages({ clients = [], full = false } = {}) {
  const userId = Number(document.body.dataset.userId) || null;
  if (!userId) return Promise.resolve(null);
  return ask({ type: "refresh", userId, clients, full }, 120000, true);
}

// True when the worker answered this page's navigation from its cache.
export async function servedFromCache() {
  if (!navigator.serviceWorker?.controller) return false;
  const reply = await ask({ type: "page-status" }, 1000);
  return Boolean(reply?.fromCache);
}

// Logout: another person may use the phone next, so this user's saved pages go. Changes
// still waiting stay (they are never sent under another user) — after asking.
export function initLogout(doc) {
  for (const form of doc.querySelectorAll("form[data-logout]")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const userId = Number(doc.body.dataset.userId);
      const records = await outbox.all().catch(() => []);
      const waiting = records.filter((r) => r.userId === userId && r.status === "pending").length;
      if (waiting && !window.confirm(t("logoutWaiting", { count: waiting }))) return;
      await ask({ type: "logout" }, 2000);
      await forget().catch(() => {}); // also when the worker did not answer
      form.submit();
    });
  }
}
