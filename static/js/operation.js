// The operation a form stands for, in the shape webapp/operations.py applies (the note's
// fields come from noteform.js), and where the server would redirect after posting it.
import { noteOperation } from "./noteform.js";
import { clientPage, idOf } from "./refs.js";
import { OP_VERSION } from "./opformat.js";

export function operation(form, kind, position) {
  // v: the outbox format (opformat.js); since 2 a client or person may be named by its UUID.
  const op = { id: form.elements.op_id?.value || crypto.randomUUID(), kind, at: new Date().toISOString(), v: OP_VERSION };
  if (kind === "check_in") Object.assign(op, { client_id: idOf(form.dataset.clientId) }, position);
  if (kind === "check_out") Object.assign(op, { visit_id: form.dataset.visitId }, position);
  if (kind === "promise_kept") Object.assign(op, { promise_id: form.dataset.promiseId, kept: form.elements.kept?.value !== "0" });
  if (kind === "mark_introduced") Object.assign(op, { contact_id: idOf(form.dataset.contactId) });
  if (kind === "note") Object.assign(op, noteOperation(form));
  return op;
}

export function clientOf(form) {
  const page = document.querySelector("[data-client-name]");
  return {
    id: idOf(form.dataset.clientId || page?.dataset.clientId),
    name: form.dataset.clientName || page?.dataset.clientName || "",
  };
}

export function promiseText(form) {
  return form.closest("li")?.querySelector("p")?.textContent.trim() ?? "";
}

// Where the server would redirect after the post (see webapp/field.py): a check-out leads
// to the note form unless the visit has its note (`noted`). A client made on this phone has
// one page for all of it until it is synced (refs.js).
export function destination(kind, op, clientId, noted = false) {
  const page = clientPage(clientId);
  if (kind === "check_out" && !noted && !page.includes("#")) return `${page}/note?visit=${encodeURIComponent(op.visit_id)}`;
  return page;
}
