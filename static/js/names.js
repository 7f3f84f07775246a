// Names the page scripts and the service worker must spell alike. The worker is a module
// worker (pages.js registers it with {type: "module"}), so it imports this file as the
// pages do: one spelling of each name, and no build step.

// Cache names: the prefix, then the worker's version (a hash of static/ that Flask writes
// into /sw.js). A prefix finds every version's caches: the worker drops old ones on
// activate, and a logout deletes every pages cache.
export const SHELL_CACHE_PREFIX = "folka-shell-";
export const PAGES_CACHE_PREFIX = "folka-pages-";

// The worker's list of the pages it saved, kept in the pages cache under this URL. Nothing
// answers it on the network: the offline page reads it with caches.match().
export const OFFLINE_INDEX = "/__folka/offline-pages.json";

// The Background Sync tag under which a page asks the worker to push the outbox.
export const SYNC_TAG = "folka-outbox";
