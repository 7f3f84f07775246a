// The note form's messages next to its fields: from the phone's own checks before saving,
// or from the server's answer once a note was refused. A message is tied to its field
// (aria-describedby) and the first marked field gets the focus, so a screen reader reads
// the field's name with what is wrong with it.

// Server error keys → the field they belong to (others are shown above the form).
const FIELDS = {
  body: "body",
  "new_topic.contact_id": "new_topic_contact",
  "new_topic.title": "new_topic_title",
  "new_topic.follow_up": "new_topic_follow_up",
  "promise.text": "promise_text",
  "promise.due_date": "promise_due",
};
const SUFFIX = "-message";

const isMessage = (id) => id.endsWith(SUFFIX) || id.endsWith("-error");

// Takes a field's mark and message away (the server's or this script's).
function unmark(field) {
  const ids = (field.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean);
  for (const id of ids.filter(isMessage)) field.ownerDocument.getElementById(id)?.remove();
  const rest = ids.filter((id) => !isMessage(id));
  if (rest.length) field.setAttribute("aria-describedby", rest.join(" "));
  else field.removeAttribute("aria-describedby");
  field.removeAttribute("aria-invalid");
  field.closest(".field")?.classList.remove("has-error");
}

function clear(form) {
  // What was marked before, by this script or by the server's last answer, is checked anew.
  form.querySelectorAll("[aria-invalid]").forEach(unmark);
  form.querySelectorAll("p.error").forEach((node) => node.remove());
  form.querySelectorAll(".has-error").forEach((node) => node.classList.remove("has-error"));
}

// A field the rep changes loses its message: it may be right now, and the next save checks.
export function unmarkOnInput(form) {
  form.addEventListener("input", (event) => {
    if (event.target.getAttribute?.("aria-invalid") === "true") unmark(event.target);
  });
}

function mark(field, message) {
  const note = field.ownerDocument.createElement("p");
  note.className = "error";
  note.id = `${field.id || field.name}${SUFFIX}`;
  note.textContent = message;
  field.closest(".field")?.classList.add("has-error");
  field.setAttribute("aria-invalid", "true");
  const described = field.getAttribute("aria-describedby");
  field.setAttribute("aria-describedby", described ? `${described} ${note.id}` : note.id);
  field.after(note);
}

// Marks each field `errors` names; the rest (and `summary`) go above the form. Returns how
// many fields it marked: when they say it, no toast needs to.
export function showErrors(form, errors, summary = "") {
  clear(form);
  const loose = [];
  for (const [key, message] of Object.entries(errors)) {
    const field = form.elements[FIELDS[key] ?? key];
    if (field?.closest) mark(field, message);
    else loose.push(message);
  }
  if (summary || loose.length) {
    const alert = form.ownerDocument.createElement("p");
    alert.className = "flash flash-error error";
    alert.setAttribute("role", "alert");
    alert.textContent = [summary, ...loose].filter(Boolean).join(" ");
    form.prepend(alert);
  }
  const marked = form.querySelectorAll("[aria-invalid=true]");
  marked[0]?.focus();
  return marked.length;
}
