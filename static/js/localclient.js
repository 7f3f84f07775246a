// The page of a client made on this phone (/clients/0, webapp/phonemade.py). Without a ref
// in the address it is the new-client form; saving it stores a new_client operation and
// opens /clients/0#<its id>, the client's page drawn from the outbox: Check in, people,
// the note form and the notes waiting. Everything there goes into the outbox naming the
// client by that id, so it all syncs in order; once the server has the client (the sync's
// results carry its row id, refs.js) the page goes on to the real briefing.
import * as outbox from "./outbox.js";
import { initCounters } from "./counter.js";
import { initDueDates } from "./duedate.js";
import { initLocate } from "./locate.js";
import { initOutboxForms, outboxAvailable } from "./forms.js";
import { startAutoSync, syncNow } from "./autosync.js";
import { initStatus } from "./status.js";
import { initPending } from "./pending.js";
import { initToast } from "./toast.js";
import { initRecordForms } from "./recordforms.js";
import { initSomeoneNew, offerWaitingPeople } from "./someonenew.js";
import { initSiteHere } from "./sitehere.js";
import { badge, el } from "./dom.js";
import { t } from "./messages.js";
import { clientPage, idOf, loadRefs, recordIdOf } from "./refs.js";

const doc = document;
const show = (selector, flag = true) => doc.querySelectorAll(selector).forEach((node) => { node.hidden = !flag; });

// Online and synced: the real briefing.
function goToRecord(ref) {
  const id = recordIdOf(ref);
  if (id && navigator.onLine) location.replace(`/clients/${id}`);
  return Boolean(id);
}

function fill(op, record) {
  const head = doc.querySelector("[data-client-record]");
  Object.assign(head.dataset, { clientId: op.id, name: op.name, address: op.address ?? "", city: op.city ?? "" });
  head.querySelector("[data-client-title]").textContent = op.name;
  head.querySelector("[data-client-place]").textContent = [op.address, op.city].filter(Boolean).join(", ");
  head.querySelector("[data-client-state]").replaceChildren(t("newClient"), " ", badge(doc, record));
  doc.title = `${op.name} · Folka`;
  const actions = doc.getElementById("visit-actions");
  if ("lat" in op && "lon" in op) Object.assign(actions.dataset, { siteLat: op.lat, siteLon: op.lon });
  for (const node of [actions.querySelector("form"), doc.querySelector("form[data-op=note]"), doc.getElementById("pending-notes")]) {
    Object.assign(node.dataset, { clientId: op.id, clientName: op.name });
  }
  show("[data-local-client]");
}

// The visit at this client still open on the phone, for the note to name.
function openVisit(records, ref) {
  let visit = "";
  for (const { op } of records) {
    if (op.kind === "check_in") visit = op.client_id === ref ? op.id : "";
    if (op.kind === "check_out" && op.visit_id === visit) visit = "";
  }
  return visit;
}

// The client's page, once the client is made: what waits for it is drawn from now on.
async function openClient(made, userId, note) {
  fill(made.op, made);
  initSiteHere(doc);
  await initSomeoneNew(note, userId);
  await initPending(doc);
}

async function start() {
  initToast(doc);
  if (!outboxAvailable()) return show("[data-local-missing]");
  const userId = Number(doc.body.dataset.userId);
  const ref = idOf(location.hash.slice(1));
  await loadRefs(() => ref && goToRecord(ref));
  const records = (await outbox.all()).filter((r) => r.userId === userId);
  const made = records.find((r) => r.op.kind === "new_client" && r.op.id === ref);
  if (ref && !made) {
    if (!goToRecord(ref)) show("[data-local-missing]");
    return;
  }
  const note = doc.querySelector("form[data-op=note]");
  initCounters(doc);
  initDueDates(doc);
  initLocate(doc);
  initRecordForms(doc);
  initOutboxForms(doc);
  initStatus(doc, syncNow, userId);
  startAutoSync(window);
  if (made) await openClient(made, userId, note);
  else show("[data-new-client]");
  doc.addEventListener("click", async (event) => {
    if (!event.target.closest?.("[data-write-note]")) return;
    const now = (await outbox.all()).filter((r) => r.userId === userId && r.status === "pending");
    note.elements.visit_id.value = openVisit(now, idOf(location.hash.slice(1)));
    await offerWaitingPeople(note, userId);
    show("[data-note-section]");
    note.scrollIntoView({ block: "start" });
    note.elements.body.focus({ preventScroll: true });
  });
  doc.addEventListener("folka:saved", async (event) => {
    const { op } = event.detail;
    if (op.kind === "new_client" && !made) {
      // The form becomes the new client's page (a quick sync may lead on to the real one).
      history.replaceState(null, "", clientPage(op.id));
      loadRefs(() => goToRecord(op.id));
      show("[data-new-client]", false);
      await openClient(await outbox.get(op.id), userId, note);
      doc.querySelector("[data-client-record]").scrollIntoView();
    }
    if (op.kind === "note") {
      note.reset();
      note.querySelectorAll(".new-person").forEach((chip) => chip.remove());
      show("[data-note-section]", false);
    }
  });
}

start();
