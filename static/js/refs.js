// Records made on this phone (a person, a client) are named by the UUID of the operation
// that made them (their "ref") until the server gives them a row id. Ids in forms and
// operations are therefore either integers or such UUIDs; after a sync the server's
// results carry the row id (record_id), kept here so a page of a phone-made client can
// lead to the real one.
import * as outbox from "./outbox.js";

const KEY = "records"; // outbox meta: { ref: record_id }
const LOCAL_PAGE = "/clients/0"; // the phone-made clients' page (webapp/phonemade.py)
const KEEP = 500;
let known = {};

// "12" → 12, a UUID stays text, anything else → null.
export function idOf(value) {
  if (typeof value === "number") return Number.isInteger(value) ? value : null;
  const text = String(value ?? "").trim();
  if (/^\d+$/.test(text)) return Number(text);
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text) ? text.toLowerCase() : null;
}

export const isRef = (id) => typeof id === "string";

// The row id the server gave a phone-made record, once known.
export function recordIdOf(ref) {
  return known[ref] ?? null;
}

// Where a client's page is: its briefing, or the phone-made client's page until synced.
export function clientPage(clientId) {
  if (!isRef(clientId)) return `/clients/${clientId}`;
  const id = recordIdOf(clientId);
  return id ? `/clients/${id}` : `${LOCAL_PAGE}#${clientId}`;
}

// Loads what earlier syncs learnt; calls `changed` when a sync (here, in another tab or
// in the service worker) learns more.
export async function loadRefs(changed = () => {}) {
  known = (await outbox.getMeta(KEY).catch(() => null)) || {};
  outbox.onChange(async (detail) => {
    if (detail?.type !== "meta" || detail.key !== KEY) return;
    known = (await outbox.getMeta(KEY)) || {};
    changed(known);
  });
  return known;
}

// After a push: keep the row ids of records made on the phone (sync.js).
export async function rememberRecords(results) {
  const found = results.filter((r) => r.record_id && r.status !== "rejected");
  if (!found.length) return;
  const stored = (await outbox.getMeta(KEY)) || {};
  for (const r of found) stored[r.id] = r.record_id;
  // The newest few hundred are plenty: a page of a client made long ago is no longer open.
  known = Object.fromEntries(Object.entries(stored).slice(-KEEP));
  await outbox.setMeta(KEY, known);
}
