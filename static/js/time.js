// Dates and times in the page's language with Intl (the server formats its own with Babel).
import { t } from "./messages.js";

const lang = () => document.documentElement.lang || undefined;
const UNITS = [
  ["year", 31536000], ["month", 2592000], ["week", 604800],
  ["day", 86400], ["hour", 3600], ["minute", 60],
];

// A day as the server writes it (i18n.day): the language's weekday, day and month, "Tue,
// Nov 24", "tir. 24. nov.", "ti 24.11."; the year too when it is not this year.
function dayText(date) {
  const style = { weekday: "short", day: "numeric", month: "short" };
  if (date.getFullYear() !== new Date().getFullYear()) style.year = "numeric";
  return new Intl.DateTimeFormat(lang(), style).format(date);
}

// "10:42" for today, "Tue, Nov 24, 10:42 AM" for another day, joined as the server joins
// them (Finnish "ti 24.11. klo 10.42").
export function formatWhen(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const time = new Intl.DateTimeFormat(lang(), { timeStyle: "short" }).format(date);
  if (date.toDateString() === new Date().toDateString()) return time;
  return t("dayTime", { day: dayText(date), time });
}

// A due date (YYYY-MM-DD, a calendar day with no time zone) as "Fri, Dec 4".
export function formatDay(day) {
  const [year, month, date] = String(day).split("-").map(Number);
  if (!year || !month || !date) return String(day);
  return dayText(new Date(year, month - 1, date));
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
  return new Intl.NumberFormat(lang(), { style: "unit", unit: "minute", unitDisplay: "short" }).format(count).replace(" ", "\u00a0");
}
