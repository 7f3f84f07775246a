// The operation a form stands for, in the shape webapp/operations.py applies (the note's
// fields come from noteform.js), and where the server would redirect after posting it.
import { noteOperation } from "./noteform.js";

export function operation(form, kind, position) {
  const op = { id: form.elements.op_id?.value || crypto.randomUUID(), kind, at: new Date().toISOString() };
  if (kind === "check_in") Object.assign(op, { client_id: Number(form.dataset.clientId) }, position);
  if (kind === "check_out") Object.assign(op, { visit_id: form.dataset.visitId }, position);
  if (kind === "promise_kept") Object.assign(op, { promise_id: form.dataset.promiseId, kept: form.elements.kept?.value !== "0" });
  if (kind === "note") Object.assign(op, noteOperation(form));
  return op;
}

export function clientOf(form) {
  const page = document.querySelector("[data-client-name]");
  return {
    id: Number(form.dataset.clientId || page?.dataset.clientId) || null,
    name: form.dataset.clientName || page?.dataset.clientName || "",
  };
}

export function promiseText(form) {
  return form.closest("li")?.querySelector("p")?.textContent.trim() ?? "";
}

// Where the server would redirect after the post (see webapp/field.py): a check-out leads
// to the note form unless the visit has its note (`noted`).
export function destination(kind, op, clientId, noted = false) {
  if (kind === "check_out" && !noted) return `/clients/${clientId}/note?visit=${encodeURIComponent(op.visit_id)}`;
  return `/clients/${clientId}`;
}
