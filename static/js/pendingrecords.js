// People, personal topics and clients changed on this phone, shown where they belong until
// the page is loaded again: a new person's card, a topic's new text or status, the client's
// new address, its site set here, a new client on Today. Drawn afresh each time from the
// page as the server rendered it (a waiting change can be discarded); runs after
// pendingtopics.js, which puts the person cards back as they were.
import { badge, el } from "./dom.js";
import { t } from "./messages.js";
import { formatAgo } from "./time.js";
import { clientPage, idOf } from "./refs.js";

const saved = new WeakMap(); // element → its data-* (and, for the header, children) as rendered
const STATUS = { followed_up: "followedUp", closed: "topicClosed" };

function keep(node, children = false) {
  if (!saved.has(node)) saved.set(node, { data: { ...node.dataset }, children: children ? node.cloneNode(true) : null });
  const { data, children: copy } = saved.get(node);
  for (const key of Object.keys(node.dataset)) if (!(key in data)) delete node.dataset[key];
  Object.assign(node.dataset, data);
  if (copy) node.replaceChildren(...copy.cloneNode(true).childNodes);
}

export function renderRecords(doc, list) {
  const mine = list.filter((r) => KINDS.has(r.op.kind) || r.op.kind === "note");
  if (doc.querySelector("form.search")) return today(doc, mine);
  const head = doc.querySelector("[data-client-record]");
  if (!head) return;
  doc.querySelectorAll("[data-local]").forEach((node) => node.remove());
  keep(head, true);
  doc.querySelectorAll("article.person[data-contact-id]").forEach((card) => keep(card));
  const clientId = idOf(head.dataset.clientId);
  const people = new Set(); // contacts of this page: row ids and refs
  doc.querySelectorAll("article.person").forEach((card) => people.add(idOf(card.dataset.contactId || card.dataset.contactRef)));
  for (const r of mine) {
    const { op } = r;
    if (op.kind === "add_person" && op.client_id === clientId) people.add(addPerson(doc, r));
    else if (op.kind === "edit_person" && people.has(op.contact_id)) editPerson(doc, r);
    else if (op.kind === "add_topic" && people.has(op.contact_id)) addTopic(doc, op.contact_id, op, r);
    else if (op.kind === "edit_topic") editTopic(doc, r);
    else if (op.kind === "note" && op.client_id === clientId) {
      // Topics for people made on this phone: pendingtopics.js knows only the server's cards.
      (op.new_topics || []).filter((topic) => typeof topic.contact_id === "string").forEach((topic) => addTopic(doc, topic.contact_id, topic, r));
    } else if (op.kind === "edit_client" && op.client_id === clientId) editClient(doc, head, r);
    else if (op.kind === "site_here" && op.client_id === clientId) siteHere(doc, head, r);
  }
}

const KINDS = new Set(["add_person", "edit_person", "add_topic", "edit_topic", "new_client", "edit_client", "site_here"]);

function card(doc, contactId) {
  return doc.querySelector(`article.person[data-contact-id="${CSS.escape(String(contactId))}"], article.person[data-contact-ref="${CSS.escape(String(contactId))}"]`);
}

function link(doc, dialog, text) {
  const a = el(doc, "a", "small-link", text);
  a.href = "#";
  a.dataset.dialog = dialog;
  return a;
}

function heading(doc, node, name, title, record) {
  let h3 = node.querySelector("h3");
  if (!h3) node.prepend(h3 = el(doc, "h3"));
  h3.replaceChildren(name, " ");
  if (title) h3.append(el(doc, "span", "muted", `· ${title}`), " ");
  h3.append(badge(doc, record));
}

function addPerson(doc, record) {
  const { op } = record;
  const node = el(doc, "article", "card person pending");
  node.dataset.local = "";
  node.dataset.contactRef = op.id;
  Object.assign(node.dataset, { name: op.name, title: op.title ?? "", phone: op.phone ?? "", email: op.email ?? "" });
  heading(doc, node, op.name, op.title, record);
  const links = el(doc, "p", "person-links");
  links.append(link(doc, "add-topic", `+ ${t("personalTopic")}`), link(doc, "edit-person", t("edit")));
  node.append(links);
  const section = doc.querySelector("[data-people]") ?? doc.getElementById("people-h").closest("section");
  const last = [...section.querySelectorAll("article.person")].pop();
  if (last) last.after(node);
  else section.append(node);
  section.querySelector("[data-no-people]")?.setAttribute("hidden", "");
  return op.id;
}

function editPerson(doc, record) {
  const { op } = record;
  const node = card(doc, op.contact_id);
  Object.assign(node.dataset, op.fields);
  heading(doc, node, node.dataset.name, node.dataset.title, record);
}

