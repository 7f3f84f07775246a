// The day's route on the phone. On the route page: the start (where I am, or home or the
// office as remembered on this phone), and saving the plan through the outbox like every
// offline change (operation save_day_plan, with a plan UUID made here); offline, the route is
// ordered on the phone (routeoffline.js). On Today: a plan
// saved on this phone and not yet on the server is shown from the phone's copy, and stops
// checked in at today, even offline, are ticked.
import * as outbox from "./outbox.js";
import { OP_VERSION } from "./opformat.js";
import { requestBackgroundSync, syncNow } from "./autosync.js";
import { refreshPages } from "./pages.js";
import { t } from "./messages.js";
import { el } from "./dom.js";
import { carryOver, toast } from "./toast.js";

const QUICK_MS = 3000;
const userId = Number(document.body.dataset.userId) || 0;
const copyKey = () => `folka-dayplan-${userId}`;
const placeKey = (name) => `folka-start-${userId}-${name}`;

function read(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || "null");
  } catch {
    return null;
  }
}

function here(timeout = 15000) {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) return reject(new Error("no geolocation"));
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude }),
      reject, { enableHighAccuracy: false, timeout, maximumAge: 120000 });
  });
}

// The route page's start buttons: each reloads the page with the start, so the suggestion
// (overdue and promises due, nearest first) is made from there.
function initStarts(doc) {
  const form = doc.querySelector("form[data-route-pick]");
  const starts = doc.querySelector("[data-starts]");
  if (!form || !starts || !navigator.geolocation) return;
  starts.hidden = false;
  doc.querySelector("[data-start-remember]").hidden = false;
  const go = (place, label) => {
    if (!navigator.onLine) { // the page with the start is not on the phone: fill it in here
      form.elements.start_lat.value = place.lat.toFixed(6);
      form.elements.start_lng.value = place.lng.toFixed(6);
      form.elements.start_label.value = label;
      doc.querySelector("[data-start-said]").textContent = label;
      return;
    }
    const address = new URL(form.action, location.href);
    for (const name of ["day", "start_time", "speed_kmh"]) address.searchParams.set(name, form.elements[name].value);
    address.searchParams.set("start_lat", place.lat.toFixed(6));
    address.searchParams.set("start_lng", place.lng.toFixed(6));
    address.searchParams.set("start_label", label);
    // Choosing other clients than a saved plan's: the picker stays (webapp/plan/views.py).
    if (new URL(location.href).searchParams.has("pick")) address.searchParams.set("pick", "1");
    location.assign(address.toString());
  };
  for (const button of starts.querySelectorAll("[data-start]")) {
    const name = button.dataset.start;
    if (name !== "here" && !read(placeKey(name))) button.hidden = true;
    button.addEventListener("click", async () => {
      if (name !== "here") return go(read(placeKey(name)), button.dataset.label);
      const said = doc.querySelector("[data-start-said]");
      said.textContent = t("nearMeLocating");
      try {
        go(await here(), t("startHere"));
      } catch (error) {
        said.textContent = t(error?.code === 1 ? "nearMeDenied" : "nearMeFailed");
      }
    });
  }
  for (const link of doc.querySelectorAll("[data-remember]")) {
    link.addEventListener("click", async () => {
      try {
        localStorage.setItem(placeKey(link.dataset.remember), JSON.stringify(await here()));
        starts.querySelector(`[data-start=${link.dataset.remember}]`).hidden = false;
        toast(doc, t("startRemembered"));
      } catch (error) {
        toast(doc, t(error?.code === 1 ? "nearMeDenied" : "nearMeFailed"));
      }
    });
  }
}

// The operation the save form stands for, as webapp/plan/routeplan.operation() reads it.
export function planOperation(form) {
  const number = (name) => (form.elements[name].value === "" ? null : Number(form.elements[name].value));
  const stops = [...form.querySelectorAll("input[name=stop]")].map((input) => ({
    client_id: Number(input.value),
    visit_minutes: Number(form.elements[`m${input.value}`].value),
  }));
  return {
    id: form.elements.op_id.value || crypto.randomUUID(),
    kind: "save_day_plan",
    at: new Date().toISOString(),
    v: OP_VERSION,
    plan_id: form.elements.plan_id.value,
    day: form.elements.day.value,
    start_label: form.elements.start_label.value,
    start_lat: number("start_lat"),
    start_lng: number("start_lng"),
    start_time: form.elements.start_time.value,
    speed_kmh: number("speed_kmh"),
    stops,
  };
}

function initSave(doc) {
  if (!userId || !("indexedDB" in window) || typeof crypto.randomUUID !== "function") return;
  doc.querySelectorAll("form[data-day-plan]").forEach((form) => bindSave(doc, form));
}

function bindSave(doc, form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (form.dataset.busy) return;
    form.dataset.busy = "1";
    const op = planOperation(form);
    try {
      await outbox.add(userId, op, {});
    } catch {
      delete form.dataset.busy;
      return form.submit(); // no usable IndexedDB: the form posts
    }
    // The phone's copy of what the page shows, for Today until the server's page has it.
    const shown = form.closest("section").querySelector("[data-route-copy]");
    localStorage.setItem(copyKey(), JSON.stringify({ planId: op.plan_id, day: op.day, savedAt: op.at, opId: op.id, html: shown.innerHTML }));
    toast(doc, t("savedOnPhone"));
    requestBackgroundSync();
    const result = await Promise.race([syncNow(), new Promise((r) => setTimeout(r, QUICK_MS))]);
    const ids = op.stops.map((s) => s.client_id);
    if (result?.applied?.some((record) => record.id === op.id)) {
      await Promise.race([refreshPages({ clients: ids.slice(0, 1) }), new Promise((r) => setTimeout(r, QUICK_MS))]);
      carryOver(t("routeSaved"));
    }
    location.assign("/");
  });
}

// Today: the phone's copy when the page (saved earlier) has no plan for the day or an
// older one; then the stops checked in at today ticked, those still on the phone too.
async function initToday(doc) {
  const section = doc.querySelector("[data-todays-route]");
  if (!section) return;
  const copy = read(copyKey());
  const pageSaved = section.dataset.savedAt || "";
  if (copy && copy.day === section.dataset.day && copy.savedAt > pageSaved) {
    const body = section.querySelector("[data-route-body]");
    const parsed = new DOMParser().parseFromString(`<div>${copy.html}</div>`, "text/html");
    body.replaceChildren(...parsed.body.firstChild.childNodes);
    const waiting = await outbox.get(copy.opId).catch(() => null);
    if (waiting) body.prepend(el(doc, "p", "pending-note small muted", t("waitingBadge")));
    section.hidden = false;
  }
  const today = section.dataset.day;
  let records = [];
  try {
    records = await outbox.all();
  } catch {
    return;
  }
  const visited = new Set(records.filter((r) => r.userId === userId && r.op.kind === "check_in" && localDay(r.op.at) === today)
    .map((r) => String(r.op.client_id)));
  for (const stop of section.querySelectorAll(".route-stop[data-client-id]")) {
    if (visited.has(stop.dataset.clientId) && !stop.classList.contains("done")) {
      stop.classList.add("done");
      const main = stop.querySelector(".route-main");
      main.prepend(el(doc, "span", "tick", "✓"), " ");
      main.prepend(el(doc, "span", "visually-hidden", t("visitedStop")));
    }
  }
}

function localDay(iso) {
  const at = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

initStarts(document);
initSave(document);
initToday(document);
