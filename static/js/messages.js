// Texts the scripts show, in the page's language. The server renders the translated
// catalogue into <script type="application/json" id="folka-messages">.
let catalogue = null;

function load() {
  if (catalogue) return catalogue;
  const node = document.getElementById("folka-messages");
  catalogue = node ? JSON.parse(node.textContent) : {};
  return catalogue;
}

// t("charactersLeft", {count: 3}) picks the plural form with Intl.PluralRules.
export function t(key, params = {}) {
  let text = load()[key] ?? key;
  if (typeof text === "object") {
    const rule = new Intl.PluralRules(document.documentElement.lang).select(params.count ?? 0);
    text = text[rule] ?? text.other;
  }
  // Numbers in the page's format; anything else (names, formatted dates) as given.
  return text.replace(/\{(\w+)\}/g, (_, name) => {
    if (!(name in params)) return "";
    const value = params[name];
    return typeof value === "number" ? new Intl.NumberFormat(document.documentElement.lang).format(value) : String(value);
  });
}
