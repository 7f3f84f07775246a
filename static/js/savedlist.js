// The offline page's list of saved client pages — up to 200 — with a filter box, so the
// client the rep wants is found without scrolling past the others.
import { el } from "./dom.js";

export function initSavedList(doc, pages) {
  const box = doc.getElementById("offline-pages");
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
  const filter = doc.querySelector("[data-saved-filter]");
  if (!pages.length || !filter) return;
  filter.hidden = false;
  const input = filter.querySelector("input");
  const lang = doc.documentElement.lang || undefined;
  const fold = (text) => text.toLocaleLowerCase(lang).normalize("NFD").replace(/\p{M}/gu, "");
  const rows = [...box.children].map((item) => ({ item, text: fold(item.textContent) }));
  input.addEventListener("input", () => {
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const row of rows) {
      row.item.hidden = !words.every((word) => row.text.includes(word));
      if (!row.item.hidden) shown += 1;
    }
    doc.querySelector("[data-no-match]").hidden = shown > 0;
  });
}
