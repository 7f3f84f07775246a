// Opens the briefing's record forms (field/_record_forms.html) in a dialog instead of their
// own pages, which the phone has not saved: the links keep their addresses for a browser
// without the outbox. Each dialog is filled from the page as it is now, waiting changes
// included (pendingrecords.js keeps the data-* values current), and remembers what it
// showed, so an edit sends only what the rep changed (recordops.js).
import { formValues } from "./recordops.js";
import { t } from "./messages.js";

const NEW_CLIENT = "/clients/new";
const LOCAL_PAGE = "/clients/0";
const FILL = {
  "add-person": (form, link) => ({ clientId: clientOf(link) }),
  "edit-person": (form, link) => {
    const card = link.closest("article.person");
    setFields(form, card.dataset);
    return { contactId: contactOf(card), label: card.dataset.name };
  },
  "add-topic": (form, link) => {
    const card = link.closest("article.person");
    form.querySelector("[data-about]").textContent = t("about", { name: card.dataset.name });
    return { contactId: contactOf(card), label: card.dataset.name };
  },
  "edit-topic": (form, link) => {
    const item = link.closest("li.topic");
    const card = link.closest("article.person");
    form.querySelector("[data-about]").textContent = t("about", { name: card?.dataset.name ?? "" });
    setFields(form, { title: item.querySelector(".topic-title").textContent.trim(), followUp: item.dataset.followUp, status: item.dataset.status || "open" });
    return { topicId: item.dataset.topicId, label: card?.dataset.name ?? "" };
  },
  "edit-client": (form) => {
    const head = document.querySelector("[data-client-record]");
    setFields(form, head.dataset);
    return { clientId: head.dataset.clientId };
  },
};

const clientOf = (link) => link.closest("[data-client-id]")?.dataset.clientId
  ?? document.querySelector("[data-client-record]")?.dataset.clientId;
const contactOf = (card) => card.dataset.contactId || card.dataset.contactRef;

// data-* names (camelCase) → the form's fields (snake_case); radios by value.
function setFields(form, data) {
  for (const [key, value] of Object.entries(data)) {
    const name = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const field = form.elements[name];
    if (!field || value === undefined) continue;
    if (field instanceof RadioNodeList) field.forEach((radio) => { radio.checked = radio.value === value; });
    else field.value = value;
  }
}

function open(dialog, link) {
  const form = dialog.querySelector("form");
  form.reset();
  form.querySelectorAll("p.error, .flash-error").forEach((node) => node.remove());
  form.querySelectorAll("[aria-invalid]").forEach((node) => node.removeAttribute("aria-invalid"));
  for (const key of ["clientId", "contactId", "topicId", "label"]) delete form.dataset[key];
  Object.assign(form.dataset, FILL[link.dataset.dialog](form, link));
  form.dataset.page = link.href; // without IndexedDB after all: the form's own page
  form.dataset.initial = JSON.stringify(formValues(form, form.dataset.op));
  form.elements.op_id.value = crypto.randomUUID();
  dialog.showModal();
  form.querySelector("input:not([type=hidden]):not([type=radio]), textarea")?.focus();
}

export function initRecordForms(doc) {
  doc.addEventListener("click", (event) => {
    // "New client" offline: the form the phone keeps (webapp/phonemade.py).
    const making = event.target.closest?.(`a[href$="${NEW_CLIENT}"]`);
    if (making && !navigator.onLine) {
      event.preventDefault();
      location.assign(LOCAL_PAGE);
      return;
    }
    const link = event.target.closest?.("[data-dialog]");
    const dialog = link && doc.getElementById(`dialog-${link.dataset.dialog}`);
    if (dialog) {
      event.preventDefault();
      open(dialog, link);
      return;
    }
    if (event.target.closest?.("dialog [data-close]")) event.target.closest("dialog").close();
  });
  // A tap on the backdrop (outside the sheet) closes it, as Cancel does.
  for (const dialog of doc.querySelectorAll("dialog.sheet")) {
    dialog.addEventListener("click", (event) => { if (event.target === dialog) dialog.close(); });
  }
}
