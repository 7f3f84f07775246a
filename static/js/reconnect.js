// A page the phone answered from its saved copy (no network, or a stalled one) is replaced
// by the live page after the first sync that reaches the server — so the client just
// visited no longer says "23 days overdue" — unless a form on it holds input not yet saved.
// Then it stays, and the banner offers Reload (banner.js).
import { afterSync } from "./autosync.js";

const PROBE_MS = 5000;
// A page this reload brought back from the saved copy again (the server answers the sync,
// but pages still stall) is not reloaded again within this time: the banner offers Reload.
const AGAIN_MS = 60 * 1000;
const RELOADED = "folka-reconnect";

export function initReconnect(doc, cachedPromise) {
  afterSync(async (result) => {
    if (!(await cachedPromise) || !(await reachedServer(result)) || unsaved(doc)) return;
    if (reloadedJustNow()) return;
    sessionStorage.setItem(RELOADED, JSON.stringify({ path: location.pathname, at: Date.now() }));
    location.reload();
  });
}

function reloadedJustNow() {
  try {
    const last = JSON.parse(sessionStorage.getItem(RELOADED));
    return last?.path === location.pathname && Date.now() - last.at < AGAIN_MS;
  } catch {
    return false;
  }
}

async function reachedServer(result) {
  if (result.status === "ok") return true;
  if (result.status !== "idle" || !navigator.onLine) return false;
  // Nothing waited, so the push did not ask the server: ask it now.
  try {
    const response = await fetch("/api/session", { cache: "no-store", signal: AbortSignal.timeout(PROBE_MS) });
    return response.ok;
  } catch {
    return false;
  }
}

// True when a form that posts holds something typed or chosen and not saved yet.
export function unsaved(doc) {
  for (const form of doc.querySelectorAll("form[method=post]")) {
    for (const field of form.elements) {
      if (field.type === "hidden" || field.disabled) continue;
      if (field.type === "checkbox" || field.type === "radio") {
        if (field.checked !== field.defaultChecked) return true;
      } else if (field.tagName === "SELECT") {
        if ([...field.options].some((option) => option.selected !== option.defaultSelected)) return true;
      } else if ("defaultValue" in field && field.value !== field.defaultValue) {
        return true;
      }
    }
  }
  return false;
}
