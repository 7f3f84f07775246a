// The day's route on the phone. On the route page: the start (where I am, or home or the
// office as remembered on this phone), and saving the plan through the outbox like every
// offline change (operation save_day_plan, with a plan UUID made here); offline, the route is
// ordered here (routeorder.js) from the positions the saved page carries. On Today: a plan
// saved on this phone and not yet on the server is shown from the phone's copy, and stops
// checked in at today, even offline, are ticked.
import * as outbox from "./outbox.js";
import { OP_VERSION } from "./opformat.js";
import { requestBackgroundSync, syncNow } from "./autosync.js";
import { refreshPages } from "./pages.js";
import { t } from "./messages.js";
import { el } from "./dom.js";
import { carryOver, toast } from "./toast.js";
import { formatKm } from "./distance.js";
import { order, schedule } from "./routeorder.js";

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

// Offline, "Order the route" orders the ticked clients here and shows the route with its
// Save button, as the server's page would.
function initOfflineOrder(doc) {
  const form = doc.querySelector("form[data-route-pick]");
  const section = doc.querySelector("[data-route-offline]");
  if (!form || !section) return;
  form.addEventListener("submit", (event) => {
    if (navigator.onLine) return;
    event.preventDefault();
    const ticked = [...form.querySelectorAll("input[name=c]:checked")].map((box) => ({
      id: box.value, name: box.dataset.name, city: box.dataset.city,
      at: [Number(box.dataset.lat), Number(box.dataset.lon)], visitMinutes: Number(form.dataset.visitMinutes) || 30,
    }));
    if (!ticked.length) return;
    const value = (name) => form.elements[name].value;
    const start = value("start_lat") ? [Number(value("start_lat")), Number(value("start_lng"))] : ticked[0].at;
    const label = value("start_lat") ? value("start_label") : ticked[0].name;
    const stops = order(start, ticked.map((c) => c.at)).map((i) => ticked[i]);
    const [hours, minutes] = (value("start_time") || "08:30").split(":").map(Number);
    const speed = Number(value("speed_kmh")) || 40;
    const legs = schedule(start, stops, hours * 60 + minutes, speed);
    const save = section.querySelector("form[data-day-plan]");
    const fields = { day: value("day"), start_label: label, start_lat: start[0], start_lng: start[1], start_time: value("start_time"), speed_kmh: speed };
    for (const [name, field] of Object.entries(fields)) save.elements[name].value = field;
    if (!save.elements.plan_id.value) save.elements.plan_id.value = crypto.randomUUID();
    save.querySelectorAll("input[name=stop], input[data-minutes]").forEach((input) => input.remove());
    for (const stop of stops) {
      save.append(Object.assign(el(doc, "input"), { type: "hidden", name: "stop", value: stop.id }));
      const length = Object.assign(el(doc, "input"), { type: "hidden", name: `m${stop.id}`, value: String(stop.visitMinutes) });
      length.dataset.minutes = "";
      save.append(length);
    }
    section.querySelector("[data-route-copy]").replaceChildren(...routeList(doc, { label, day: value("day"), startMinutes: hours * 60 + minutes, start, stops, legs }));
    section.hidden = false;
    section.scrollIntoView();
  });
}

// The route as plan/_route_list.html shows it, with the scripts' copies of its texts.
function routeList(doc, plan) {
  const lang = doc.documentElement.lang;
  const [year, month, date] = plan.day.split("-").map(Number);
  const clock = (minutes) => new Intl.DateTimeFormat(lang, { timeStyle: "short" }).format(new Date(year, month - 1, date, 0, minutes));
  const unit = (count, name) => new Intl.NumberFormat(lang, { style: "unit", unit: name, unitDisplay: "short" }).format(count).replace(" ", "\u00a0");
  const duration = (total) => {
    const hours = Math.floor(total / 60);
    const rest = total % 60;
    return [hours ? unit(hours, "hour") : "", rest || !hours ? unit(rest, "minute") : ""].filter(Boolean).join(" ");
  };
  const distance = plan.legs.reduce((sum, leg) => sum + leg.km, 0);
  const driving = plan.legs.reduce((sum, leg) => sum + leg.driveMinutes, 0);
  const summary = el(doc, "p", "muted route-summary", [
    t("routeFrom", { place: plan.label || t("routeFirstClient"), time: clock(plan.startMinutes) }),
    t("routeStops", { count: plan.stops.length }),
    formatKm(distance),
    t("routeDriving", { duration: duration(driving) }),
    t("routeDoneBy", { time: clock(plan.legs[plan.legs.length - 1].leave) }),
  ].join(" · "));
  const note = el(doc, "p", "small muted", t("routeOffline"));
  const list = el(doc, "ol", "route-list");
  list.dataset.routeList = "";
  let here = plan.start;
  plan.stops.forEach((stop, i) => {
    const leg = plan.legs[i];
    const item = el(doc, "li", "route-stop");
    item.dataset.clientId = stop.id;
    const main = el(doc, "span", "route-main");
    const link = Object.assign(el(doc, "a"), { href: `/clients/${stop.id}` });
    link.append(el(doc, "strong", "", stop.name));
    const where = el(doc, "span", "muted small", `${stop.city} · ${t("routeVisit", { minutes: duration(stop.visitMinutes) })}`);
    const legText = el(doc, "span", "small route-leg", `${formatKm(leg.km)} · ${duration(leg.driveMinutes)} · `);
    legText.append(Object.assign(el(doc, "a", "", t("routeDirections")), { href: mapsLink(here, stop.at, stop.name), rel: "noopener" }));
    main.append(link, where, legText);
    item.append(el(doc, "span", "route-time", clock(leg.arrive)), main);
    list.append(item);
    here = stop.at;
  });
  return [note, summary, list];
}

// A leg in the phone's maps app, as webapp/plan/routeplan.maps_link() writes it.
function mapsLink(from, to, name) {
  const agent = navigator.userAgent;
  const point = (p) => `${p[0].toFixed(6)},${p[1].toFixed(6)}`;
  if (agent.includes("Android")) return `geo:${point(to)}?q=${point(to)}(${encodeURIComponent(name)})`;
  if (/iPhone|iPad|iPod/.test(agent)) return `https://maps.apple.com/?saddr=${point(from)}&daddr=${point(to)}&dirflg=d`;
  return `https://www.google.com/maps/dir/?api=1&origin=${point(from)}&destination=${point(to)}&travelmode=driving`;
}

initStarts(document);
initSave(document);
initOfflineOrder(document);
initToday(document);
