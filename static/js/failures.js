// What the service worker does in the background (refreshing the saved pages, saving the
// page being opened) has no page to show its errors on. They are counted here, in the
// outbox's meta store, which the sync status reads (status.js); a change of it reaches
// every tab through the outbox's BroadcastChannel. Nothing here touches the DOM.
import * as outbox from "./outbox.js";

const KEY = "backgroundFailures";
let writing = Promise.resolve(); // one read-modify-write at a time within this context

function update(change) {
  writing = writing.then(async () => {
    const next = change(await failures());
    if (next) await outbox.setMeta(KEY, next);
  }).catch(() => {}); // IndexedDB itself failing: there is nowhere left to tell
  return writing;
}

// {count, error, at}: how many background tasks failed since the last refresh that went
// through, and the text of the last error, for whoever looks into the phone.
export async function failures() {
  return (await outbox.getMeta(KEY)) || { count: 0, error: null, at: null };
}

export function recordFailure(error) {
  const at = new Date().toISOString();
  return update((last) => ({ count: last.count + 1, error: String(error), at }));
}

// A refresh that went through: the saved pages are current again.
export function clearFailures() {
  return update((last) => (last.count ? { ...last, count: 0 } : null));
}
