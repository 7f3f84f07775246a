// "Someone new" on the note form: the rep met a person not on record yet. Name and role are
// added inline; the person becomes a chip under "Who did you meet?" (ticked) and a choice
// for a new personal topic, named by a UUID made here. Saving the note queues an add_person
// operation under that UUID before the note, so the server has the person when the note
// names them. People added earlier on this phone (on the briefing, still waiting) are
// offered the same way.
import * as outbox from "./outbox.js";
import { el } from "./dom.js";
import { t } from "./messages.js";
import { idOf } from "./refs.js";
import { OP_VERSION } from "./opformat.js";

const added = new WeakMap(); // form → Map(ref → {name, title}) of people added on this form

export async function initSomeoneNew(form, userId) {
  const box = form?.querySelector("[data-someone-new]");
  if (!box) return;
  const panel = box.querySelector("[data-someone-panel]");
  const toggle = box.querySelector("[data-someone-toggle]");
  const name = panel.querySelector("input[name=new_person_name]");
  const title = panel.querySelector("input[name=new_person_title]");
  added.set(form, new Map());
  box.hidden = false;
  toggle.addEventListener("click", () => {
    panel.hidden = !panel.hidden;
    toggle.setAttribute("aria-expanded", String(!panel.hidden));
    if (!panel.hidden) name.focus();
  });
  const add = () => {
    const problem = name.value.trim() ? "" : t("fillThisIn");
    panel.querySelector("[data-someone-error]").textContent = problem;
    if (problem) name.setAttribute("aria-invalid", "true");
    else name.removeAttribute("aria-invalid");
    if (problem) return name.focus();
    const ref = crypto.randomUUID();
    const person = { name: name.value.trim(), title: title.value.trim() };
    added.get(form).set(ref, person);
    offer(form, ref, person, true);
    name.value = title.value = "";
    panel.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  };
  panel.querySelector("[data-someone-add]").addEventListener("click", add);
  // Enter in a field adds the person, not the note.
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches("input")) {
      event.preventDefault();
      add();
    }
  });
  await offerWaitingPeople(form, userId).catch(() => {});
}

// A person as a chip (met) and as a choice for the new personal topic.
function offer(form, ref, person, met) {
  const doc = form.ownerDocument;
  const chips = form.querySelector("[data-met-chips]");
  const label = el(doc, "label", "chip new-person");
  const box = el(doc, "input");
  Object.assign(box, { type: "checkbox", name: "contact", value: ref, checked: met });
  label.append(box, ` ${person.name}`);
  chips.append(label);
  form.querySelector("[data-no-people]")?.setAttribute("hidden", "");
  const select = form.elements.new_topic_contact;
  if (select) {
    const option = el(doc, "option", "", person.name);
    option.value = ref;
    select.append(option);
    select.closest("fieldset").hidden = false;
  }
}

// People added on this phone at this client and not synced yet.
export async function offerWaitingPeople(form, userId) {
  const clientId = idOf(form.dataset.clientId);
  const records = (await outbox.all()).filter((r) => r.userId === userId && r.status !== "rejected");
  const names = new Map();
  for (const { op } of records) {
    if (op.kind === "add_person" && op.client_id === clientId) names.set(op.id, { name: op.name, title: op.title });
    if (op.kind === "edit_person" && names.has(op.contact_id) && op.fields.name) names.get(op.contact_id).name = op.fields.name;
  }
  for (const [ref, person] of names) {
    if (!form.querySelector(`input[name=contact][value="${CSS.escape(ref)}"]`)) offer(form, ref, person, false);
  }
}

// Before the note is stored: one add_person operation per person added on this form.
export async function queueNewPeople(form, userId, client) {
  const people = added.get(form);
  if (!people?.size) return;
  for (const [ref, person] of people) {
    const op = { id: ref, kind: "add_person", at: new Date().toISOString(), v: OP_VERSION, client_id: client.id, name: person.name };
    if (person.title) op.title = person.title;
    await outbox.add(userId, op, { clientId: client.id, clientName: client.name, label: person.name });
  }
  people.clear(); // a second save of the same form (after a refusal) does not add them again
}
