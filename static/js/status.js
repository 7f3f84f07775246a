// The sync status under the top bar on every page: how many changes wait, when the last
// sync succeeded, "Sync now", a login link when the session has ended, the changes the
// server rejected (rejected.js), and how often the worker failed to refresh the saved pages
// (failures.js). On the login page it only says how many changes wait.
import * as outbox from "./outbox.js";
import { t } from "./messages.js";
import { formatAgo } from "./time.js";
import { renderRejected } from "./rejected.js";
import { failures } from "./failures.js";

const TICK_MS = 30000; // keeps "2 minutes ago" true

export function initStatus(doc, syncNow) {
  const box = doc.getElementById("sync-status");
  if (!box) return;
  const userId = Number(doc.body.dataset.userId) || null;
  const button = box.querySelector("[data-sync-now]");
  button.hidden = !userId;
  button.addEventListener("click", async () => {
    button.disabled = true;
    box.querySelector("[data-sync-count]").textContent = t("syncing");
    await syncNow();
    button.disabled = false;
    render();
  });
  const render = () => show(doc, box, userId).catch(() => { box.hidden = true; });
  outbox.onChange(render);
  setInterval(render, TICK_MS);
  render();
}

async function show(doc, box, userId) {
  const records = await outbox.all();
  const state = (await outbox.getMeta("state")) || {};
  const lastSync = await outbox.getMeta("lastSync");
  const mine = records.filter((r) => !userId || r.userId === userId);
  const waiting = mine.filter((r) => r.status === "pending").length;
  const others = userId ? records.filter((r) => r.userId !== userId && r.status === "pending").length : 0;
  if (!userId && !waiting) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  const parts = [waiting ? t("waiting", { count: waiting }) : t("allSaved")];
  if (others) parts.push(t("othersWaiting", { count: others }));
  box.querySelector("[data-sync-count]").textContent = parts.join(" · ");
  let detail = lastSync ? t("lastSync", { when: formatAgo(lastSync) }) : "";
  if (waiting && userId && (state.status === "offline" || state.status === "error")) detail = t("willRetry");
  const failed = userId ? (await failures()).count : 0;
  if (failed) detail = [detail, t("refreshFailed", { count: failed })].filter(Boolean).join(" · ");
  box.querySelector("[data-sync-last]").textContent = detail;
  box.classList.toggle("waiting", waiting > 0);
  box.querySelector("[data-sync-login]").hidden = !(userId && waiting && state.status === "login");
  renderRejected(doc, box.querySelector("[data-sync-rejected]"), mine.filter((r) => r.status === "rejected"));
}
