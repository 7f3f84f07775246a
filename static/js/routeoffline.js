// The route page offline: "Order the route" orders the ticked clients on the phone
// (routeorder.js) from the positions the saved page carries, and shows the route as
// plan/_route_list.html would, with its Save button (saved by dayplan.js). Online the form
// goes to the server as usual. Loaded by the route page only.
import { t } from "./messages.js";
import { el } from "./dom.js";
import { formatKm } from "./distance.js";
import { order, schedule } from "./routeorder.js";

export function initOfflineOrder(doc) {
  const form = doc.querySelector("form[data-route-pick]");
  const section = doc.querySelector("[data-route-offline]");
  if (!form || !section) return;
  form.addEventListener("submit", (event) => {
    if (navigator.onLine) return;
    event.preventDefault();
    const ticked = [...form.querySelectorAll("input[name=c]:checked")].map((box) => ({
      id: box.value, name: box.dataset.name, city: box.dataset.city,
      at: [Number(box.dataset.lat), Number(box.dataset.lon)], visitMinutes: Number(form.elements[`m${box.value}`]?.value) || Number(form.dataset.visitMinutes) || 30,
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

initOfflineOrder(document);
