// How a change kept on the phone is named in lists (the sync bar's refused changes, the
// offline page's waiting ones): what and where, and what it said.
import { t } from "./messages.js";
import { formatDay } from "./time.js";

const KINDS = { check_in: "kindCheckIn", check_out: "kindCheckOut", note: "kindNote", promise_kept: "kindPromiseKept", photo: "kindPhoto", memo: "kindMemo" };

// "Note · Fjord Rør AS"
export function changeTitle(record) {
  return [t(KINDS[record.op.kind] ?? "kindNote"), record.clientName].filter(Boolean).join(" · ");
}

// The note, its new topics and promises, or the promise kept, as one line of text.
export function changeContent(record) {
  const { op } = record;
  return [op.body, ...(op.new_topics || []).map((topic) => topic.title),
    ...(op.promises || []).map((p) => t("promiseDue", { text: p.text, date: formatDay(p.due_date) })),
    record.promise].filter(Boolean).join(" · ");
}
