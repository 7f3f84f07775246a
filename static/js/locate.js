// "Use my current location" on the client form: fills latitude and longitude from the
// phone's position and says how accurate it is, or why there is none. The number fields
// stay for typing; without a script or geolocation the button stays hidden.
import { t } from "./messages.js";

const OPTIONS = { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 };
const PERMISSION_DENIED = 1; // GeolocationPositionError.PERMISSION_DENIED

// "20 m", "1.5 km": the accuracy radius the phone reports, in the page's language, with a
// no-break space (Intl writes a plain one) so that the number keeps its unit on a line.
function distance(metres) {
  const lang = document.documentElement.lang || undefined;
  const [unit, value, digits] = metres < 1000 ? ["meter", metres, 0] : ["kilometer", metres / 1000, 1];
  return new Intl.NumberFormat(lang, { style: "unit", unit, maximumFractionDigits: digits }).format(value).replace(" ", "\u00a0");
}

function fill(input, value) {
  input.value = value.toFixed(6);
  input.dispatchEvent(new Event("input", { bubbles: true })); // a form with unsaved input
}

export function initLocate(doc) {
  for (const box of doc.querySelectorAll("[data-locate]")) {
    const form = box.closest("form");
    const button = box.querySelector("button");
    const status = box.querySelector("[role=status]");
    if (!("geolocation" in navigator) || !form?.elements.lat || !form.elements.lon) continue;
    box.hidden = false;
    button.addEventListener("click", () => {
      button.disabled = true;
      status.textContent = t("locating");
      navigator.geolocation.getCurrentPosition((position) => {
        fill(form.elements.lat, position.coords.latitude);
        fill(form.elements.lon, position.coords.longitude);
        // The phone's new-client form keeps how precise the position is (localclient.js).
        if (form.elements.accuracy) form.elements.accuracy.value = String(Math.round(position.coords.accuracy));
        status.textContent = t("located", { distance: distance(position.coords.accuracy) });
        button.disabled = false;
      }, (error) => {
        status.textContent = t(error.code === PERMISSION_DENIED ? "locationBlocked" : "locationUnavailable");
        button.disabled = false;
      }, OPTIONS);
    });
  }
}
