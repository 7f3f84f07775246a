// Changes still on the phone, shown where they belong: a note on its client's briefing with
// its promises under "Open promises" and its topics on the person cards (pendingpromises.js,
// pendingtopics.js), a check-in as the checked-in state (briefing and Today), a kept
// promise on its promise. Once synced they stay shown (as saved) until a reload, since the
// page predates them.
import * as outbox from "./outbox.js";
import { badge, el } from "./dom.js";
import { t } from "./messages.js";
import { formatDay, formatWhen } from "./time.js";
import { renderToday, renderVisit } from "./visit.js";
import { renderPromises } from "./pendingpromises.js";
import { renderTopics } from "./pendingtopics.js";
import { renderFiles } from "./pendingfiles.js";
import { renderRecords } from "./pendingrecords.js";
import { renderIntroduced } from "./pendingintroduced.js";
import { idOf } from "./refs.js";

export async function initPending(doc) {
  const userId = Number(doc.body.dataset.userId);
  if (!userId) return;
  const shown = new Map();
  const render = async () => {
    const records = (await outbox.all()).filter((r) => r.userId === userId);
    const present = new Set(records.map((r) => r.id));
    for (const r of records) {
      if (r.status === "pending") shown.set(r.id, { ...r, synced: false });
      else shown.delete(r.id); // rejected: listed in the sync status instead
    }
    for (const [id, r] of shown) if (!present.has(id)) r.synced = true;
    const list = [...shown.values()].sort((a, b) => a.seq - b.seq);
    notes(doc, list);
    renderFiles(doc, list); // the notes' photos and memos ("2 photos, 1 voice memo waiting")
    renderVisit(doc, list);
    renderPromises(doc, list);
    renderTopics(doc, list);
    renderRecords(doc, list); // people, topics and clients changed on the phone
    renderIntroduced(doc, list); // a person the new owner has met (after a hand-over)
    renderToday(doc, list);
  };
  outbox.onChange((detail) => {
    if (detail?.type === "meta") return; // sync bookkeeping: nothing to show here
    if (detail?.type === "discarded") shown.delete(detail.id);
    render();
  });
  await render();
}

function notes(doc, list) {
  const box = doc.getElementById("pending-notes");
  if (!box) return;
  const clientId = idOf(box.dataset.clientId); // a client made on the phone: its UUID
  const mine = list.filter((r) => r.op.kind === "note" && r.op.client_id === clientId).reverse();
  box.replaceChildren(...mine.map((r) => {
    const card = el(doc, "article", "note pending");
    card.dataset.opId = r.id;
    const meta = el(doc, "p", "muted");
    meta.append(badge(doc, r), " ", formatWhen(r.op.at));
    card.append(meta, el(doc, "p", "", r.op.body));
    if (r.contacts?.length) card.append(el(doc, "p", "muted small", t("met", { names: r.contacts.join(", ") })));
    const topics = [...(r.topics || []), ...r.op.new_topics.map((topic) => topic.title)];
    if (topics.length) card.append(el(doc, "p", "muted small", t("topics", { titles: topics.join(", ") })));
    for (const p of r.op.promises) {
      card.append(el(doc, "p", "muted small", t("promiseDue", { text: p.text, date: formatDay(p.due_date) })));
    }
    return card;
  }));
  const empty = box.nextElementSibling; // "No notes yet."
  if (empty?.matches("p.muted")) empty.hidden = mine.length > 0;
}
