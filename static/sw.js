// Folka's service worker (a module, served by Flask at /sw.js with the two values below
// filled in). It precaches the app shell, keeps the rep's pages offline (network first,
// cache fallback), and pushes the outbox on Background Sync. It never answers POSTs or
// /api/*: writes go to the network or fail visibly, and the outbox retries them.
import { OFFLINE_INDEX, PAGES_CACHE_PREFIX, SHELL_CACHE_PREFIX, SYNC_TAG } from "/static/js/names.js";
import { clearFailures, recordFailure } from "/static/js/failures.js";
import { flush, touchedClients } from "/static/js/sync.js";
import * as owner from "/static/js/owner.js";
import * as stalls from "/static/js/stalls.js";

const VERSION = "__FOLKA_VERSION__";
const SHELL = ["__FOLKA_SHELL__"];
const SHELL_CACHE = `${SHELL_CACHE_PREFIX}${VERSION}`;
const PAGES_CACHE = `${PAGES_CACHE_PREFIX}${VERSION}`;
const NAVIGATION_TIMEOUT_MS = 4000; // then a saved copy beats a stalled network
const QUICK_WAIT_MS = 500; // the wait instead, soon after the network failed (stalls.js)
const FULL_REFRESH_MS = 15 * 60 * 1000; // all pages at most this often; touched ones at once
const PARALLEL = 4;
const REFRESH_LOCK = "folka-refresh"; // one refresh at a time, whoever asks
const PAGE = /^\/(clients\/\d+(\/note)?|map|plan)?$/; // Today, briefings, note forms, map, route
const THUMBNAIL = /^\/files\/[0-9a-fA-F-]{36}\/thumb$/; // a note's photo on a saved briefing
// Static files under the fingerprint of their version (webapp/assets.py): this one's prefix.
const FINGERPRINTED = /^\/static\/[0-9a-f]{16}\//;
const STATIC_PREFIX = SHELL.map((url) => url.match(FINGERPRINTED)?.[0]).find(Boolean);
const ANY_STATIC = /^\/static\/(?:[0-9a-f]{16}\/)?/;
// The headers a page of a batch is saved with, as if it had been fetched alone.
const COPIED_HEADERS = ["Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
  "Permissions-Policy", "X-Frame-Options"];
