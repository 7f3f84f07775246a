// The promise's due date on the note form: the phone checks the limits the server checks
// (webapp/sync/checks.py hands them over as data-days-before/-after, counted from today in
// UTC as the server counts them), so a note it would refuse is never queued; and a day
// that has passed, which the server takes, is pointed out: the promise is overdue at once.
import { t } from "./messages.js";

const DAY_MS = 86400000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

// "2026-11-24" for now plus `days`, in UTC.
function utcDay(days = 0) {
  return new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
}

// The phone's own date, as the rep reads it on the calendar.
function localToday() {
  const now = new Date();
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()]
    .map((part, i) => String(part).padStart(i ? 2 : 4, "0")).join("-");
}

// min and max again: a page saved for offline use may be days old.
function setLimits(input) {
  const before = Number(input.dataset.daysBefore);
  const after = Number(input.dataset.daysAfter);
  if (Number.isFinite(before)) input.min = utcDay(-before);
  if (Number.isFinite(after)) input.max = utcDay(after);
}

// Why the server would refuse this due date, or "" when it would take it.
export function dueDateProblem(input) {
  if (!input) return "";
  setLimits(input);
  const day = input.value;
  if (!day && !input.validity?.badInput) return t("dueDateNeeded");
  if (!ISO_DAY.test(day) || (input.min && day < input.min) || (input.max && day > input.max)) {
    return t("dueDateRange");
  }
  return "";
}

// The warning under the field while the day chosen has passed.
export function showPastWarning(input) {
  const warning = input && input.ownerDocument.getElementById(`${input.id}-warning`);
  if (!warning) return;
  const past = ISO_DAY.test(input.value) && input.value < localToday();
  const text = past ? t("dueDatePassed") : "";
  if (warning.textContent !== text) warning.textContent = text;
}

export function initDueDates(doc) {
  for (const input of doc.querySelectorAll("input[type=date][data-days-after]")) {
    setLimits(input);
    showPastWarning(input);
    input.addEventListener("input", () => showPastWarning(input));
    input.addEventListener("change", () => showPastWarning(input));
  }
}
