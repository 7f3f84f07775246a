// Changes the server refused stay on the phone until the user fixes or discards them. The
// sync bar gives them one line — "1 change needs your attention", Fix and Discard beside it
// when there is one — and, folded under it, what each was (two lines at most) and why. The
// fold opens by itself for a change not seen yet, and the change counts as seen once the
// fold has been on screen a few seconds or the user folds it: a refused note does not take
// over every page.
import * as outbox from "./outbox.js";
import { t } from "./messages.js";
import { el } from "./dom.js";
import { formatWhen } from "./time.js";
import { markSeen } from "./syncstate.js";
import { changeContent, changeTitle } from "./changes.js";

const SEEN_AFTER_MS = 4000; // long enough to read the line; a reload at once does not count
const openedHere = new Set(); // refused changes this page has unfolded by itself
let current = [];

export function renderRejected(doc, block, records, seen) {
  const details = block.querySelector("details");
  const actions = block.querySelector("[data-rejected-actions]");
  const single = records.length === 1;
  current = records;
  block.hidden = !records.length;
  // Drawn again only when they change, so a tick of the status clock keeps focus on Fix.
  const drawn = JSON.stringify(records.map((r) => [r.id, r.message, r.errors]));
  if (block.dataset.drawn !== drawn) {
    block.dataset.drawn = drawn;
    details.querySelector("ul").replaceChildren(...records.map((record) => item(doc, record, !single)));
    actions.replaceChildren(...(single ? buttons(doc, records[0]) : []));
  }
  actions.hidden = !single;
  if (!records.length) return;
  block.querySelector("[data-rejected-count]").textContent = t("needsAttention", { count: records.length });
  const fresh = records.filter((record) => !seen.has(record.id) && !openedHere.has(record.id));
  if (!fresh.length) return;
  fresh.forEach((record) => openedHere.add(record.id));
  details.open = true;
  details.addEventListener("toggle", () => { if (!details.open) markSeen(current); });
  whileVisible(doc, SEEN_AFTER_MS, () => markSeen(current));
}

// Calls done() once the page has been visible for `ms` in one stretch.
function whileVisible(doc, ms, done) {
  let timer = null;
  const check = () => {
    clearTimeout(timer);
    if (doc.visibilityState !== "visible") return;
    timer = setTimeout(() => {
      doc.removeEventListener("visibilitychange", check);
      done();
    }, ms);
  };
  doc.addEventListener("visibilitychange", check);
  check();
}

function item(doc, record, withButtons) {
  const li = el(doc, "li", "rejected-item");
  li.dataset.opId = record.id;
  const title = el(doc, "p", "rejected-title");
  title.append(el(doc, "strong", "", changeTitle(record)));
  title.append(" ", el(doc, "span", "muted", formatWhen(record.op.at)));
  li.append(title, el(doc, "p", "error", record.message || ""));
  const fields = Object.values(record.errors || {});
  if (fields.length) {
    const list = el(doc, "ul", "error small");
    fields.forEach((message) => list.append(el(doc, "li", "", message)));
    li.append(list);
  }
  // What it was, enough to recognise it: two lines at most (the form shows all of it).
  const content = changeContent(record);
  if (content) li.append(el(doc, "blockquote", "rejected-content", content));
  if (withButtons) {
    const actions = el(doc, "p", "rejected-actions");
    actions.append(...buttons(doc, record));
    li.append(actions);
  }
  return li;
}

// Fix (a note: its form, refilled) and Discard (after asking).
function buttons(doc, record) {
  const { op } = record;
  const found = [];
  if (op.kind === "note" && Number.isInteger(op.client_id)) { // not a client made on the phone: no form page
    const fix = el(doc, "a", "button", t("fix"));
    fix.href = `/clients/${op.client_id}/note?fix=${encodeURIComponent(record.id)}`;
    found.push(fix);
  }
  const discard = el(doc, "button", "button quiet danger", t("discard"));
  discard.type = "button";
  discard.addEventListener("click", () => {
    if (window.confirm(t("discardConfirm"))) outbox.discard(record.id);
  });
  found.push(discard);
  return found;
}
