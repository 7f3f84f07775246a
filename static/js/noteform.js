// The note form as an operation — the same shape as note_operation() in webapp/field.py —
// the checks the server would certainly refuse, and refilling the form to fix a note the
// server rejected (/clients/<id>/note?fix=<operation id>).
import * as outbox from "./outbox.js";
import { t } from "./messages.js";
import { dueDateProblem, showPastWarning } from "./duedate.js";
import { showErrors } from "./fielderrors.js";
import { idOf } from "./refs.js";

const value = (form, name) => form.elements[name]?.value ?? "";
const ticked = (form, name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)];
const label = (box) => box.closest("label")?.textContent.trim() ?? "";

export function noteOperation(form) {
  const op = {
    client_id: idOf(form.dataset.clientId),
    body: value(form, "body"),
    contacts_met: ticked(form, "contact").map((box) => idOf(box.value)), // a row id, or a new person's UUID
    topics: ticked(form, "topic").map((box) => ({
      id: box.value,
      status: value(form, `status-${box.value}`) || "open",
      follow_up: value(form, `follow_up-${box.value}`),
    })),
    new_topics: [],
    promises: [],
  };
  if (value(form, "visit_id")) op.visit_id = value(form, "visit_id");
  if (value(form, "new_topic_title").trim() || value(form, "new_topic_follow_up").trim()) {
    op.new_topics.push({
      id: value(form, "new_topic_id"),
      contact_id: idOf(value(form, "new_topic_contact")),
      title: value(form, "new_topic_title"),
      follow_up: value(form, "new_topic_follow_up"),
    });
  }
  if (value(form, "promise_text").trim() || value(form, "promise_due").trim()) {
    op.promises.push({ id: value(form, "promise_id"), text: value(form, "promise_text"), due_date: value(form, "promise_due") });
  }
  return op;
}

// What the briefing shows of a note still on the phone (names, not ids).
export function noteSummary(form) {
  return {
    contacts: ticked(form, "contact").map(label),
    topics: ticked(form, "topic").map(label),
  };
}

// Marks what the server would refuse for sure (the same limits); true when the note may be
// saved.
export function checkNote(form) {
  const errors = {};
  const has = (name) => value(form, name).trim() !== "";
  if (!has("body")) errors.body = t("fillThisIn");
  const due = form.elements.promise_due;
  const promised = has("promise_text") || has("promise_due") || due?.validity?.badInput;
  if (promised && !has("promise_text")) errors["promise.text"] = t("fillThisIn");
  const dueProblem = promised ? dueDateProblem(due) : "";
  if (dueProblem) errors["promise.due_date"] = dueProblem;
  if (has("new_topic_follow_up") && !has("new_topic_title")) errors["new_topic.title"] = t("fillThisIn");
  showErrors(form, errors);
  return Object.keys(errors).length === 0;
}

// On /clients/<id>/note?fix=<id>: refill the form from the rejected note and show why.
export async function initFix(form) {
  const id = new URL(location.href).searchParams.get("fix");
  const record = id && (await outbox.get(id));
  if (!record || record.op.kind !== "note") return;
  const { op } = record;
  const set = (name, text) => { if (form.elements[name]) form.elements[name].value = text ?? ""; };
  const tick = (name, values) => form.querySelectorAll(`input[name="${name}"]`)
    .forEach((box) => { box.checked = values.includes(box.value); });
  set("body", op.body);
  set("visit_id", op.visit_id);
  tick("contact", op.contacts_met.map(String));
  tick("topic", op.topics.map((topic) => topic.id));
  for (const topic of op.topics) {
    const status = form.querySelector(`input[name="status-${topic.id}"][value="${topic.status}"]`);
    if (status) status.checked = true;
    set(`follow_up-${topic.id}`, topic.follow_up);
  }
  const [topic] = op.new_topics;
  if (topic) { set("new_topic_contact", topic.contact_id); set("new_topic_title", topic.title); set("new_topic_follow_up", topic.follow_up); }
  const [promise] = op.promises;
  if (promise) { set("promise_text", promise.text); set("promise_due", promise.due_date); }
  showPastWarning(form.elements.promise_due);
  form.dataset.replaces = record.id; // saving stores a corrected copy and drops this one
  form.elements.body?.dispatchEvent(new Event("input")); // the character counter
  showErrors(form, record.errors || {}, record.message);
}
