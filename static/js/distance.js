// Straight-line distances on the phone, as webapp/geo.py measures them on the server.
const EARTH_KM = 6371.0088;

// Great-circle distance in km between two [lat, lon] points (haversine).
export function km(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad;
  const dLon = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

// "0.8 km", "12 km" in the page's language.
export function formatKm(distance, lang = document.documentElement.lang) {
  const digits = distance < 10 ? 1 : 0;
  return new Intl.NumberFormat(lang, { style: "unit", unit: "kilometer", maximumFractionDigits: digits }).format(distance);
}