function addTopic(doc, contactId, topic, record) {
  const node = card(doc, contactId);
  if (!node) return;
  let topics = node.querySelector("ul.topics");
  if (!topics) {
    topics = el(doc, "ul", "topics");
    node.querySelector("h3").after(topics);
    node.querySelector(":scope > p.muted")?.setAttribute("hidden", ""); // "No personal topics yet."
  }
  const li = el(doc, "li", "topic pending");
  li.dataset.local = "";
  Object.assign(li.dataset, { topicId: topic.id ?? record.op.id, status: "open", followUp: topic.follow_up ?? "" });
  const title = link(doc, "edit-topic", topic.title);
  title.className = "topic-title";
  li.append(title, " ", el(doc, "span", "muted when", formatAgo(record.op.at)));
  if (topic.follow_up) li.append(el(doc, "p", "ask", topic.follow_up));
  li.querySelector(".when").append(" ", badge(doc, record));
  topics.prepend(li);
}

function editTopic(doc, record) {
  const { op } = record;
  const li = doc.querySelector(`li.topic[data-topic-id="${CSS.escape(String(op.topic_id))}"]`);
  if (!li) return;
  const { title, follow_up: followUp, status } = op.fields;
  if (title !== undefined) li.querySelector(".topic-title").textContent = title;
  if (followUp !== undefined) {
    li.dataset.followUp = followUp;
    const ask = li.querySelector(".ask") ?? li.appendChild(el(doc, "p", "ask"));
    ask.textContent = followUp;
    ask.hidden = !followUp;
  }
  if (status !== undefined) {
    li.dataset.status = status;
    li.classList.toggle("closed", status === "closed");
  }
  const when = li.querySelector(".when");
  when.replaceChildren([formatAgo(op.at), t(STATUS[li.dataset.status] ?? "")].filter(Boolean).join(" · "), " ", badge(doc, record));
  li.classList.add("pending");
}

function editClient(doc, head, record) {
  const { op } = record;
  const fields = { ...op.fields };
  if (fields.rhythm_days !== undefined) fields.rhythmWeeks = String(Math.max(1, Math.round(fields.rhythm_days / 7)));
  for (const [name, key] of [["name", "name"], ["address", "address"], ["city", "city"], ["access_notes", "accessNotes"]]) {
    if (fields[name] !== undefined) head.dataset[key] = fields[name];
  }
  if (fields.rhythmWeeks) head.dataset.rhythmWeeks = fields.rhythmWeeks;
  const { name, address, city, accessNotes, rhythmWeeks } = head.dataset;
  head.querySelector("h1").textContent = name;
  for (const node of doc.querySelectorAll("[data-client-name]")) node.dataset.clientName = name;
  const place = head.querySelector("[data-client-place]");
  if (place && (fields.address !== undefined || fields.city !== undefined)) place.textContent = [address, city].filter(Boolean).join(", ");
  if (fields.access_notes !== undefined) {
    let notes = head.querySelector(".access-notes");
    if (!notes) place.after(notes = el(doc, "p", "access-notes small"));
    notes.textContent = accessNotes;
    notes.hidden = !accessNotes;
  }
  if (fields.rhythmWeeks) {
    const rhythm = el(doc, "p", "muted small", t("visitEvery", { count: Number(rhythmWeeks) }));
    head.querySelector(".rhythm")?.after(rhythm);
    rhythm.dataset.local = "";
  }
  const line = el(doc, "p", "client-change");
  line.dataset.local = "";
  line.append(badge(doc, record), " ", t("clientChanged", { when: formatAgo(op.at) }));
  head.append(line);
}

function siteHere(doc, head, record) {
  const { op } = record;
  const line = el(doc, "p", "client-change");
  line.dataset.local = "";
  line.append(badge(doc, record), " ", t("siteSetHere", { distance: metres(op.accuracy) }));
  head.append(line);
}

export function metres(value) {
  const lang = document.documentElement.lang || undefined;
  return new Intl.NumberFormat(lang, { style: "unit", unit: "meter", maximumFractionDigits: 0 }).format(Math.round(value || 0)).replace(" ", "\u00a0");
}

// Today: a client made on this phone heads the list until the page is loaded again.
function today(doc, list) {
  doc.querySelectorAll("[data-local]").forEach((node) => node.remove());
  const made = list.filter((r) => r.op.kind === "new_client");
  if (!made.length) return;
  let clients = doc.querySelector("ul.client-list");
  if (!clients) {
    clients = el(doc, "ul", "client-list");
    clients.dataset.local = "";
    doc.querySelector("form.search").after(clients);
  }
  for (const r of made) {
    const row = el(doc, "a", "client-row pending");
    row.href = clientPage(r.op.id);
    const main = el(doc, "span", "client-main");
    main.append(el(doc, "strong", "", r.op.name), el(doc, "span", "muted", [r.op.address, r.op.city].filter(Boolean).join(", ")));
    const when = el(doc, "span", "client-when");
    when.append(badge(doc, r));
    row.append(main, when);
    const item = el(doc, "li");
    item.dataset.local = "";
    item.append(row);
    clients.prepend(item);
  }
}
