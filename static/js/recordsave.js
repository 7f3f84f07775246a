// Saving a record form (recordops.js) through the outbox, as forms.js does for notes: the
// operation is stored on the phone and confirmed at once, the form's dialog closes and the
// page shows the change as waiting (pendingrecords.js). When the push answers quickly the
// page is loaded again with the server's copy; a refusal is shown with its reason.
import * as outbox from "./outbox.js";
import { t } from "./messages.js";
import { showErrors } from "./fielderrors.js";
import { recordOperation } from "./recordops.js";
import { requestBackgroundSync, syncNow } from "./autosync.js";
import { carryOver, hideToast, toast } from "./toast.js";
import { clientPage, idOf } from "./refs.js";

const QUICK_MS = 3000;
const DONE = {
  add_person: "personSaved", edit_person: "personSaved", add_topic: "topicSaved", edit_topic: "topicSaved",
  new_client: "clientSaved", edit_client: "clientSaved", site_here: "siteSaved",
};

// What lists of changes show for it: the client, and the person or topic by name.
function summary(form, op) {
  const page = document.querySelector("[data-client-name]");
  const clientId = op.kind === "new_client" ? op.id : idOf(form.dataset.clientId || page?.dataset.clientId);
  const clientName = op.kind === "new_client" ? op.name : form.dataset.clientName || page?.dataset.clientName || "";
  return { clientId, clientName, label: form.dataset.label || "" };
}

// Resolves with the operation stored, or null (nothing to save, or the form has errors).
export async function saveRecord(form, userId) {
  const { op, errors } = recordOperation(form, form.dataset.op);
  if (!op) {
    if (Object.keys(errors).length) showErrors(form, errors);
    else form.closest("dialog")?.close(); // an edit that changed nothing
    return null;
  }
  showErrors(form, {});
  const record = summary(form, op);
  try {
    await outbox.add(userId, op, record);
  } catch {
    // No usable IndexedDB (private mode, full disk): the form's own page posts it.
    if (form.dataset.page) location.assign(form.dataset.page);
    return null;
  }
  toast(document, t("savedOnPhone"));
  if (form.elements.op_id) form.elements.op_id.value = crypto.randomUUID();
  form.closest("dialog")?.close();
  document.dispatchEvent(new CustomEvent("folka:saved", { detail: { op } }));
  requestBackgroundSync();
  const result = await Promise.race([syncNow(), new Promise((resolve) => setTimeout(resolve, QUICK_MS))]);
  const applied = Boolean(result?.applied?.some((r) => r.id === op.id));
  if (applied) carryOver(t(DONE[op.kind]));
  const next = nextPage(op, applied);
  if (next) {
    location.assign(next);
    return op;
  }
  const stored = result && (await outbox.get(op.id));
  if (stored?.status === "rejected") {
    hideToast(document);
    toast(document, stored.message);
  }
  return op;
}

// Where to go after saving: a new client's page once synced (until then the phone-made
// client's page shows it); this page again, with the server's copy, when the change was
// applied at once.
function nextPage(op, applied) {
  const local = document.body.dataset.localPage !== undefined;
  if (op.kind === "new_client") return applied ? clientPage(op.id) : null;
  return applied && !local ? location.pathname + location.search : null;
}
