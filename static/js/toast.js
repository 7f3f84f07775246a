// Short confirmations: a toast on this page, or a message carried over to the next page
// (when the app navigates where the form post would have gone).
const KEY = "folka-flash";
let timer = null;

function region(doc) {
  let box = doc.getElementById("toast");
  if (!box) {
    // A live region must exist before its text changes for screen readers to announce it.
    box = doc.createElement("p");
    box.id = "toast";
    box.className = "toast";
    box.setAttribute("role", "status");
    box.hidden = true;
    doc.body.append(box);
  }
  return box;
}

export function initToast(doc) {
  region(doc);
  const text = sessionStorage.getItem(KEY);
  if (!text) return;
  sessionStorage.removeItem(KEY);
  const main = doc.getElementById("main");
  const flashes = doc.createElement("div");
  flashes.className = "flashes";
  flashes.dataset.js = "";
  flashes.setAttribute("role", "status");
  const line = doc.createElement("p");
  line.className = "flash flash-success";
  line.textContent = text;
  flashes.append(line);
  main?.prepend(flashes);
}

export function toast(doc, text) {
  const box = region(doc);
  box.textContent = text;
  box.hidden = false;
  clearTimeout(timer);
  timer = setTimeout(() => { box.hidden = true; }, 6000);
}

// Takes the toast away at once, when what it covers says more (a field's message).
export function hideToast(doc) {
  clearTimeout(timer);
  region(doc).hidden = true;
}

export function carryOver(text) {
  sessionStorage.setItem(KEY, text);
}
