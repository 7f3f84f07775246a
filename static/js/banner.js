// The offline banner. A page answered from the phone's cache — or any page while the
// network is gone — says so, and when it was last updated: the server stamps the time it
// rendered the page on <body data-rendered-at>, and a cached copy keeps that stamp.
import { t } from "./messages.js";
import { formatWhen } from "./time.js";

export async function initBanner(doc, servedFromCache) {
  const banner = doc.getElementById("offline-banner");
  if (!banner) return;
  const cached = await servedFromCache();
  // A server message such as "Checked in." belongs to when the copy was saved, not to now.
  if (cached) doc.querySelectorAll("#main > .flashes:not([data-js])").forEach((node) => node.remove());
  const update = () => {
    const offline = !navigator.onLine;
    banner.hidden = !offline && !cached;
    const text = t("offlineBanner", { time: formatWhen(doc.body.dataset.renderedAt) });
    banner.replaceChildren(text);
    if (cached && !offline) {
      // The network answers again (or was only slow): offer the fresh page.
      const reload = doc.createElement("a");
      reload.href = location.href;
      reload.textContent = t("reload");
      banner.append(" ", reload);
    }
    doc.documentElement.classList.toggle("offline", !banner.hidden);
  };
  window.addEventListener("online", update);
  window.addEventListener("offline", update);
  update();
}
