// Photos and voice memos on the note form. "Add photo" opens the camera (or the gallery);
// each photo is made smaller as soon as it is chosen (shrink.js), shown as a thumbnail with
// a remove button, its bytes stored on the phone at once (files.js, a draft): forms.js then
// stores the files' records with the note's operation (outbox.add), so saving costs neither
// image work nor writing megabytes. "Record voice memo" is recorder.js. Shown only where the outbox works (the
// files travel with it); without JavaScript the note is saved without them.
import { t } from "./messages.js";
import { el } from "./dom.js";
import { shrink } from "./shrink.js";
import { canRecord, formatClock, initRecorder } from "./recorder.js";
import { allFiles, cleanDrafts, dropDraft, keepDraft } from "./files.js";

const MAX_FILES = 10; // as the server (webapp/attachments/store.py)
const MAX_ORIGINAL_BYTES = 2 * 1024 * 1024; // a photo the browser cannot redraw goes as it is
const SENT_AS_IS = ["image/jpeg", "image/webp", "image/png"];
const state = new WeakMap(); // form → {items, box}

export function initAttachments(form) {
  const box = form.querySelector("[data-attachments]");
  if (!box) return;
  const items = [];
  state.set(form, { items, box });
  const say = (text) => { box.querySelector("[data-attach-status]").textContent = text; };
  const input = box.querySelector("[data-attach-photo]");
  input.addEventListener("change", () => {
    const chosen = [...input.files];
    input.value = ""; // the same photo may be chosen again after a remove
    if (items.length + chosen.length > MAX_FILES) say(t("tooManyFiles", { max: MAX_FILES }));
    chosen.slice(0, Math.max(0, MAX_FILES - items.length)).forEach((file) => addPhoto(form, file, say));
  });
  const start = box.querySelector("[data-memo-record]");
  if (canRecord()) {
    initRecorder(start, box.querySelector("[data-recorder]"), async (memo) => {
      if (items.length >= MAX_FILES) return say(t("tooManyFiles", { max: MAX_FILES }));
      const id = crypto.randomUUID();
      await keepDraft(id, memo.blob).catch(() => {}); // shown once stored, as a photo is
      const item = add(form, { id, kind: "memo", ...memo, size: memo.blob.size });
      say(t("recordedListen", { time: formatClock(memo.duration) }));
      box.querySelector(`[data-id="${item.id}"] audio`)?.focus(); // listen before saving
    }, say);
  } else {
    start.hidden = true;
  }
  box.hidden = false;
  refill(form);
  cleanDrafts().catch(() => {});
}

// The records of the files to store with the note, once every chosen one is ready and its
// bytes are stored (a photo chosen a moment before Save may still be drawing).
export async function attachedFiles(form) {
  const found = state.get(form);
  if (!found) return [];
  await Promise.all(found.items.map((item) => item.ready));
  return found.items.filter((item) => item.blob).map((item, order) => ({
    id: item.id, kind: item.kind, type: item.type, size: item.size,
    width: item.width, height: item.height, duration: item.duration, order,
  }));
}

// After a save: the form starts again without files.
export function clearAttached(form) {
  const found = state.get(form);
  if (!found) return;
  found.items.forEach((item) => item.url && URL.revokeObjectURL(item.url));
  found.items.length = 0;
  draw(form);
}

function addPhoto(form, file, say) {
  const item = add(form, { kind: "photo", preparing: true });
  item.ready = shrink(file).catch(() => {
    if (SENT_AS_IS.includes(file.type) && file.size <= MAX_ORIGINAL_BYTES) return { blob: file, type: file.type };
    say(t("photoUnreadable"));
    return null;
  }).then(async (photo) => {
    if (photo) await keepDraft(item.id, photo.blob).catch(() => {});
    if (photo) {
      Object.assign(item, photo, { size: photo.blob.size, preparing: false });
      say(t("photoAdded"));
    } else {
      remove(form, item);
    }
    draw(form);
  });
}

function add(form, fields) {
  const item = { id: crypto.randomUUID(), ready: Promise.resolve(), ...fields };
  state.get(form).items.push(item);
  draw(form);
  return item;
}

function remove(form, item, say) {
  const { items } = state.get(form);
  if (!items.includes(item)) return;
  items.splice(items.indexOf(item), 1);
  if (item.url) URL.revokeObjectURL(item.url);
  if (!item.saved) dropDraft(item.id).catch(() => {}); // a refused note's file stays with it
  draw(form);
  say?.(t(item.kind === "photo" ? "photoRemoved" : "memoRemoved"));
}

function draw(form) {
  const { items, box } = state.get(form);
  const list = box.querySelector("[data-attach-list]");
  let photos = 0;
  list.replaceChildren(...items.map((item) => {
    const li = el(document, "li", `attach-item ${item.kind}`);
    li.dataset.id = item.id;
    if (item.preparing) {
      li.append(el(document, "span", "muted small", t("preparingPhoto")));
      return li;
    }
    li.dataset.attachment = item.kind;
    if (item.kind === "memo") li.dataset.memoReady = "";
    item.url ??= URL.createObjectURL(item.blob);
    const label = item.kind === "photo" ? t("photoNumber", { number: (photos += 1) })
      : t("memoWithTime", { time: formatClock(item.duration || 0) });
    if (item.kind === "photo") li.append(Object.assign(el(document, "img"), { src: item.url, alt: label }));
    else li.append(el(document, "span", "small", label), Object.assign(el(document, "audio"), { src: item.url, controls: true }));
    const drop = el(document, "button", "button quiet danger", t("remove"));
    drop.type = "button";
    drop.setAttribute("aria-label", item.kind === "photo" ? t("removePhoto", { number: photos }) : t("removeMemo"));
    drop.addEventListener("click", () => {
      remove(form, item, (text) => { box.querySelector("[data-attach-status]").textContent = text; });
      box.querySelector("[data-attach-photo]").focus();
    });
    li.append(drop);
    return li;
  }));
}

// Fixing a refused note (?fix=<operation id>): its files come back on the form.
async function refill(form) {
  const id = new URL(location.href).searchParams.get("fix");
  if (!id) return;
  const files = (await allFiles()).filter((file) => file.opId === id);
  for (const file of files) add(form, { ...file, ready: Promise.resolve(), url: null, saved: true });
}
