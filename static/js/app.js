// Folka's page script: small enhancements; every page works without it.
import { initCounters } from "./counter.js";
import { initDueDates } from "./duedate.js";
import { initLocate } from "./locate.js";
import { initGeolocation } from "./geolocate.js";
import { initConfirm } from "./confirm.js";
import { initOutboxForms, outboxAvailable } from "./forms.js";
import { initLogout, refreshPages, registerWorker, servedFromCache } from "./pages.js";
import { startAutoSync, syncNow } from "./autosync.js";
import { initBanner } from "./banner.js";
import { initMenus } from "./menu.js";
import { initReconnect } from "./reconnect.js";
import { initStatus } from "./status.js";
import { initPending } from "./pending.js";
import { initToast } from "./toast.js";
import { askPersistentStorage, initInstallHint } from "./hints.js";
import { initRecordForms } from "./recordforms.js";
import { initSiteHere } from "./sitehere.js";
import { initSomeoneNew } from "./someonenew.js";
import { loadRefs } from "./refs.js";

initCounters(document);
initDueDates(document);
initLocate(document);
initConfirm(document);
initMenus(document);
initToast(document);
initInstallHint(document);
registerWorker();
// The worker answers this once per page: ask once, share the answer.
const cached = servedFromCache();
initBanner(document, cached);
initLogout(document);
if (outboxAvailable()) {
  // The outbox takes over check-in/out, note and promise forms, position included.
  initOutboxForms(document);
  // People, topics and clients too: dialogs on the briefing, "someone new" on the note form,
  // the client's site set at check-in; pages of clients made on the phone until synced.
  initRecordForms(document);
  initSiteHere(document);
  initSomeoneNew(document.querySelector("form[data-op=note]"), Number(document.body.dataset.userId));
  loadRefs();
  initPending(document);
  // "Sync now": push what waits and refresh every saved page (the rep may be about to lose
  // the signal), rather than only what is due.
  initStatus(document, () => syncNow().finally(() => refreshPages({ full: true })));
  initReconnect(document, cached);
  if (document.body.dataset.userId) {
    askPersistentStorage();
    // App open: push what waits, then have the worker refresh the saved pages if due.
    startAutoSync(window).then(() => refreshPages());
  } else {
    startAutoSync(window); // logged out: only learns that a login is needed
  }
} else {
  initGeolocation(document);
}
