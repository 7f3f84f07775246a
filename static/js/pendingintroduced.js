// A person marked introduced on the phone (mark_introduced, webapp/handover/introductions.py)
// shows so on the briefing's introduction until a reload: the button gives way to the mark,
// "waiting to sync" until the server has it. The words come from the page, in its language.
import { el } from "./dom.js";

export function renderIntroduced(doc, list) {
  for (const r of list.filter((record) => record.op.kind === "mark_introduced")) {
    const form = doc.querySelector(`form[data-op=mark_introduced][data-contact-id="${CSS.escape(String(r.op.contact_id))}"]`);
    if (!form) continue;
    form.hidden = true;
    const mark = form.parentElement.querySelector(".introduced-mark") ?? el(doc, "span");
    mark.className = `badge introduced-mark ${r.synced ? "live" : "warn"}`;
    mark.textContent = r.synced ? form.dataset.doneLabel : form.dataset.waitingLabel;
    form.after(mark);
  }
}
