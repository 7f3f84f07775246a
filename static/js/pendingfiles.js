// A note's photos and voice memos on its card on the briefing (pending.js), at once: "2
// photos, 1 voice memo waiting" and the photos as small thumbnails drawn from the copies on
// this phone. Once the note and its files are on the server, the thumbnails come from there.
import { allFiles, byNote, countText } from "./files.js";
import { el } from "./dom.js";
import { t } from "./messages.js";

const urls = new Map(); // file id → object URL of the phone's copy, while it is shown

export async function renderFiles(doc, list) {
  const box = doc.getElementById("pending-notes");
  if (!box) return;
  const local = byNote(await allFiles());
  const records = new Map(list.map((record) => [record.id, record]));
  const shown = new Set();
  for (const card of box.querySelectorAll("article[data-op-id]")) {
    card.querySelector(".note-files")?.remove();
    const files = local.get(card.dataset.opId) || [];
    const sent = records.get(card.dataset.opId)?.synced && !files.length
      ? (records.get(card.dataset.opId).op.attachments || []) : [];
    if (!files.length && !sent.length) continue;
    const part = el(doc, "div", "note-files");
    const waiting = files.filter((file) => file.status === "pending");
    const refused = files.filter((file) => file.status === "rejected");
    if (waiting.length) part.append(el(doc, "p", "muted small", t("filesWaiting", { files: countText(t, waiting) })));
    if (refused.length) part.append(el(doc, "p", "error small", t("filesRefused", { files: countText(t, refused) })));
    const photos = [...files, ...sent].filter((file) => file.kind === "photo");
    if (photos.length) {
      const thumbs = el(doc, "ul", "note-photos");
      photos.forEach((file, index) => {
        const img = el(doc, "img");
        img.alt = t("photoNumber", { number: index + 1 });
        if (file.blob) {
          if (!urls.has(file.id)) urls.set(file.id, URL.createObjectURL(file.blob));
          img.src = urls.get(file.id);
          shown.add(file.id);
        } else {
          img.src = `/files/${encodeURIComponent(file.id)}/thumb`;
        }
        const item = el(doc, "li");
        item.append(img);
        thumbs.append(item);
      });
      part.append(thumbs);
    }
    card.append(part);
  }
  for (const [id, url] of urls) {
    if (!shown.has(id)) {
      URL.revokeObjectURL(url);
      urls.delete(id);
    }
  }
}
