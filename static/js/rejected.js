// Changes the server rejected stay on the phone, marked, until the user fixes or discards
// them: each shows what it was, the server's reason, and Fix (notes: the form, refilled)
// or Discard (after asking).
import * as outbox from "./outbox.js";
import { t } from "./messages.js";
import { el } from "./dom.js";
import { formatDay, formatWhen } from "./time.js";

const KINDS = { check_in: "kindCheckIn", check_out: "kindCheckOut", note: "kindNote", promise_kept: "kindPromiseKept" };

export function renderRejected(doc, details, records) {
  details.hidden = records.length === 0;
  details.querySelector("ul").replaceChildren(...records.map((record) => item(doc, record)));
  if (!records.length) return;
  if (!details.dataset.shown) {
    details.open = true; // needs attention once; after that the user decides
    details.dataset.shown = "1";
  }
  details.querySelector("summary").textContent = t("rejected", { count: records.length });
}

function item(doc, record) {
  const { op } = record;
  const li = el(doc, "li", "rejected-item");
  li.dataset.opId = record.id;
  const title = el(doc, "p", "rejected-title");
  title.append(el(doc, "strong", "", [t(KINDS[op.kind] ?? "kindNote"), record.clientName].filter(Boolean).join(" · ")));
  title.append(" ", el(doc, "span", "muted", formatWhen(op.at)));
  li.append(title, el(doc, "p", "error", record.message || ""));
  const fields = Object.values(record.errors || {});
  if (fields.length) {
    const list = el(doc, "ul", "error small");
    fields.forEach((message) => list.append(el(doc, "li", "", message)));
    li.append(list);
  }
  const content = [op.body, ...(op.new_topics || []).map((topic) => topic.title),
    ...(op.promises || []).map((p) => t("promiseDue", { text: p.text, date: formatDay(p.due_date) })),
    record.promise].filter(Boolean);
  if (content.length) {
    const quote = el(doc, "blockquote", "rejected-content");
    content.forEach((line) => quote.append(el(doc, "p", "", line)));
    li.append(quote);
  }
  const actions = el(doc, "div", "rejected-actions");
  if (op.kind === "note" && op.client_id) {
    const fix = el(doc, "a", "button", t("fix"));
    fix.href = `/clients/${op.client_id}/note?fix=${encodeURIComponent(record.id)}`;
    actions.append(fix);
  }
  const discard = el(doc, "button", "button quiet danger", t("discard"));
  discard.type = "button";
  discard.addEventListener("click", () => {
    if (window.confirm(t("discardConfirm"))) outbox.discard(record.id);
  });
  actions.append(discard);
  li.append(actions);
  return li;
}
