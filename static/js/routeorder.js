// The day's route ordered on the phone, when the route page is used offline: the same
// method as webapp/plan/route.py (nearest neighbour from the 4 stops nearest the start, each
// improved by 2-opt and or-opt, the shortest kept), so a plan made offline reads as one made
// online. Pure functions: no DOM.
import { km } from "./distance.js";

const FIRST_STOPS = 4;
const EPS = 1e-9;

const length = (path, d) => path.slice(1).reduce((sum, node, i) => sum + d[path[i]][node], 0);

function nearestNeighbour(d, first) {
  const left = new Set(d.map((_, i) => i).slice(1));
  left.delete(first);
  const path = [0, first];
  while (left.size) {
    const here = path[path.length - 1];
    let best = null;
    for (const node of left) if (best === null || d[here][node] < d[here][best]) best = node;
    path.push(best);
    left.delete(best);
  }
  return path;
}

function twoOpt(path, d) {
  const n = path.length;
  for (let i = 1; i < n - 1; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      const after = j + 1 < n ? path[j + 1] : null;
      const old = d[path[i - 1]][path[i]] + (after === null ? 0 : d[path[j]][after]);
      const next = d[path[i - 1]][path[j]] + (after === null ? 0 : d[path[i]][after]);
      if (next < old - EPS) {
        path.splice(i, j - i + 1, ...path.slice(i, j + 1).reverse());
        return true;
      }
    }
  }
  return false;
}

function orOpt(path, d) {
  const n = path.length;
  for (const size of [1, 2, 3]) {
    for (let i = 1; i + size <= n; i += 1) {
      const run = path.slice(i, i + size);
      const before = path[i - 1];
      const after = i + size < n ? path[i + size] : null;
      const removed = d[before][run[0]] + (after === null ? 0 : d[run[size - 1]][after]);
      const joined = after === null ? 0 : d[before][after];
      const rest = [...path.slice(0, i), ...path.slice(i + size)];
      for (let k = 0; k < rest.length; k += 1) {
        if (k === i - 1) continue;
        const p = rest[k];
        const q = k + 1 < rest.length ? rest[k + 1] : null;
        const edge = q === null ? 0 : d[p][q];
        for (const piece of [run, [...run].reverse()]) {
          const added = d[p][piece[0]] + (q === null ? 0 : d[piece[piece.length - 1]][q]);
          if (added - edge < removed - joined - EPS) {
            path.splice(0, n, ...rest.slice(0, k + 1), ...piece, ...rest.slice(k + 1));
            return true;
          }
        }
      }
    }
  }
  return false;
}

// The indexes of `points` ([lat, lon] each) in the order to visit them from `start`.
export function order(start, points) {
  if (points.length <= 1) return points.map((_, i) => i);
  const nodes = [start, ...points];
  const d = nodes.map((a) => nodes.map((b) => km(a, b)));
  const firsts = points.map((_, i) => i + 1).sort((a, b) => d[0][a] - d[0][b]).slice(0, FIRST_STOPS);
  let best = null;
  for (const first of firsts) {
    const path = nearestNeighbour(d, first);
    while (twoOpt(path, d) || orOpt(path, d));
    if (best === null || length(path, d) < length(best, d) - EPS) best = path;
  }
  return best.slice(1).map((node) => node - 1);
}

// Each stop's leg from the place before and its planned times, as route.schedule():
// { km, driveMinutes, arrive, leave } with arrive and leave as minutes after midnight.
export function schedule(start, stops, startMinutes, speedKmh) {
  let here = start;
  let clock = startMinutes;
  return stops.map((stop) => {
    const distance = km(here, stop.at);
    const driveMinutes = speedKmh > 0 ? Math.round((distance / speedKmh) * 60) : 0;
    const arrive = clock + driveMinutes;
    const leave = arrive + stop.visitMinutes;
    here = stop.at;
    clock = leave;
    return { km: distance, driveMinutes, arrive, leave };
  });
}
