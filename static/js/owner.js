// Whose saved pages these are. The server names the user of every page it renders in the
// Folka-User header (0: nobody is logged in; webapp/pageowner.py), and this phone keeps the
// user it is logged in as — the owner — in the outbox's meta store. The saved pages belong
// to the owner only: when a page, or an API answer, says that another user or nobody is
// logged in (a login as someone else, a logout, a session ended by an admin or by a password
// changed elsewhere), the saved pages are deleted first, then the owner changes. The worker
// shows a saved page only when the header it was saved with names the owner (sw.js).
// Shared by the pages and the service worker; nothing here touches the DOM.
import * as outbox from "./outbox.js";
import { OFFLINE_INDEX, PAGES_CACHE_PREFIX } from "./names.js";

export const USER_HEADER = "Folka-User";
const KEY = "owner";

// The user a response was rendered for: an id, null for nobody, undefined when it does
// not say (a redirect, a file, a page from before the header).
export function userOf(response) {
  const value = response.headers.get(USER_HEADER);
  if (value === null) return undefined;
  return Number(value) || null;
}

// The user this phone is logged in as, or null.
export async function owner() {
  const known = await outbox.getMeta(KEY);
  return known !== undefined ? known : indexUser();
}

// The server says `userId` is logged in (null: nobody). Another user than the owner: the
// saved pages go, then the owner changes. Resolves true when it changed.
export async function settle(userId) {
  if (userId === undefined) return false;
  const known = await outbox.getMeta(KEY);
  if (known === userId) return false;
  const changed = (known !== undefined ? known : await indexUser()) !== userId;
  if (changed) await deletePages();
  await outbox.setMeta(KEY, userId);
  return changed;
}

// A logout or an ended session: the saved pages go, and nobody owns what comes next.
export async function forget() {
  await deletePages();
  if ((await outbox.getMeta(KEY)) !== null) await outbox.setMeta(KEY, null);
}

// Calls `listener` whenever the owner changes, in this context or another.
export function onOwnerChange(listener) {
  outbox.onChange((detail) => { if (detail?.type === "meta" && detail.key === KEY) listener(); });
}

// Pages saved before the owner was kept belong to the user their index names.
async function indexUser() {
  const index = "caches" in self ? await caches.match(OFFLINE_INDEX) : null;
  return (await index?.json().catch(() => null))?.userId ?? null;
}

async function deletePages() {
  if (!("caches" in self)) return;
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(PAGES_CACHE_PREFIX)).map((n) => caches.delete(n)));
}
