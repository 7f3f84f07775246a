// Personal topics on the briefing's person cards as the notes still on the phone leave
// them: a topic mentioned shows when, its new status and follow-up question; a new topic
// appears under its person. Each is marked "waiting to sync" (or "synced" once the server
// has it, until a reload). Drawn afresh from the server's cards each time, since a waiting
// note can be discarded.
import { badge, el } from "./dom.js";
import { t } from "./messages.js";
import { formatAgo } from "./time.js";

const originals = new WeakMap(); // each card as the server rendered it

export function renderTopics(doc, list) {
  const clientId = Number(doc.getElementById("pending-notes")?.dataset.clientId);
  const cards = doc.querySelectorAll("article.person[data-contact-id]");
  if (!clientId || !cards.length) return;
  for (const card of cards) {
    if (!originals.has(card)) originals.set(card, card.cloneNode(true));
    card.replaceChildren(...originals.get(card).cloneNode(true).childNodes);
  }
  for (const r of list.filter((record) => record.op.kind === "note" && record.op.client_id === clientId)) {
    (r.op.topics || []).forEach((change) => mention(doc, change, r));
    (r.op.new_topics || []).forEach((topic) => add(doc, topic, r));
  }
}

function mention(doc, change, record) {
  const li = doc.querySelector(`li.topic[data-topic-id="${CSS.escape(change.id)}"]`);
  if (!li) return;
  const status = { followed_up: t("followedUp"), closed: t("topicClosed") }[change.status];
  li.querySelector(".when")?.replaceChildren([formatAgo(record.op.at), status].filter(Boolean).join(" · "));
  if (change.follow_up?.trim()) ask(doc, li).textContent = change.follow_up;
  mark(doc, li, record);
  li.parentElement.prepend(li); // mentioned last, so first, as the server orders them
}

function add(doc, topic, record) {
  const card = doc.querySelector(`article.person[data-contact-id="${Number(topic.contact_id)}"]`);
  if (!card) return;
  let topics = card.querySelector("ul.topics");
  if (!topics) {
    topics = el(doc, "ul", "topics");
    card.querySelector("h3").after(topics);
    card.querySelector(":scope > p.muted")?.setAttribute("hidden", ""); // "No personal topics yet."
  }
  const li = el(doc, "li", "topic");
  li.dataset.topicId = topic.id;
  li.append(el(doc, "span", "topic-title", topic.title), " ", el(doc, "span", "muted when", formatAgo(record.op.at)));
  if (topic.follow_up?.trim()) ask(doc, li).textContent = topic.follow_up;
  mark(doc, li, record);
  topics.prepend(li); // mentioned last, so first, as the server orders them
}

function ask(doc, li) {
  return li.querySelector(".ask") ?? li.appendChild(el(doc, "p", "ask"));
}

function mark(doc, li, record) {
  li.classList.add("pending");
  li.querySelector(".when").append(" ", badge(doc, record));
}
