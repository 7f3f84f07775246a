// Dates and times in the page's language with Intl (the server formats its own with Babel).
import { t } from "./messages.js";

const lang = () => document.documentElement.lang || undefined;
const UNITS = [
  ["year", 31536000], ["month", 2592000], ["week", 604800],
  ["day", 86400], ["hour", 3600], ["minute", 60],
];

// "10:42" for today, "24 Nov 2026, 10:42" for another day.
export function formatWhen(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const today = date.toDateString() === new Date().toDateString();
  const style = today ? { timeStyle: "short" } : { dateStyle: "medium", timeStyle: "short" };
  return new Intl.DateTimeFormat(lang(), style).format(date);
}

// A due date (YYYY-MM-DD, a calendar day with no time zone) as "4 Dec 2026".
export function formatDay(day) {
  const [year, month, date] = String(day).split("-").map(Number);
  if (!year || !month || !date) return String(day);
  return new Intl.DateTimeFormat(lang(), { dateStyle: "medium" }).format(new Date(year, month - 1, date));
}

// "5 minutes ago", "yesterday"; "just now" within a minute either way, where Intl would say
// "now" or "in 0 seconds" (the server's ago() reads the same).
export function formatAgo(iso, now = Date.now()) {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const format = new Intl.RelativeTimeFormat(lang(), { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return t("justNow");
}

// "42 min", as the server writes it (Babel's short unit).
export function formatMinutes(count) {
  return new Intl.NumberFormat(lang(), { style: "unit", unit: "minute", unitDisplay: "short" }).format(count);
}
