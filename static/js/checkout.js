// A check-out after the note was written leads back to the briefing ("Checked out · 42 min ·
// note saved") instead of a blank note form. The visit has its note when the server had
// one as the page was made (data-note-written on the form), when one waits on this phone,
// or when one was on it while this page was open and has synced since. As on the server
// (notes.visit_has_note), a note counts when it names the visit or, naming none, was
// written at the same client since the check-in.
import * as outbox from "./outbox.js";
import { idOf } from "./refs.js";

const notes = new Map(); // note operations seen in the outbox while this page is open, by id

function remember(records, userId) {
  for (const record of records) {
    if (record.userId === userId && record.op.kind === "note") notes.set(record.id, record.op);
  }
}

export function watchNotes(userId) {
  const look = async () => remember(await outbox.all(), userId);
  outbox.onChange((detail) => {
    if (detail?.type === "discarded") notes.delete(detail.id);
    else if (detail?.type !== "meta") look();
  });
  return look();
}

function belongs(note, visitId, clientId, since) {
  if (note.visit_id) return note.visit_id === visitId;
  return note.client_id === clientId && new Date(note.at) >= new Date(since);
}

// Minutes from check-in to check-out (at least one) when the visit has its note; else (or
// when the check-in time is unknown) null, and the check-out leads to the note form.
export async function visitNote(form, op, userId) {
  remember(await outbox.all(), userId);
  const since = form.dataset.checkedInAt;
  const clientId = idOf(form.dataset.clientId);
  const noted = form.hasAttribute("data-note-written") ||
    [...notes.values()].some((note) => belongs(note, op.visit_id, clientId, since));
  if (!noted) return null;
  const minutes = Math.floor((new Date(op.at) - new Date(since)) / 60000);
  return Number.isFinite(minutes) ? Math.max(1, minutes) : null;
}
