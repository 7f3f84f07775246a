// The offline page: lists the pages saved on this phone (the service worker's index of
// them) and reloads the page the rep wanted as soon as the network is back.
import { el } from "./dom.js";
import { OFFLINE_INDEX } from "./names.js";

async function savedPages() {
  if (!("caches" in window)) return [];
  const index = await caches.match(OFFLINE_INDEX);
  return index ? (await index.json()).pages : [];
}

async function list(doc) {
  const box = doc.getElementById("offline-pages");
  const pages = (await savedPages()).filter((page) => page.kind === "briefing");
  for (const page of pages) {
    const link = el(doc, "a", "client-row");
    link.href = page.url;
    const main = el(doc, "span", "client-main");
    main.append(el(doc, "strong", "", page.title), el(doc, "span", "muted", page.city || ""));
    link.append(main);
    const item = el(doc, "li");
    item.append(link);
    box.append(item);
  }
}

// Chromium can announce "online" while a page starts under emulated or flaky network:
// reload only when the browser still believes it a moment later.
window.addEventListener("online", () => {
  setTimeout(() => { if (navigator.onLine) location.reload(); }, 1000);
});
list(document);
