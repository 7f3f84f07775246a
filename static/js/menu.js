// The account menu (a <details> in the top bar) closes the way menus do: on Escape (focus
// goes back to its button), on a tap or click outside it, and when focus moves out of it.
// Left open, it would cover the page under the top bar.
export function initMenus(doc) {
  for (const menu of doc.querySelectorAll("details[data-menu]")) {
    const button = menu.querySelector("summary");
    menu.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || !menu.open) return;
      menu.open = false;
      button.focus();
    });
    menu.addEventListener("focusout", (event) => {
      // relatedTarget is null when focus leaves for nothing focusable (a tap on the page).
      if (event.relatedTarget && !menu.contains(event.relatedTarget)) menu.open = false;
    });
    doc.addEventListener("pointerdown", (event) => {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
  }
}
