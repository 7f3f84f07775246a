// A table wider than its place scrolls sideways inside its region (the weekly review's
// tables). While it scrolls, the region is a tab stop, so a keyboard can scroll it with the
// arrow keys, and its frame fades the edge that hides more columns; a table that fits is no
// tab stop and shows no fade. Without this script every region stays a tab stop.

/** Mark one region: a tab stop or not, and which of its edges hide columns. */
function mark(region) {
  const hidden = region.scrollWidth - region.clientWidth;
  const scrolls = hidden > 1;
  if (scrolls) region.setAttribute("tabindex", "0");
  else region.removeAttribute("tabindex");
  const frame = region.parentElement;
  frame.classList.toggle("more-before", scrolls && region.scrollLeft > 1);
  frame.classList.toggle("more-after", scrolls && region.scrollLeft < hidden - 1);
}

/** Watch every scroll region under `root`: its size, its table's size, its scrolling. */
function initScrollRegions(root) {
  const regions = root.querySelectorAll("[data-scroll-region]");
  if (!regions.length || !("ResizeObserver" in window)) return;
  // A region changes size with the window; its table with the fonts and a details opening.
  const observer = new ResizeObserver((entries) => {
    for (const entry of entries) mark(entry.target.closest("[data-scroll-region]"));
  });
  for (const region of regions) {
    observer.observe(region);
    if (region.firstElementChild) observer.observe(region.firstElementChild);
    region.addEventListener("scroll", () => mark(region), { passive: true });
  }
}

initScrollRegions(document);
