// "The site is here": after a check-in with a position, when the client has no stored site
// or the phone is farther from it than the server's limit (FAR_FROM_SITE_METRES, carried by
// the page), the briefing offers to store the phone's position as the client's site, with
// its accuracy. The offer outlives the reload that follows a quick sync (sessionStorage).
import { el } from "./dom.js";
import { t } from "./messages.js";
import { idOf } from "./refs.js";
import { metres } from "./pendingrecords.js";

const KEY = "folka-site-offer";
const FRESH_MS = 30 * 60 * 1000;

// Metres between two positions (haversine; the server's webapp/geo.py does the same).
function distance(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371000 * Math.asin(Math.sqrt(h));
}

function readOffer() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) || "null");
  } catch {
    return null;
  }
}

// What the phone's position says about the stored site: null when it is near enough.
function reason(actions, position) {
  const { siteLat, siteLon, farMetres } = actions.dataset;
  if (siteLat === undefined || siteLon === undefined || siteLat === "" || siteLon === "") return t("siteMissing");
  const away = distance(position, { lat: Number(siteLat), lon: Number(siteLon) });
  return away > Number(farMetres || 0) ? t("siteFar", { distance: formatDistance(away) }) : null;
}

function formatDistance(value) {
  if (value < 1000) return metres(value);
  const lang = document.documentElement.lang || undefined;
  return new Intl.NumberFormat(lang, { style: "unit", unit: "kilometer", maximumFractionDigits: 1 }).format(value / 1000).replace(" ", "\u00a0");
}

function show(doc, actions, offer) {
  doc.querySelector("[data-site-offer]")?.remove();
  const why = offer && reason(actions, offer);
  if (!why) return;
  const box = el(doc, "form", "site-offer");
  box.dataset.siteOffer = "";
  box.dataset.outbox = "";
  box.dataset.op = "site_here";
  box.dataset.clientId = offer.clientId;
  box.method = "post";
  for (const [name, value] of [["op_id", crypto.randomUUID()], ["lat", offer.lat], ["lon", offer.lon], ["accuracy", offer.accuracy]]) {
    const input = el(doc, "input");
    Object.assign(input, { type: "hidden", name, value: String(value) });
    box.append(input);
  }
  const set = el(doc, "button", "button primary", t("siteHere", { distance: metres(offer.accuracy) }));
  set.type = "submit";
  const later = el(doc, "button", "button quiet", t("notNow"));
  later.type = "button";
  later.addEventListener("click", () => { sessionStorage.removeItem(KEY); box.remove(); });
  box.append(el(doc, "p", "", why), set, " ", later);
  actions.after(box);
}

export function initSiteHere(doc) {
  const actions = doc.getElementById("visit-actions");
  if (!actions) return;
  const clientId = () => idOf(doc.querySelector("[data-client-record]")?.dataset.clientId
    ?? actions.querySelector("form[data-client-id]")?.dataset.clientId);
  const offer = readOffer();
  if (offer && offer.clientId === clientId() && Date.now() - offer.savedAt < FRESH_MS) show(doc, actions, offer);
  doc.addEventListener("folka:saved", (event) => {
    const { op } = event.detail;
    if (op.kind === "site_here") {
      sessionStorage.removeItem(KEY);
      doc.querySelector("[data-site-offer]")?.remove();
    }
    if (op.kind !== "check_in" || !("lat" in op) || op.client_id !== clientId()) return;
    const fresh = { clientId: op.client_id, lat: op.lat, lon: op.lon, accuracy: op.accuracy, savedAt: Date.now() };
    if (!reason(actions, fresh)) return;
    sessionStorage.setItem(KEY, JSON.stringify(fresh));
    show(doc, actions, fresh);
  });
}
