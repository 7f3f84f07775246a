// The Import button of the preview: the server tells how far the import has got (a JSON line
// every few thousand rows: rows done of all rows, by stage), shown in a <progress>, and the
// last line names the report, which then opens. Without this script the form posts as it is
// and the report opens when the import is done. The numbers are the server's, never guessed.
import { t } from "./messages.js";

const NDJSON = "application/x-ndjson";
const STAGES = {
  open: "importOpening",
  read: "importReading",
  check: "importChecking",
  save: "importSaving",
};

export function initImportProgress(root) {
  for (const form of root.querySelectorAll("form[data-progress]")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      importWithProgress(form);
    });
  }
}

async function importWithProgress(form) {
  const area = form.querySelector(".import-progress");
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  form.querySelector(".flash-error")?.remove();
  area.hidden = false;
  show(area, { stage: "open", done: 0, of: 0 });
  let response;
  try {
    response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: NDJSON },
      credentials: "same-origin",
    });
  } catch {
    return failed(form, t("importConnectionLost"), true);
  }
  if (!response.ok || !(response.headers.get("Content-Type") || "").startsWith(NDJSON)) {
    // Refused (a stale form, a lost session…): the server's own page says why, as without
    // the script. Nothing was imported.
    form.submit();
    return;
  }
  try {
    for await (const message of lines(response.body)) {
      if (message.go) {
        location.assign(message.go);
        return;
      }
      if (message.error) return failed(form, message.error, false);
      show(area, message);
    }
  } catch {
    // The connection broke: the server finishes the import on its own.
  }
  failed(form, t("importConnectionLost"), true);
}

// "Checking rows · 12,000 of 50,000 rows", the bar at 12,000 of 50,000; no count yet: the bar
// moves without a value (indeterminate), as nothing is known.
function show(area, { stage, done, of }) {
  const bar = area.querySelector("progress");
  const text = area.querySelector("p");
  const label = t(STAGES[stage] || "importOpening");
  if (of) {
    bar.max = of;
    bar.value = done;
    text.textContent = `${label} · ${t("importRows", { count: of, done })}`;
  } else {
    bar.removeAttribute("value");
    text.textContent = label;
  }
}

function failed(form, message, maybeDone) {
  const area = form.querySelector(".import-progress");
  area.hidden = true;
  const alert = document.createElement("p");
  alert.className = "flash flash-error";
  alert.setAttribute("role", "alert");
  alert.textContent = message;
  if (maybeDone) {
    const link = document.createElement("a");
    link.href = form.dataset.report;
    link.textContent = t("importOpenReport");
    alert.append(" ", link);
  }
  form.prepend(alert);
  form.querySelector("button[type=submit]").disabled = false;
}

// Each JSON line of the answer as it arrives.
async function* lines(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, end).trim();
      buffer = buffer.slice(end + 1);
      if (line) yield JSON.parse(line);
    }
  }
}

initImportProgress(document);
