// A live region that speaks when the sync state changes, not each time the status is drawn
// again: screen readers announce every rewrite of a live region, even to the same words.
export function announcer(region) {
  let last = null;
  // `force`: the user asked (Sync now), so the outcome is spoken even when it is unchanged.
  return (text, { force = false } = {}) => {
    if (!region) return;
    const first = last === null;
    if (text === last && !force) return;
    last = text;
    if (first && !force) return; // the state the page opened with is shown, not spoken
    region.textContent = "";
    // Emptied first and filled a moment later, so that the same words count as new.
    setTimeout(() => { region.textContent = text; }, 50);
  };
}
