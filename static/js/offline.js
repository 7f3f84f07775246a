// The offline page, shown for a page not saved on this phone: the sync status and the
// changes waiting on top, then the saved pages (the service worker's index of them) with a
// filter. Once the network is back and the first sync reaches the server, it reloads the
// page the rep wanted (reconnect.js). The page itself holds nothing personal: the user is
// the one the saved pages belong to.
import { OFFLINE_INDEX } from "./names.js";
import { startAutoSync, syncNow } from "./autosync.js";
import { initReconnect } from "./reconnect.js";
import { initStatus } from "./status.js";
import { initWaiting } from "./waitinglist.js";
import { initSavedList } from "./savedlist.js";

async function savedIndex() {
  if (!("caches" in window)) return null;
  const index = await caches.match(OFFLINE_INDEX);
  return index ? index.json() : null;
}

const index = await savedIndex().catch(() => null);
const userId = index?.userId || null;
initSavedList(document, (index?.pages || []).filter((page) => page.kind === "briefing"));
if ("indexedDB" in window) {
  initStatus(document, syncNow, userId);
  initWaiting(document, userId);
  initReconnect(document, Promise.resolve(true));
  startAutoSync(window);
}
