// How a change kept on the phone is named in lists (the sync bar's refused changes, the
// offline page's waiting ones): what and where, and what it said.
import { t } from "./messages.js";
import { formatDay } from "./time.js";
import { recordContent } from "./recordops.js";

const KINDS = {
  check_in: "kindCheckIn", check_out: "kindCheckOut", note: "kindNote", promise_kept: "kindPromiseKept",
  add_person: "kindAddPerson", edit_person: "kindEditPerson", add_topic: "kindAddTopic", edit_topic: "kindEditTopic",
  new_client: "kindNewClient", edit_client: "kindEditClient", site_here: "kindSiteHere",
  save_day_plan: "kindDayPlan", // webapp/plan
  photo: "kindPhoto", memo: "kindMemo", // a note's file the server refused (syncstate.js)
};

// "Note · Fjord Rør AS"
export function changeTitle(record) {
  return [t(KINDS[record.op.kind] ?? "kindNote"), record.clientName].filter(Boolean).join(" · ");
}

// The note, its new topics and promises, or the promise kept, as one line of text.
export function changeContent(record) {
  const { op } = record;
  return [op.body, ...(op.new_topics || []).map((topic) => topic.title),
    ...(op.promises || []).map((p) => t("promiseDue", { text: p.text, date: formatDay(p.due_date) })),
    record.promise, recordContent(op)].filter(Boolean).join(" · ");
}
