// Keeping what is saved on the phone. Safari deletes a site's storage after seven days
// without use unless the site is on the home screen, so iPhone and iPad users get a hint to
// add Folka there (until they dismiss it). Everyone: ask the browser to keep our storage
// even when the phone runs short of space (Chromium grants it silently to engaged sites).
const DISMISSED = "folka-install-hint-dismissed";

export function initInstallHint(doc) {
  const hint = doc.getElementById("install-hint");
  const ios = /iPhone|iPad|iPod/.test(navigator.userAgent) ||
    (/Macintosh/.test(navigator.userAgent) && navigator.maxTouchPoints > 1); // iPadOS
  const standalone = navigator.standalone === true || matchMedia("(display-mode: standalone)").matches;
  if (!hint || !ios || standalone || localStorage.getItem(DISMISSED)) return;
  hint.hidden = false;
  hint.querySelector("[data-dismiss]").addEventListener("click", () => {
    hint.hidden = true;
    localStorage.setItem(DISMISSED, "1");
  });
}

export async function askPersistentStorage() {
  try {
    if (navigator.storage?.persist && !(await navigator.storage.persisted())) {
      await navigator.storage.persist();
    }
  } catch {
    // Not granted: storage stays "best effort"; the eager syncs are the remedy.
  }
}
