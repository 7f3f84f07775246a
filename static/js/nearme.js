// Near me on Today: the rows (their positions came with the page, so this works offline)
// ordered by straight-line distance from the phone, each with its distance, optionally only
// the clients due or overdue within N km. The position is asked for only when the rep
// presses Near me; pressing it again puts the list back in its own order.
import { t } from "./messages.js";
import { formatKm, km } from "./distance.js";

function rowsOf(list) {
  return [...list.children].map((li, index) => {
    const link = li.querySelector("a.client-row");
    const at = link?.dataset.lat ? [Number(link.dataset.lat), Number(link.dataset.lon)] : null;
    return { li, index, at, due: link?.hasAttribute("data-due") ?? false, distance: null };
  });
}

export function initNearMe(doc, geolocation = navigator.geolocation) {
  const box = doc.querySelector("[data-near-me]");
  const list = doc.querySelector(".client-list");
  if (box && !geolocation) box.hidden = true; // a browser that cannot tell where it is
  if (!box || !list || !geolocation) return;
  const rows = rowsOf(list);
  const button = box.querySelector("[data-near-start]");
  const dueOnly = box.querySelector("[data-near-due]");
  const limit = box.querySelector("[data-near-km]");
  const status = box.querySelector("[data-near-status]");
  let here = null;

  const show = () => {
    const within = Number(limit.value) > 0 ? Number(limit.value) : Infinity;
    const order = here ? [...rows].sort((a, b) => (a.distance ?? Infinity) - (b.distance ?? Infinity) || a.index - b.index)
      : [...rows].sort((a, b) => a.index - b.index);
    let shown = 0;
    for (const row of order) {
      list.append(row.li);
      row.li.querySelector("[data-distance]").textContent = here && row.distance !== null ? formatKm(row.distance) : "";
      const missing = row.li.querySelector("[data-no-position]");
      if (missing) missing.hidden = !here;
      row.li.hidden = Boolean(here && dueOnly.checked && !(row.due && row.distance !== null && row.distance <= within));
      if (!row.li.hidden) shown += 1;
    }
    if (!here) status.textContent = "";
    else if (dueOnly.checked) status.textContent = t("nearMeDue", { count: shown, km: Number.isFinite(within) ? within : "∞" });
    else status.textContent = t("nearMeSorted");
  };

  const locate = () => {
    status.textContent = t("nearMeLocating");
    geolocation.getCurrentPosition((position) => {
      here = [position.coords.latitude, position.coords.longitude];
      for (const row of rows) row.distance = row.at ? km(here, row.at) : null;
      button.setAttribute("aria-pressed", "true");
      show();
    }, (error) => {
      status.textContent = t(error.code === 1 ? "nearMeDenied" : "nearMeFailed");
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 120000 });
  };

  button.addEventListener("click", () => {
    if (!here) return locate();
    here = null;
    button.setAttribute("aria-pressed", "false");
    show();
  });
  dueOnly.addEventListener("change", () => (here ? show() : dueOnly.checked && locate()));
  limit.addEventListener("input", () => here && show());
}

initNearMe(document);