const fromCache = new Set(); // ids of windows whose page came from the cache
let generation = 0; // bumped at logout so a refresh under way stores nothing more
// Another user, or nobody, logged in (seen here or by a page): nothing under way stores more.
owner.onOwnerChange(() => { generation += 1; });

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    // A fingerprinted file may come from the HTTP cache (the page has just fetched it, and
    // its address changes with its bytes); "reload" for the rest, which must be this version.
    await cache.addAll(SHELL.map((url) => FINGERPRINTED.test(url) ? url
      : new Request(url, { cache: "reload" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    // Old shells go now; old pages stay as a fallback until this version has saved its own.
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(SHELL_CACHE_PREFIX) && n !== SHELL_CACHE)
      .map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method === "POST" && request.mode === "navigate" && url.pathname === "/logout") {
    // Logged out without the page's script (it failed, or the form was sent another way):
    // the saved pages go all the same. Clear-Site-Data "cache" does not reach them.
    event.waitUntil(forgetPages());
    return;
  }
  if (request.method !== "GET" || url.origin !== location.origin) return;
  if (url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") event.respondWith(navigate(event, url));
  else if (url.pathname.startsWith("/static/")) event.respondWith(shellFirst(request, url));
  else if (THUMBNAIL.test(url.pathname)) event.respondWith(fileFirst(request, url));
});

// A file of the shell. A page saved by an earlier version names its files under that
// version's fingerprint, and a plain /static/… address none: both get this version's.
async function shellFirst(request, url) {
  const path = STATIC_PREFIX ? url.pathname.replace(ANY_STATIC, STATIC_PREFIX) : url.pathname;
  const cached = await caches.match(path, { cacheName: SHELL_CACHE, ignoreVary: true });
  return cached || fetch(request);
}

// A thumbnail kept with the saved pages, else the network.
async function fileFirst(request, url) {
  return (await savedFile(url.pathname)) || fetch(request);
}

// Network first; a saved copy when the network fails, stalls or the server is down
// (a 5xx from a proxy); else the offline page. Soon after the network failed or stalled, a
// saved copy is shown after a short wait instead of the full one (the rule: stalls.js).
// The page's user (its Folka-User header) is settled before the page is shown: another
// user or nobody logged in, and the saved pages are gone first (owner.js).
async function navigate(event, url) {
  const started = Date.now();
  const network = fetch(event.request);
  const key = pageKey(url);
  // A body can be read only once, and Response.clone() throws once reading has begun. The
  // page reads this body as soon as respondWith() gets it, so the copy to keep is cloned in
  // the first reaction to the fetch, before the page gets the answer.
  const answer = network.then(async (response) => {
    const copy = key ? response.clone() : null;
    await owner.settle(owner.userOf(response)).catch(() => false);
    return { response, copy };
  });
  // No network is not a failure here (the page gets a saved copy); a copy that cannot be
  // stored is.
  if (key) event.waitUntil(answer.then(({ copy }) => keep(key, copy, generation), () => false)
    .catch(recordFailure));
  event.waitUntil(judgeNetwork(network, started));
  const quick = key && (await stalls.troubled().catch(() => false)) && (await savedPage(key));
  let response = null;
  try {
    ({ response } = await Promise.race([answer, timeout(quick ? QUICK_WAIT_MS : NAVIGATION_TIMEOUT_MS)]));
    if (response.status < 500) return response;
  } catch { /* offline, or the network stalls */ }
  const saved = key && (await savedPage(key));
  if (saved) {
    fromCache.add(event.resultingClientId);
    return saved;
  }
  return response || (await caches.match("/offline", { cacheName: SHELL_CACHE })) || Response.error();
}

// Whatever this navigation waited, the network is judged by the full wait (stalls.js).
function judgeNetwork(network, started) {
  const left = NAVIGATION_TIMEOUT_MS - (Date.now() - started);
  return Promise.race([network, timeout(left)])
    // A navigation the rep left (AbortError) says nothing about the network, and neither does
    // one that failed at once (offline): a saved copy shows at once then, with no mark needed.
    .then(() => stalls.answered(), (e) => e?.message !== "timeout" || stalls.stalled())
    .catch(() => {}); // the mark cannot be kept: the next page waits in full
}

// The cache key of a page worth keeping: no query, except the note form's ?visit=.
function pageKey(url) {
  if (!PAGE.test(url.pathname)) return null;
  if (url.search && !url.pathname.endsWith("/note")) return null;
  return url.pathname;
}

// The saved copy of a page, only when it was saved for the user this phone is logged in
// as: the Folka-User header it was saved with, or for a copy from before the header, the
// user its cache's index names. This version's copy first, then an older version's.
async function savedPage(key) {
  const user = await owner.owner().catch(() => null);
  if (user === null) return null;
  const names = (await caches.keys()).filter((n) => n.startsWith(PAGES_CACHE_PREFIX))
    .sort((a, b) => (b === PAGES_CACHE) - (a === PAGES_CACHE));
  for (const name of names) {
    const cache = await caches.open(name);
    const page = await cache.match(key, { ignoreVary: true });
    if (page && (await savedFor(page, cache)) === user) return page;
  }
  return null;
}

async function savedFor(page, cache) {
  const user = owner.userOf(page);
  if (user !== undefined) return user;
  const index = await cache.match(OFFLINE_INDEX);
  return (await index?.json().catch(() => null))?.userId ?? null;
}

// Stores a successful page; a redirect (e.g. to the login page) or an error is not kept.
// `response` must be one nobody else reads: cache.put() consumes its body.
async function keep(key, response, gen) {
  // "default": made here, a page of a batch (fetchPages).
  const isPage = response.ok && !response.redirected && ["basic", "default"].includes(response.type) &&
    (response.headers.get("Content-Type") || "").startsWith("text/html");
  if (!isPage || gen !== generation) return false;
  await (await caches.open(PAGES_CACHE)).put(key, response);
  return true;
}

function timeout(ms) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms));
}

