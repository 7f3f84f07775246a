// Building elements from text: textContent only, so user text can never become markup.
import { t } from "./messages.js";

export function el(doc, tag, className = "", text = "") {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

// "Waiting to sync" on a change still on the phone, "Synced" once the server has it.
export function badge(doc, record) {
  return record.synced ? el(doc, "span", "badge live", t("synced"))
    : el(doc, "span", "badge warn", t("waitingBadge"));
}
