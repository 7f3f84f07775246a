// Check in, check out, note and promise kept go through the outbox: the operation is
// stored on the phone first and confirmed at once, then pushed. When the push answers
// quickly the page goes where the form post would have gone; otherwise the page shows the
// change as waiting. Without IndexedDB or JavaScript the forms simply post.
import * as outbox from "./outbox.js";
import { currentPosition } from "./geolocate.js";
import { t } from "./messages.js";
import { checkNote, initFix, noteSummary } from "./noteform.js";
import { showErrors, unmarkOnInput } from "./fielderrors.js";
import { clientOf, destination, operation, promiseText } from "./operation.js";
import { requestBackgroundSync, syncNow } from "./autosync.js";
import { carryOver, hideToast, toast } from "./toast.js";
import { visitNote, watchNotes } from "./checkout.js";
import { formatMinutes } from "./time.js";
import { attachedFiles, clearAttached, initAttachments } from "./attach.js";
import { isRecordKind } from "./recordops.js";
import { saveRecord } from "./recordsave.js";
import { queueNewPeople } from "./someonenew.js";

const QUICK_MS = 3000; // a push answered within this counts as "online"
const POSITION_MS = 4000; // a slow GPS fix must not hold up the confirmation for long
const IDS = ["op_id", "new_topic_id", "promise_id"];
const DONE = { check_in: "checkedIn", check_out: "checkedOut", note: "noteSaved", promise_kept: "promiseKept" };

export function outboxAvailable() {
  return "indexedDB" in window && typeof crypto.randomUUID === "function";
}

export function initOutboxForms(doc) {
  // A page from the cache carries ids already used: every page view gets fresh ones.
  for (const name of IDS) doc.querySelectorAll(`input[name=${name}]`).forEach(renew);
  const note = doc.querySelector("form[data-op=note]");
  if (note) {
    // The visit comes from the address (?visit=), as on the server; a cached copy may
    // carry the visit it was saved with.
    const visit = new URL(location.href).searchParams.get("visit") ?? "";
    if (note.elements.visit_id) note.elements.visit_id.value = visit;
    initFix(note);
    initAttachments(note); // photos and voice memos, stored with the note
    unmarkOnInput(note);
  }
  if (doc.getElementById("visit-actions")) watchNotes(Number(doc.body.dataset.userId));
  doc.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches("form[data-op]") || event.defaultPrevented) return;
    // The record pages' forms (webapp/manage.py) post, online: the server compares them with
    // what they showed. The phone's own record forms (data-outbox) go through the outbox.
    if (isRecordKind(form.dataset.op) && !form.hasAttribute("data-outbox")) return;
    event.preventDefault();
    if (!form.dataset.busy) save(form); // busy: a double tap
  });
}

function renew(input) {
  input.value = crypto.randomUUID();
}

async function save(form) {
  const userId = Number(document.body.dataset.userId);
  if (!userId) return form.submit(); // not logged in: the post leads to the login page
  const kind = form.dataset.op;
  if (isRecordKind(kind)) return busy(form, () => saveRecord(form, userId));
  if (kind === "note" && !checkNote(form)) return;
  form.dataset.busy = "1";
  const buttons = form.querySelectorAll("button");
  buttons.forEach((button) => { button.disabled = true; });
  try {
    // The geolocation timeout does not run while the permission prompt is open: race it.
    const locating = form.hasAttribute("data-geolocate") ? currentPosition(POSITION_MS) : null;
    const position = locating && (await Promise.race([locating, wait(POSITION_MS + 500)]));
    const op = operation(form, kind, position);
    const minutes = kind === "check_out" ? await visitNote(form, op, userId) : null;
    const client = clientOf(form);
    const summary = kind === "note" ? noteSummary(form) : { promise: promiseText(form) };
    // Photos were made smaller when chosen: here they are only handed to the outbox.
    const files = kind === "note" ? await attachedFiles(form) : [];
    if (files.length) op.attachments = files.map(({ id, kind: what, type, size }) => ({ id, kind: what, type, size }));
    try {
      if (kind === "note") await queueNewPeople(form, userId, client); // met for the first time
      const place = { clientId: client.id, clientName: client.name };
      await outbox.add(userId, op, { ...place, ...summary }, files.map((file) => ({ ...file, ...place })));
    } catch {
      return postInstead(form, op); // no usable IndexedDB (private mode, full disk)
    }
    if (form.dataset.replaces) await outbox.discard(form.dataset.replaces);
    document.dispatchEvent(new CustomEvent("folka:saved", { detail: { op } })); // sitehere.js
    const notice = particular(op, minutes);
    toast(document, notice ? `${notice} ${t("savedOnPhone")}` : t("savedOnPhone"));
    if (files.length) setTimeout(() => clearAttached(form)); // after the confirmation shows
    for (const name of IDS) if (form.elements[name]) renew(form.elements[name]);
    requestBackgroundSync();
    const target = destination(kind, op, client.id, minutes !== null);
    const done = notice || form.dataset.doneMessage || t(DONE[kind]); // the page's words, else ours
    await goOn(form, op, await Promise.race([syncNow(), wait(QUICK_MS)]), target, done);
  } finally {
    delete form.dataset.busy;
    buttons.forEach((button) => { button.disabled = false; });
  }
}

// What a change has to say beyond "done", as webapp/field.py does: a check-in without a
// position, a check-out after the note. "" for nothing.
function particular(op, minutes) {
  if (op.kind === "check_in" && !("lat" in op)) return t("checkedInNoPosition");
  if (op.kind === "check_out" && minutes !== null) return t("checkedOutNoted", { duration: formatMinutes(minutes) });
  return "";
}

// After a quick push: go where the post would have gone, or say why the server refused.
async function goOn(form, op, result, target, done) {
  if (result?.applied?.some((record) => record.id === op.id)) {
    carryOver(done);
    return location.assign(target);
  }
  const record = result && (await outbox.get(op.id));
  if (record?.status === "rejected") {
    const marked = op.kind === "note" && showErrors(form, record.errors || {}, record.message);
    if (op.kind === "note") form.dataset.replaces = op.id; // saving again replaces the refused copy
    // The fields say why; a toast would cover them.
    if (marked) hideToast(document);
    else toast(document, record.message);
  } else if (target !== location.pathname + location.search + location.hash && (await reachable(target))) {
    carryOver(t("savedOnPhone"));
    location.assign(target);
  }
}

function postInstead(form, op) {
  for (const key of ["lat", "lon", "accuracy"]) {
    if (form.elements[key] && key in op) form.elements[key].value = op[key];
  }
  form.submit();
}

// Offline, only go to a page the service worker has saved.
async function reachable(url) {
  if (navigator.onLine) return true;
  const path = new URL(url, location.href).pathname;
  return Boolean(await globalThis.caches?.match(path, { ignoreVary: true }));
}

// Runs work() with the form's buttons off, so a double tap saves once.
async function busy(form, work) {
  form.dataset.busy = "1";
  const buttons = form.querySelectorAll("button");
  buttons.forEach((button) => { button.disabled = true; });
  try {
    return await work();
  } finally {
    delete form.dataset.busy;
    buttons.forEach((button) => { button.disabled = false; });
  }
}

function wait(ms) {
  return new Promise((resolve) => setTimeout(() => resolve(null), ms));
}