// One refresh at a time. Its failures are counted for the sync status (failures.js): the
// first error of a failed refresh, once; a refresh that went through clears the count.
function refreshing(options) {
  return locked(REFRESH_LOCK, async () => {
    const failed = [];
    let done = false;
    try {
      done = await refresh(options, failed);
    } catch (error) {
      failed.push(error);
    }
    // The network gone in the middle: nothing failed that the next refresh will not mend.
    if (failed.length && navigator.onLine) await recordFailure(failed[0]);
    else if (done) await clearFailures();
    return !failed.length;
  });
}

// Re-fetch the user's pages: all of them after a login or when the last full refresh is
// old, else Today and the pages of the clients a sync touched. Resolves true when it went
// through; pages it could not save are added to `failed`, and their older copies stay.
async function refresh({ userId = null, clients = [], full = false }, failed) {
  let gen = generation;
  const index = await (await caches.match(OFFLINE_INDEX, { cacheName: PAGES_CACHE }))?.json();
  const otherUser = userId !== null && index?.userId !== userId;
  const due = !index || otherUser || Date.now() - index.at > FULL_REFRESH_MS;
  if (!full && !due && !clients.length) return false;
  if (!navigator.onLine) return false; // nothing to refresh from, and nothing that failed
  const answer = await fetch("/api/offline-pages", { cache: "no-store" });
  if (answer.status === 401) { // the session ended: its user's pages go
    await forgetPages();
    return false;
  }
  if (!answer.ok) throw new Error(`HTTP ${answer.status} for /api/offline-pages`);
  const list = await answer.json();
  if (gen !== generation) return false;
  // The last user's pages: they logged out without this worker knowing.
  if (index && index.userId !== list.user_id) await forgetPages();
  await owner.settle(list.user_id);
  gen = generation;
  const whole = full || due || index?.userId !== list.user_id;
  const cache = await caches.open(PAGES_CACHE);
  const held = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
  // A page is fetched again only when its version moved (or this cache lacks it); Today,
  // which depends on every client, each time (webapp/savedpages.py says what a version holds).
  const had = new Map((index?.userId === list.user_id ? index.pages : []).map((p) => [p.url, p]));
  const stale = list.pages.filter((p) => p.kind === "today" || !held.has(p.url) ||
    had.get(p.url)?.version !== p.version);
  const saved = await fetchPages(list, stale, gen, failed);
  if (gen !== generation) return false;
  const listed = new Set([...list.pages.map((p) => p.url), OFFLINE_INDEX]);
  const files = new Set(list.pages.flatMap((p) => (saved.get(p.url) || had.get(p.url))?.files || []));
  await keepFiles(files, gen, failed);
  const keys = new Set();
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    const unneeded = path.startsWith("/files/") ? !files.has(path) : !listed.has(path);
    if (whole && unneeded) await cache.delete(request); // no longer visible
    else keys.add(path);
  }
  const pages = list.pages.filter((p) => keys.has(p.url)).map((p) => {
    const { version = null, files: shown = [] } = saved.get(p.url) || had.get(p.url) || {};
    return { ...p, version, files: shown };
  });
  const at = whole ? Date.now() : index.at;
  await cache.put(OFFLINE_INDEX, new Response(JSON.stringify({ userId: list.user_id, at, pages }),
    { headers: { "Content-Type": "application/json" } }));
  if (whole && list.pages.every((p) => keys.has(p.url))) await dropOldPages();
  try {
    await (await caches.open(SHELL_CACHE)).add(new Request("/offline", { cache: "reload" }));
  } catch (error) {
    failed.push(error); // the precached copy stays
  }
  return true;
}

