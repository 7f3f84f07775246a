// Folka's page script: small enhancements; every page works without it.
import { initCounters } from "./counter.js";
import { initGeolocation } from "./geolocate.js";
import { initConfirm } from "./confirm.js";

initCounters(document);
initGeolocation(document);
initConfirm(document);
