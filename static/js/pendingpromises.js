// Promises on the briefing as the changes still on the phone leave them: a promise made in
// a waiting note is listed under "Open promises", and a promise marked kept shows so; both
// marked "waiting to sync" (or "synced" once the server has them, until a reload).
import { badge, el } from "./dom.js";
import { t } from "./messages.js";
import { formatDay } from "./time.js";

export function renderPromises(doc, list) {
  made(doc, list);
  kept(doc, list);
}

function made(doc, list) {
  const section = doc.querySelector("section[aria-labelledby=promises-h]");
  const clientId = Number(doc.getElementById("pending-notes")?.dataset.clientId);
  if (!section || !clientId) return;
  const notes = list.filter((r) => r.op.kind === "note" && r.op.client_id === clientId);
  const items = notes.flatMap((r) => (r.op.promises || []).map((promise) => item(doc, promise, r)));
  let box = section.querySelector("#pending-promises");
  if (!box && !items.length) return;
  if (!box) {
    box = el(doc, "ul", "promises");
    box.id = "pending-promises";
    section.querySelector("h2").after(box);
  }
  box.replaceChildren(...items);
  const empty = section.querySelector(":scope > p.muted"); // "No open promises."
  if (empty) empty.hidden = items.length > 0;
}

function item(doc, promise, record) {
  const li = el(doc, "li", "promise pending");
  li.dataset.promiseId = promise.id;
  const text = el(doc, "div");
  const due = el(doc, "p", "muted");
  due.append(badge(doc, record), " ", t("due", { date: formatDay(promise.due_date) }));
  text.append(el(doc, "p", "", promise.text), due);
  li.append(text);
  return li;
}

function kept(doc, list) {
  for (const r of list.filter((record) => record.op.kind === "promise_kept")) {
    const form = doc.querySelector(`form[data-promise-id="${CSS.escape(r.op.promise_id)}"]`);
    if (!form) continue;
    form.hidden = true;
    // Under the promise's text, so the text keeps its width on a phone.
    const text = form.closest("li")?.querySelector(":scope > div") ?? form.parentElement;
    const mark = text.querySelector(".kept-mark") ?? el(doc, "span");
    mark.className = `badge kept-mark ${r.synced ? "live" : "warn"}`;
    mark.textContent = r.synced ? t("kept") : t("keptWaiting");
    text.append(mark);
  }
}