// Fetches `pages` of the list in batches (many clients' pages in one compressed answer,
// split here into one saved page each), a few batches at a time. Resolves with a Map of
// the pages saved: url → { version, files } (the thumbnails each shows).
async function fetchPages(list, pages, gen, failed) {
  const size = list.batch?.clients || 20;
  const ids = [...new Set(pages.filter((p) => p.client_id).map((p) => p.client_id))];
  const queue = [];
  for (let i = 0; i < ids.length; i += size) queue.push({ ids: ids.slice(i, i + size) });
  if (pages.some((p) => p.kind === "today")) {
    if (!queue.length) queue.push({ ids: [] });
    queue[0].today = true;
  }
  const saved = new Map();
  const worker = async () => {
    for (let batch = queue.shift(); batch && gen === generation; batch = queue.shift()) {
      const url = `${list.batch.url}?ids=${batch.ids.join(",")}${batch.today ? "&today=1" : ""}`;
      try {
        // fetch() rejects only when there is no answer; an error status resolves.
        const answer = await fetch(url, { cache: "no-store" });
        if (!answer.ok) throw new Error(`HTTP ${answer.status} for ${url}`);
        const body = await answer.json();
        if (body.user_id !== list.user_id) return; // someone else logged in meanwhile
        for (const page of body.pages) {
          if (await keep(page.url, savedCopy(answer, page, body.user_id), gen)) {
            saved.set(page.url, { version: page.version, files: page.files });
          }
        }
        await forgetClients(body.missing, gen); // no longer visible to this user
      } catch (error) {
        failed.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return saved;
}

// A page of a batch as the cache keeps it: as if it had been fetched alone, with the
// batch's security headers and the user it was rendered for (owner.js).
function savedCopy(answer, page, userId) {
  const headers = new Headers({ "Content-Type": "text/html; charset=utf-8" });
  for (const name of COPIED_HEADERS) {
    const value = answer.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  headers.set(owner.USER_HEADER, String(userId));
  return new Response(page.html, { headers });
}

async function forgetClients(ids, gen) {
  if (!ids?.length || gen !== generation) return;
  const cache = await caches.open(PAGES_CACHE);
  for (const id of ids) {
    await cache.delete(`/clients/${id}`);
    await cache.delete(`/clients/${id}/note`);
  }
}

// The thumbnails the saved briefings show, each fetched once: from an older version's
// cache when one has it, else from the network (the address never changes its bytes).
async function keepFiles(files, gen, failed) {
  const cache = await caches.open(PAGES_CACHE);
  const queue = [];
  for (const url of files) if (!(await cache.match(url))) queue.push(url);
  const worker = async () => {
    for (let url = queue.shift(); url && gen === generation; url = queue.shift()) {
      try {
        const old = await savedFile(url);
        const response = old || (await fetch(url));
        if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
        if (gen === generation) await cache.put(url, response);
      } catch (error) {
        failed.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

// A thumbnail kept with the saved pages (they are this phone's owner's: owner.js).
async function savedFile(url) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PAGES_CACHE_PREFIX)) continue;
    const found = await (await caches.open(name)).match(url, { ignoreVary: true });
    if (found) return found;
  }
  return null;
}

async function dropOldPages() {
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(PAGES_CACHE_PREFIX) && n !== PAGES_CACHE)
    .map((n) => caches.delete(n)));
}

// Logout, or a session ended: another person may use this phone next.
async function forgetPages() {
  generation += 1;
  await owner.forget();
}

function locked(name, task) {
  return navigator.locks ? navigator.locks.request(name, task) : task();
}

self.addEventListener("message", (event) => {
  const { type } = event.data || {};
  const port = event.ports[0];
  if (type === "page-status") {
    port?.postMessage({ fromCache: fromCache.delete(event.source?.id) });
    return;
  }
  let work = null;
  if (type === "refresh") work = refreshing(event.data);
  if (type === "logout") work = forgetPages();
  if (!work) return;
  event.waitUntil(work.then((ok) => port?.postMessage({ done: ok !== false }),
    () => port?.postMessage({ done: false })));
});

// Background Sync (Chromium): push the outbox even when no Folka page is open. A throw
// makes the browser try again later; a login problem will not mend by retrying.
self.addEventListener("sync", (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil((async () => {
    const result = await flush();
    if (result.status === "offline" || result.status === "error") throw new Error(result.status);
    const clients = touchedClients(result.applied);
    if (clients.length) await refreshing({ clients });
  })());
});
