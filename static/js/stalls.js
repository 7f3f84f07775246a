// How the network did lately, for the service worker's navigations (sw.js navigate()).
//
// The rule: a navigation whose answer does not come within the full wait (4 s)
// marks the network as troubled; one whose answer comes within it clears the mark. For
// TROUBLE_MS after the last mark, a page saved on the phone is shown after a short wait
// (0.5 s) instead of the full one, while the network's answer, when it comes, still
// replaces the saved copy in the background. On a weak signal every page after the first
// stall thus costs half a second instead of four; on a network that is back, the first
// page answers within the short wait and is live, or its late answer clears the mark.
// The mark is kept in a cache of its own, since the browser stops an idle worker (after
// 30 s in Chromium) and a rep reads a page for longer than that.
const CACHE = "folka-network";
const KEY = "/__folka/network.json";
export const TROUBLE_MS = 2 * 60 * 1000;

let markedAt = null; // this worker's copy of the mark: a time, 0 for none, null unread

async function read() {
  if (markedAt === null) {
    const saved = await caches.match(KEY, { cacheName: CACHE }).catch(() => null);
    markedAt = (await saved?.json().catch(() => null))?.at || 0;
  }
  return markedAt;
}

async function write(at) {
  markedAt = at;
  const body = JSON.stringify({ at });
  const headers = { "Content-Type": "application/json" };
  await (await caches.open(CACHE)).put(KEY, new Response(body, { headers }));
}

// True when the network failed or stalled less than TROUBLE_MS ago.
export async function troubled(now = Date.now()) {
  const at = await read();
  return at > 0 && now - at < TROUBLE_MS;
}

// A navigation's answer did not come in time, or the network failed.
export function stalled() {
  return write(Date.now());
}

// A navigation's answer came in time: the next page waits for the network again.
export async function answered() {
  if (await read()) await write(0);
}
