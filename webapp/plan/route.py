"""Ordering a day's visits into a short drive: pure Python, no database, no Flask.

Distances are great-circle (webapp/geo.py): the roads are unknown, and over a day's
distances the straight line ranks stops much as the roads do. The route starts at a fixed
point (home, the office, where the phone is) and ends at its last stop. It is built by
nearest neighbour from a few first stops, each improved by 2-opt (reversing a stretch) and
or-opt (moving one to three stops elsewhere) until neither shortens it. For the 5–25 stops of
a day that comes within a few per cent of the best order, in milliseconds (tests/test_route.py
compares it with the brute-force optimum and with a far more patient search).
"""

import datetime

from webapp import geo

#: Nearest-neighbour tours begun from this many of the stops nearest the start.
FIRST_STOPS = 4


def km(a, b):
    """Great-circle distance in kilometres between two (lat, lon) points."""
    return geo.distance_m(a[0], a[1], b[0], b[1]) / 1000


def order(start, points):
    """The indexes of `points` ((lat, lon) each) in the order to visit them from `start`."""
    n = len(points)
    if n <= 1:
        return list(range(n))
    nodes = [start, *points]  # node 0 is the start; stop i is node i + 1
    dist = [[km(a, b) for b in nodes] for a in nodes]
    firsts = sorted(range(1, n + 1), key=lambda i: dist[0][i])[:FIRST_STOPS]
    best, best_length = None, None
    for first in firsts:
        path = improve(_nearest_neighbour(dist, first), dist)
        length = path_length(path, dist)
        if best is None or length < best_length - 1e-9:
            best, best_length = path, length
    return [node - 1 for node in best[1:]]


def path_length(path, dist):
    """Length of a path of node indexes, as a matrix `dist` measures it."""
    return sum(dist[a][b] for a, b in zip(path, path[1:], strict=False))


def _nearest_neighbour(dist, first):
    """A path from node 0 through `first`, then always to the nearest node not yet visited."""
    left = set(range(1, len(dist))) - {first}
    path = [0, first]
    while left:
        here = path[-1]
        nearest = min(left, key=lambda node: dist[here][node])
        path.append(nearest)
        left.remove(nearest)
    return path


def improve(path, dist):
    """2-opt and or-opt moves on an open path whose first node stays first, until none helps."""
    path = list(path)
    better = True
    while better:
        better = _two_opt(path, dist) or _or_opt(path, dist)
    return path


def _gap(path, dist, j):
    """What the edge after position j costs (nothing after the last stop: the path is open)."""
    return dist[path[j]][path[j + 1]] if j + 1 < len(path) else 0.0


def _two_opt(path, dist):
    """Reverse one stretch path[i..j] when that shortens the path; True if one was."""
    n = len(path)
    for i in range(1, n - 1):
        a, b = path[i - 1], path[i]
        for j in range(i + 1, n):
            c = path[j]
            after = path[j + 1] if j + 1 < n else None
            old = dist[a][b] + (dist[c][after] if after is not None else 0.0)
            new = dist[a][c] + (dist[b][after] if after is not None else 0.0)
            if new < old - 1e-9:
                path[i : j + 1] = reversed(path[i : j + 1])
                return True
    return False


def _or_opt(path, dist):
    """Move a run of one to three stops (either way round) elsewhere; True if one was."""
    n = len(path)
    for size in (1, 2, 3):
        for i in range(1, n - size + 1):
            run = path[i : i + size]
            before, after = path[i - 1], path[i + size] if i + size < n else None
            removed = dist[before][run[0]] + (dist[run[-1]][after] if after is not None else 0)
            joined = dist[before][after] if after is not None else 0.0
            rest = path[:i] + path[i + size :]
            for k in range(len(rest)):
                if k == i - 1:
                    continue
                p, q = rest[k], rest[k + 1] if k + 1 < len(rest) else None
                edge = dist[p][q] if q is not None else 0.0
                for piece in (run, run[::-1]):
                    added = dist[p][piece[0]] + (dist[piece[-1]][q] if q is not None else 0.0)
                    if added - edge < removed - joined - 1e-9:
                        path[:] = rest[: k + 1] + piece + rest[k + 1 :]
                        return True
    return False


def schedule(start, stops, start_time, speed_kmh):
    """Each stop's leg and planned times, in the given order.

    `stops` are dicts with lat, lon and visit_minutes; `start_time` a datetime. Returns one
    dict per stop: km (from the place before), drive_minutes, arrive and leave (datetimes).
    The drive time is the straight line at `speed_kmh`: set it lower than road speeds, as the
    roads are longer than the line.
    """
    legs, here, clock = [], start, start_time
    for stop in stops:
        there = (stop["lat"], stop["lon"])
        distance = km(here, there)
        drive = round(distance / speed_kmh * 60) if speed_kmh > 0 else 0
        arrive = clock + datetime.timedelta(minutes=drive)
        leave = arrive + datetime.timedelta(minutes=stop["visit_minutes"])
        legs.append({"km": distance, "drive_minutes": drive, "arrive": arrive, "leave": leave})
        here, clock = there, leave
    return legs
