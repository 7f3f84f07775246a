// The offline banner. A page answered from the phone's copy — or any page while the network
// is gone — says so, and how old it is: the server stamps the time it rendered the page on
// <body data-rendered-at>, and a saved copy keeps that stamp. When the network is back, a
// saved copy never goes on saying "Offline": it says "Back online — this page is from 8:58"
// and offers Reload (reconnect.js reloads it by itself after the first good sync).
import { t } from "./messages.js";
import { formatWhen } from "./time.js";

export async function initBanner(doc, cachedPromise) {
  const banner = doc.getElementById("offline-banner");
  if (!banner) return;
  const cached = await cachedPromise;
  // A server message such as "Checked in." belongs to when the copy was saved, not to now.
  if (cached) doc.querySelectorAll("#main > .flashes:not([data-js])").forEach((node) => node.remove());
  let wentOffline = false;
  const update = () => {
    const offline = !navigator.onLine;
    wentOffline ||= offline;
    banner.hidden = !offline && !cached;
    // Online with a saved copy: the network came back, or was only too slow for this page.
    const key = offline ? "offlineBanner" : wentOffline ? "backOnline" : "savedCopy";
    banner.replaceChildren(t(key, { time: formatWhen(doc.body.dataset.renderedAt) }));
    if (cached && !offline) {
      const reload = doc.createElement("a");
      reload.href = location.href;
      reload.textContent = t("reload");
      banner.append(" ", reload);
    }
    doc.documentElement.classList.toggle("offline", offline);
  };
  window.addEventListener("online", update);
  window.addEventListener("offline", update);
  update();
}
