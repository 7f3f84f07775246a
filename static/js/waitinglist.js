// The offline page lists the changes waiting on this phone, so the rep sees that the note
// written in the car is safe while the page they wanted is not there.
import * as outbox from "./outbox.js";
import { el } from "./dom.js";
import { formatWhen } from "./time.js";
import { changeContent, changeTitle } from "./changes.js";

export function initWaiting(doc, userId) {
  const section = doc.querySelector("[data-waiting]");
  if (!section) return;
  const render = async () => {
    const records = (await outbox.all()).filter((r) => r.status === "pending" && (!userId || r.userId === userId));
    section.hidden = !records.length;
    section.querySelector("[data-waiting-list]").replaceChildren(...records.map((record) => item(doc, record)));
  };
  outbox.onChange((detail) => { if (detail?.type !== "meta") render(); });
  return render().catch(() => {});
}

function item(doc, record) {
  const li = el(doc, "li", "waiting-item");
  const title = el(doc, "p", "waiting-title");
  title.append(el(doc, "strong", "", changeTitle(record)), " ", el(doc, "span", "muted", formatWhen(record.op.at)));
  li.append(title);
  const content = changeContent(record);
  if (content) li.append(el(doc, "p", "waiting-content muted", content));
  return li;
}
