// Live "characters left" counter under text areas with a maxlength.
import { t } from "./messages.js";

export function initCounters(root) {
  for (const counter of root.querySelectorAll("[data-counter-for]")) {
    const field = root.getElementById(counter.dataset.counterFor);
    const max = Number(counter.dataset.max);
    if (!field || !max) continue;
    const update = () => {
      const left = max - field.value.length;
      counter.textContent = t("charactersLeft", { count: left });
      counter.classList.toggle("near", left < max * 0.1);
    };
    field.addEventListener("input", update);
    update();
  }
}
