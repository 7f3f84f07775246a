// The phone's record forms (add or edit a person, a personal topic or a client; a new
// client; the client's site; each marked data-outbox) as operations, in the shape webapp/sync applies (README, "The sync
// protocol"). An edit sends only the fields the rep changed: each field is last-writer-wins
// on the server, so a field left alone here must not overwrite another device's change.
import { t } from "./messages.js";
import { idOf } from "./refs.js";
import { OP_VERSION } from "./opformat.js";

const PERSON = ["name", "title", "phone", "email"];
const TOPIC = ["title", "follow_up"];
const FIELDS = {
  add_person: PERSON,
  edit_person: PERSON,
  add_topic: TOPIC,
  edit_topic: [...TOPIC, "status"],
  new_client: ["name", "address", "city", "country", "rhythm_days"],
  edit_client: ["name", "address", "city", "rhythm_days", "access_notes"],
  site_here: [],
};
const REQUIRED = { add_person: "name", edit_person: "name", add_topic: "title", edit_topic: "title", new_client: "name", edit_client: "name" };
const TARGET = { add_person: "client_id", edit_person: "contact_id", add_topic: "contact_id", edit_topic: "topic_id", edit_client: "client_id", site_here: "client_id" };

export const isRecordKind = (kind) => kind in FIELDS;

function read(form, name) {
  if (name === "rhythm_days") {
    const weeks = form.elements.rhythm_weeks?.value.trim();
    return weeks ? Number(weeks) * 7 : "";
  }
  const field = form.elements[name];
  if (!field) return undefined;
  return (field.value ?? "").trim(); // a RadioNodeList's value is the checked radio's
}

// The form's values, as the phone shows them and an edit compares them.
export function formValues(form, kind) {
  const values = {};
  for (const name of FIELDS[kind]) {
    const value = read(form, name);
    if (value !== undefined) values[name] = value;
  }
  return values;
}

// What the server would refuse for sure; {} when the form may be saved.
function problems(form, kind, values) {
  const errors = {};
  const required = REQUIRED[kind];
  if (required && !values[required]) errors[required] = t("fillThisIn");
  // The server's patterns (webapp/sync/fields.py).
  if (values.email && !/^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/.test(values.email)) errors.email = t("emailInvalid");
  const digits = (values.phone ?? "").replace(/\D/g, "").length;
  if (values.phone && (!/^\+?[0-9][0-9 ()./-]*$/.test(values.phone) || digits < 5)) errors.phone = t("phoneInvalid");
  const weeks = form.elements.rhythm_weeks;
  if (weeks && !weeks.validity.valid) errors.rhythm_weeks = t("rhythmRange");
  return errors;
}

function position(form) {
  const found = {};
  for (const key of ["lat", "lon", "accuracy"]) {
    const text = form.elements[key]?.value ?? "";
    if (text !== "" && Number.isFinite(Number(text))) found[key] = Number(text);
  }
  return "lat" in found && "lon" in found ? found : {};
}

// {op, errors}; op is null when the form has errors or an edit changed nothing.
export function recordOperation(form, kind) {
  const values = formValues(form, kind);
  const errors = problems(form, kind, values);
  if (Object.keys(errors).length) return { op: null, errors };
  const op = { id: form.elements.op_id?.value || crypto.randomUUID(), kind, at: new Date().toISOString(), v: OP_VERSION };
  const target = TARGET[kind];
  if (target) op[target] = idOf(form.dataset[target.replace("_id", "Id")]);
  if (kind.startsWith("edit_")) {
    const before = JSON.parse(form.dataset.initial || "{}");
    const fields = Object.fromEntries(Object.entries(values).filter(([name, value]) => value !== (before[name] ?? "")));
    if (!Object.keys(fields).length) return { op: null, errors };
    op.fields = fields;
  } else {
    // A new record: empty optional fields are left out.
    Object.assign(op, Object.fromEntries(Object.entries(values).filter(([, value]) => value !== "")));
    if (kind === "new_client" || kind === "site_here") Object.assign(op, position(form));
  }
  return { op, errors };
}

// One line naming what a record operation holds, for lists of changes (changes.js).
export function recordContent(op) {
  const values = op.fields ?? op;
  return ["name", "title", "follow_up", "address", "city", "access_notes"]
    .map((name) => values[name]).filter((value) => typeof value === "string" && value).join(" · ");
}
