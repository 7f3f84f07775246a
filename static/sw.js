// Folka's service worker (a module, served by Flask at /sw.js with the two values below
// filled in). It precaches the app shell, keeps the rep's pages offline (network first,
// cache fallback), and pushes the outbox on Background Sync. It never answers POSTs or
// /api/*: writes go to the network or fail visibly, and the outbox retries them.
import { OFFLINE_INDEX, PAGES_CACHE_PREFIX, SHELL_CACHE_PREFIX, SYNC_TAG } from "/static/js/names.js";
import { clearFailures, recordFailure } from "/static/js/failures.js";
import { flush, touchedClients } from "/static/js/sync.js";

const VERSION = "__FOLKA_VERSION__";
const SHELL = ["__FOLKA_SHELL__"];
const SHELL_CACHE = `${SHELL_CACHE_PREFIX}${VERSION}`;
const PAGES_CACHE = `${PAGES_CACHE_PREFIX}${VERSION}`;
const NAVIGATION_TIMEOUT_MS = 4000; // then a saved copy beats a stalled network
const FULL_REFRESH_MS = 15 * 60 * 1000; // all pages at most this often; touched ones at once
const PARALLEL = 4;
const REFRESH_LOCK = "folka-refresh"; // one refresh at a time, whoever asks
const PAGE = /^\/(clients\/\d+(\/note)?)?$/; // Today, briefings and note forms
const fromCache = new Set(); // ids of windows whose page came from the cache
let generation = 0; // bumped at logout so a refresh under way stores nothing more

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    // "reload": a shell of this version must not come from an older HTTP-cached copy.
    await cache.addAll(SHELL.map((url) => new Request(url, { cache: "reload" })));
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
  else if (url.pathname.startsWith("/static/")) event.respondWith(shellFirst(request));
});

async function shellFirst(request) {
  const cached = await caches.match(request, { cacheName: SHELL_CACHE });
  return cached || fetch(request);
}

// Network first; a saved copy when the network fails, stalls or the server is down
// (a 5xx from a proxy); else the offline page.
async function navigate(event, url) {
  const network = fetch(event.request);
  const key = pageKey(url);
  // A body can be read only once, and Response.clone() throws once reading has begun. The
  // page reads this body as soon as respondWith() gets it, so the copy to keep is cloned in
  // the first reaction to the fetch: it runs before the await below resumes. No network is
  // not a failure here (the page gets a saved copy); a copy that cannot be stored is.
  if (key) event.waitUntil(network.then((r) => keep(key, r.clone(), generation), () => false)
    .catch(recordFailure));
  let response = null;
  try {
    response = await Promise.race([network, timeout(NAVIGATION_TIMEOUT_MS)]);
    if (response.status < 500) return response;
  } catch { /* offline, or the network stalls */ }
  const saved = key && (await savedPage(key));
  if (saved) {
    fromCache.add(event.resultingClientId);
    return saved;
  }
  return response || (await caches.match("/offline", { cacheName: SHELL_CACHE })) || Response.error();
}

// The cache key of a page worth keeping: no query, except the note form's ?visit=.
function pageKey(url) {
  if (!PAGE.test(url.pathname)) return null;
  if (url.search && !url.pathname.endsWith("/note")) return null;
  return url.pathname;
}

async function savedPage(key) {
  const current = await caches.open(PAGES_CACHE);
  return (await current.match(key, { ignoreVary: true })) ||
    (await caches.match(key, { ignoreVary: true }));
}

// Stores a successful page; a redirect (e.g. to the login page) or an error is not kept.
// `response` must be one nobody else reads: cache.put() consumes its body.
async function keep(key, response, gen) {
  const isPage = response.ok && !response.redirected && response.type === "basic" &&
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
  if (answer.status === 401) return false; // logged out: nothing to keep fresh
  if (!answer.ok) throw new Error(`HTTP ${answer.status} for /api/offline-pages`);
  const list = await answer.json();
  if (gen !== generation) return false;
  if (index && index.userId !== list.user_id) {
    await forgetPages(); // the last user's pages: they logged out without this worker knowing
    gen = generation;
  }
  const whole = full || due || index?.userId !== list.user_id;
  const wanted = whole ? list.pages
    : list.pages.filter((p) => p.kind === "today" || clients.includes(p.client_id));
  const saved = await fetchPages(wanted.map((p) => p.url), gen, failed);
  if (gen !== generation) return false;
  const cache = await caches.open(PAGES_CACHE);
  const listed = new Set([...list.pages.map((p) => p.url), OFFLINE_INDEX]);
  const keys = new Set();
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (whole && !listed.has(path)) await cache.delete(request); // no longer visible
    else keys.add(path);
  }
  const pages = list.pages.filter((p) => keys.has(p.url));
  const at = whole ? Date.now() : index.at;
  await cache.put(OFFLINE_INDEX, new Response(JSON.stringify({ userId: list.user_id, at, pages }),
    { headers: { "Content-Type": "application/json" } }));
  if (whole && saved.size === wanted.length) await dropOldPages();
  try {
    await (await caches.open(SHELL_CACHE)).add(new Request("/offline", { cache: "reload" }));
  } catch (error) {
    failed.push(error); // the precached copy stays
  }
  return true;
}

async function fetchPages(urls, gen, failed) {
  const queue = [...urls];
  const saved = new Set();
  const worker = async () => {
    for (let url = queue.shift(); url && gen === generation; url = queue.shift()) {
      try {
        // fetch() rejects only when there is no answer; an error status resolves.
        const response = await fetch(url, { cache: "no-store" });
        if (await keep(url, response, gen)) saved.add(url);
        else if (!response.ok) failed.push(new Error(`HTTP ${response.status} for ${url}`));
      } catch (error) {
        failed.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return saved;
}

async function dropOldPages() {
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(PAGES_CACHE_PREFIX) && n !== PAGES_CACHE)
    .map((n) => caches.delete(n)));
}

// Logout: another person may use this phone next.
async function forgetPages() {
  generation += 1;
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(PAGES_CACHE_PREFIX)).map((n) => caches.delete(n)));
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
