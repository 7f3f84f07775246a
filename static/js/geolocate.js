// Adds the phone's position to check-in/out forms when the user allows it.
// A refused or slow position never blocks the check-in: it is sent without one.
const TIMEOUT_MS = 6000;

// The outbox path (forms.js) asks with a shorter timeout: its confirmation must be quick.
export function currentPosition(timeout = TIMEOUT_MS) {
  return new Promise((resolve) => {
    if (!("geolocation" in navigator)) return resolve(null);
    navigator.geolocation.getCurrentPosition(
      (pos) => resolve({ lat: pos.coords.latitude, lon: pos.coords.longitude, accuracy: pos.coords.accuracy }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout, maximumAge: 60000 },
    );
  });
}

// Without the outbox (no IndexedDB) the forms post, with the position filled in first.
export function initGeolocation(root) {
  for (const form of root.querySelectorAll("form[data-geolocate]")) {
    form.addEventListener("submit", async (event) => {
      if (form.dataset.located) return;
      event.preventDefault();
      const button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      const position = await currentPosition();
      if (position) {
        for (const key of ["lat", "lon", "accuracy"]) form.elements[key].value = String(position[key]);
      }
      form.dataset.located = "1";
      if (button) button.disabled = false;
      form.requestSubmit(button);
    });
  }
}
