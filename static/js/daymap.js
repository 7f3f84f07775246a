// The map page's map: the clients of the list below drawn with Leaflet (static/vendor),
// grouped into one numbered marker per cell of a 64 px grid where they crowd. Every marker is
// a row of the list: a tap opens a small card made from that row. The page opens with the
// list; Leaflet (53 KB) and the tiles are fetched only when the rep taps "Show the map", so a
// rep who came for the list pays nothing for the map. Without Leaflet or the network the map
// says so; the list stays.
const GRID_PX = 64;
const GLYPHS = { overdue: "!", due: "●", rhythm: "✓", never: "○" };

function rows(doc) {
  return [...doc.querySelectorAll(".map-row[data-lat]")].map((row) => ({
    row,
    id: row.dataset.clientId,
    state: row.dataset.state,
    name: row.dataset.name,
    at: [Number(row.dataset.lat), Number(row.dataset.lon)],
  }));
}

// The card a marker opens: the row's text (last visit, promises, questions) and a link.
function card(doc, client, label) {
  const box = doc.createElement("div");
  box.className = "map-card";
  box.append(client.row.querySelector(".client-main").cloneNode(true));
  const link = doc.createElement("a");
  link.href = client.row.querySelector("a.client-row").href;
  link.textContent = label;
  box.append(link);
  return box;
}

function icon(L, className) {
  return L.divIcon({ className, html: "", iconSize: [30, 30], iconAnchor: [15, 15], popupAnchor: [0, -12] });
}

// One marker per client, or one per crowded grid cell with the count; rebuilt on zoom.
function draw(L, map, layer, clients, openLabel) {
  layer.clearLayers();
  const cells = new Map();
  for (const client of clients) {
    const p = map.project(client.at, map.getZoom());
    const key = `${Math.floor(p.x / GRID_PX)}:${Math.floor(p.y / GRID_PX)}`;
    if (!cells.has(key)) cells.set(key, []);
    cells.get(key).push(client);
  }
  for (const group of cells.values()) {
    if (group.length === 1 || map.getZoom() >= map.getMaxZoom()) {
      for (const client of group) {
        const marker = L.marker(client.at, { icon: icon(L, `map-pin state-${client.state}`), title: client.name, alt: client.name, keyboard: true });
        marker.on("add", () => {
          const node = marker.getElement();
          node.textContent = GLYPHS[client.state] || "";
          node.dataset.count = "1";
          node.dataset.clientId = client.id;
        });
        marker.bindPopup(() => card(document, client, openLabel), { maxWidth: 260 });
        layer.addLayer(marker);
      }
      continue;
    }
    const bounds = L.latLngBounds(group.map((c) => c.at));
    const names = group.map((c) => c.name).join(", ");
    const marker = L.marker(bounds.getCenter(), { icon: icon(L, "map-pin map-cluster"), title: names, keyboard: true });
    marker.on("add", () => {
      const node = marker.getElement();
      node.textContent = new Intl.NumberFormat(document.documentElement.lang).format(group.length);
      node.dataset.count = String(group.length);
    });
    marker.on("click", () => map.fitBounds(bounds.pad(0.3)));
    layer.addLayer(marker);
  }
}

// Leaflet's stylesheet (before plan.css, whose rules about Leaflet's parts then win) and
// script, added to the page once; resolves with window.L, or null when they cannot be had.
function loadLeaflet(doc, box) {
  const fetched = (node) => new Promise((resolve) => {
    node.addEventListener("load", () => resolve(true));
    node.addEventListener("error", () => resolve(false));
  });
  const css = Object.assign(doc.createElement("link"), { rel: "stylesheet", href: box.dataset.leafletCss });
  const js = Object.assign(doc.createElement("script"), { src: box.dataset.leafletJs });
  const own = doc.querySelector("link[rel=stylesheet][href*='/plan.css']");
  doc.head.insertBefore(css, own);
  doc.head.append(js);
  return Promise.all([fetched(css), fetched(js)]).then(([a, b]) => (a && b && window.L) || null);
}

export function initDayMap(doc, L = window.L) {
  const box = doc.getElementById("day-map");
  const offline = doc.querySelector("[data-map-offline]");
  const clients = rows(doc);
  if (!box || !clients.length) return null;
  if (!L) {
    box.hidden = true; // Leaflet itself could not be had: the list is the page
    if (offline) offline.hidden = false;
    return null;
  }
  box.hidden = false;
  const map = L.map(box, { scrollWheelZoom: false });
  const tiles = L.tileLayer(box.dataset.tiles, { maxZoom: 18, attribution: "" });
  const credit = doc.createElement("a");
  credit.href = box.dataset.attributionUrl;
  credit.textContent = box.dataset.attribution;
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(credit.outerHTML);
  const say = () => { if (offline) offline.hidden = navigator.onLine; };
  tiles.on("tileerror", () => { if (offline) offline.hidden = false; });
  window.addEventListener("online", say);
  window.addEventListener("offline", say);
  say();
  tiles.addTo(map);
  const layer = L.layerGroup().addTo(map);
  map.fitBounds(L.latLngBounds(clients.map((c) => c.at)).pad(0.1), { maxZoom: 14 });
  const redraw = () => draw(L, map, layer, clients, box.dataset.openLabel);
  map.on("zoomend", redraw);
  redraw();
  return map;
}

// "Show the map": the button goes, the map takes its place once Leaflet is here.
function offerMap(doc) {
  const show = doc.querySelector("[data-map-show]");
  const box = doc.getElementById("day-map");
  if (!show || !box) return;
  show.addEventListener("click", async () => {
    show.disabled = true;
    const L = window.L || (await loadLeaflet(doc, box));
    show.hidden = true;
    if (initDayMap(doc, L)) box.focus({ preventScroll: true });
  }, { once: true });
}

offerMap(document);
