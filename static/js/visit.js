// The checked-in state after check-ins and check-outs still on the phone (or synced since
// the page was rendered): the briefing's Check in / Check out button and Today's card.
import { badge, el } from "./dom.js";
import { t } from "./messages.js";
import { formatWhen } from "./time.js";
import { clientPage, idOf } from "./refs.js";

const originals = new WeakMap(); // the visit buttons as the server rendered them

// The user's visit after the server's state and the check-ins/outs since.
function visitNow(list, here) {
  for (const r of list) {
    if (r.op.kind === "check_in") here = { id: r.op.id, clientId: r.op.client_id, record: r };
    if (r.op.kind === "check_out" && (!here || here.id === r.op.visit_id)) here = null;
  }
  return here;
}

export function renderVisit(doc, list) {
  const actions = doc.getElementById("visit-actions");
  const visits = list.filter((r) => r.op.kind === "check_in" || r.op.kind === "check_out");
  if (!actions || !visits.length) return;
  if (!originals.has(actions)) originals.set(actions, actions.cloneNode(true));
  const fresh = originals.get(actions).cloneNode(true);
  const form = fresh.querySelector("form[data-op]");
  const clientId = idOf(form.dataset.clientId);
  const server = form.dataset.op === "check_out" ? { id: form.dataset.visitId, clientId } : null;
  const here = visitNow(visits, server);
  const button = form.querySelector("button[type=submit]");
  const checkedInHere = here?.clientId === clientId;
  form.querySelector("p.hint")?.remove(); // "checked in at another client" may be out of date
  if (checkedInHere && here !== server) {
    form.dataset.op = "check_out";
    form.dataset.visitId = here.id;
    form.dataset.checkedInAt = here.record.op.at;
    form.removeAttribute("data-note-written"); // the server's visit's, not this one's
    form.action = `/visits/${encodeURIComponent(here.id)}/check-out`;
    const line = el(doc, "p", "live-line");
    line.append(el(doc, "span", "badge live", t("checkedInBadge")), " ",
      el(doc, "span", "since", t("since", { time: formatWhen(here.record.op.at) })), " ", badge(doc, here.record));
    button.before(line);
    button.textContent = t("checkOut");
  } else if (!checkedInHere && server) {
    form.dataset.op = "check_in";
    delete form.dataset.visitId;
    delete form.dataset.checkedInAt;
    form.removeAttribute("data-note-written");
    form.action = `${clientPage(clientId)}/check-in`;
    form.querySelectorAll("p").forEach((p) => p.remove());
    button.textContent = t("checkIn");
  }
  const visitParam = checkedInHere ? `?visit=${encodeURIComponent(here.id)}` : "";
  fresh.querySelector("a.button")?.setAttribute("href", `${clientPage(clientId)}/note${visitParam}`);
  // Ids of the server's copy may be used already: this form gets its own.
  fresh.querySelectorAll("input[name=op_id]").forEach((input) => { input.value = crypto.randomUUID(); });
  actions.replaceChildren(...fresh.childNodes);
}

// Today: the "checked in" card follows the check-ins and check-outs made offline.
export function renderToday(doc, list) {
  const main = doc.getElementById("main");
  const visits = list.filter((r) => r.op.kind === "check_in" || r.op.kind === "check_out");
  if (!doc.querySelector("form.search") || !visits.length) return;
  main.querySelector("a.card.here:not([data-pending])")?.setAttribute("hidden", "");
  main.querySelector("a.card.here[data-pending]")?.remove();
  const here = visitNow(visits, null);
  if (!here) return;
  const card = el(doc, "a", "card here");
  card.dataset.pending = "";
  card.href = clientPage(here.clientId);
  card.append(el(doc, "span", "badge live", t("checkedInBadge")), el(doc, "strong", "", here.record.clientName),
    el(doc, "span", "muted", t("since", { time: formatWhen(here.record.op.at) })), badge(doc, here.record));
  main.prepend(card);
}
