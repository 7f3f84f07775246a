// The offline page, shown for a page not saved on this phone: the sync status and the
// changes waiting on top, then the saved pages (the service worker's index of them) with a
// filter. Once the network is back and the first sync reaches the server, it reloads the
// page the rep wanted (reconnect.js). The page itself holds nothing personal: the user is
// the one the saved pages belong to.
import { OFFLINE_INDEX } from "./names.js";
import { owner } from "./owner.js";
import { startAutoSync, syncNow } from "./autosync.js";
import { initReconnect } from "./reconnect.js";
import { initStatus } from "./status.js";
import { initWaiting } from "./waitinglist.js";
import { initSavedList } from "./savedlist.js";

// The list of saved pages, only when it belongs to the user this phone is logged in as.
async function savedIndex(userId) {
  if (!("caches" in window) || !userId) return null;
  const response = await caches.match(OFFLINE_INDEX);
  const index = response ? await response.json() : null;
  return index?.userId === userId ? index : null;
}

// The user this phone is logged in as (owner.js); nobody after a logout or an ended session.
const userId = await owner().catch(() => null);
const index = await savedIndex(userId).catch(() => null);
initSavedList(document, (index?.pages || []).filter((page) => page.kind === "briefing"));
if ("indexedDB" in window) {
  initStatus(document, syncNow, userId);
  // Logged out, the changes waiting are only counted in the status: their author's words
  // are not shown to whoever holds the phone next.
  if (userId) initWaiting(document, userId);
  initReconnect(document, Promise.resolve(true));
  startAutoSync(window);
}
