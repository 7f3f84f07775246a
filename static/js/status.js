// The sync status. In the top bar, "✓ Synced" when nothing waits, else "Sync now"; a tap
// pushes the outbox and refreshes the saved pages (pwa/_sync_chip.html). Under the top bar,
// only when something waits or failed, one short bar: how many changes wait and why, a login
// link when the session ended, the changes the server refused (rejected.js) and the failed
// updates of the saved pages (pwa/_status.html). On the login page only the bar, when
// changes wait. A live region (announce.js) speaks changes of state, not the ticking clock.
import * as outbox from "./outbox.js";
import { t } from "./messages.js";
import { formatAgo } from "./time.js";
import { renderRejected } from "./rejected.js";
import { allSynced, syncState } from "./syncstate.js";
import { announcer } from "./announce.js";
import { countText } from "./files.js";

const TICK_MS = 30000; // keeps "2 minutes ago" true

export function initStatus(doc, syncNow, userId = Number(doc.body.dataset.userId) || null) {
  const box = doc.getElementById("sync-status");
  if (!box) return Promise.resolve();
  const chip = userId ? doc.querySelector("[data-sync-now]") : null;
  const announce = announcer(doc.querySelector("[data-sync-announce]"));
  let syncing = false;
  const render = async (options) => {
    try {
      const state = await syncState(userId);
      announce(show(doc, box, state), options);
      if (chip) showChip(doc, chip, state, syncing);
    } catch {
      box.hidden = true; // no IndexedDB: nothing is kept on this phone to speak of
    }
  };
  chip?.addEventListener("click", async () => {
    syncing = true;
    render();
    try {
      await syncNow();
    } finally {
      syncing = false;
      await render({ force: true });
    }
  });
  outbox.onChange(() => render());
  if (chip) window.addEventListener("resize", () => fit(chip));
  setInterval(render, TICK_MS);
  return render();
}

// Draws the bar; returns what it says in one sentence, for the live region.
function show(doc, box, state) {
  const parts = [];
  if (state.waiting) parts.push(t("waiting", { count: state.waiting }));
  if (state.files.length) parts.push(t("filesWaiting", { files: countText(t, state.files) }));
  if (state.others) parts.push(t("othersWaiting", { count: state.others }));
  if (state.failed) parts.push(t("refreshFailed", { count: state.failed }));
  let detail = "";
  if (state.retrying) detail = t("willRetry");
  else if (parts.length && state.lastSync) detail = t("lastSync", { when: formatAgo(state.lastSync) });
  box.querySelector("[data-sync-count]").textContent = parts.join(" · ");
  box.querySelector("[data-sync-last]").textContent = detail;
  box.querySelector(".sync-text").hidden = !parts.length;
  box.classList.toggle("waiting", state.waiting + state.files.length > 0);
  box.querySelector("[data-sync-login]").hidden = !state.login;
  renderRejected(doc, box.querySelector("[data-sync-rejected]"), state.rejected, state.seen);
  box.hidden = allSynced(state);
  if (box.hidden) return t("allSaved");
  if (state.rejected.length) parts.push(t("needsAttention", { count: state.rejected.length }));
  if (state.retrying) parts.push(detail);
  return parts.join(" · ");
}

function showChip(doc, chip, state, syncing) {
  const synced = allSynced(state) && !syncing;
  chip.hidden = false;
  chip.disabled = syncing;
  chip.classList.toggle("synced", synced);
  chip.querySelector("[data-sync-word]").textContent = syncing ? t("syncing") : t(synced ? "synced" : "syncNow");
  // Read out after the button's name, and shown on hover: what a tap does, and when.
  const when = state.lastSync ? t("lastSync", { when: formatAgo(state.lastSync) }) : "";
  const detail = [synced ? t("syncNow") : "", when].filter(Boolean).join(" · ");
  const described = doc.getElementById(chip.getAttribute("aria-describedby"));
  if (described) described.textContent = detail;
  chip.title = detail;
  fit(chip);
}

// The word goes (for the eye only) when the top bar has no room for it.
function fit(chip) {
  chip.classList.remove("compact");
  chip.classList.toggle("compact", chip.scrollWidth > chip.clientWidth + 1);
}
