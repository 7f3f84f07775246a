"""The day's route: ordered as short as the best order on small sets, close to a patient
search on a busy day, and distances that match the map."""

import datetime
import itertools
import random

import pytest

from webapp.plan import route

CITIES = {
    "Oslo": (59.9139, 10.7522),
    "Bergen": (60.3913, 5.3221),
    "Stockholm": (59.3293, 18.0686),
    "Gothenburg": (57.7089, 11.9746),
    "Helsinki": (60.1699, 24.9384),
    "Tampere": (61.4978, 23.7610),
    "Warsaw": (52.2297, 21.0122),
    "Kraków": (50.0647, 19.9450),
}


@pytest.mark.parametrize(
    ("a", "b", "known_km"),
    [
        # Great-circle distances between the city centres, as published, to the kilometre.
        ("Oslo", "Bergen", 305),
        ("Oslo", "Stockholm", 416),
        ("Gothenburg", "Oslo", 255),
        ("Stockholm", "Helsinki", 396),
        ("Helsinki", "Tampere", 161),
        ("Helsinki", "Warsaw", 915),
        ("Warsaw", "Kraków", 252),
        ("Oslo", "Warsaw", 1063),
    ],
)
def test_distances_between_nordic_and_polish_cities(a, b, known_km):
    measured = route.km(CITIES[a], CITIES[b])
    assert measured == pytest.approx(known_km, rel=0.005)
    assert route.km(CITIES[b], CITIES[a]) == pytest.approx(measured)


def _points(seed, n, centre=(59.91, 10.75), spread=0.4):
    rng = random.Random(seed)
    return [
        (centre[0] + rng.uniform(-spread, spread), centre[1] + rng.uniform(-2 * spread, 2 * spread))
        for _ in range(n)
    ]


def _length(start, points, ordering):
    path = [start, *(points[i] for i in ordering)]
    return sum(route.km(a, b) for a, b in zip(path, path[1:], strict=False))


@pytest.mark.parametrize("seed", range(12))
def test_small_days_get_the_shortest_order(seed):
    rng = random.Random(seed)
    points = _points(seed, rng.randint(2, 7))
    start = _points(seed + 100, 1)[0]
    best = min(_length(start, points, perm) for perm in itertools.permutations(range(len(points))))
    found = route.order(start, points)
    assert sorted(found) == list(range(len(points)))
    assert _length(start, points, found) == pytest.approx(best, rel=1e-9)


def _reference_tour(start, points, restarts=60):
    """A patient search written apart from the module: random first orders, each improved by
    exhaustive 2-opt and moves of single stops, the best kept."""
    nodes = [start, *points]
    dist = [[route.km(a, b) for b in nodes] for a in nodes]

    def length(path):
        return sum(dist[a][b] for a, b in zip(path, path[1:], strict=False))

    rng = random.Random(7)
    best = None
    for _ in range(restarts):
        rest = list(range(1, len(nodes)))
        rng.shuffle(rest)
        path = [0, *rest]
        current = length(path)
        improved = True
        while improved:
            improved = False
            for i in range(1, len(path) - 1):
                for j in range(i + 1, len(path)):
                    candidate = path[:i] + path[i : j + 1][::-1] + path[j + 1 :]
                    if length(candidate) < current - 1e-9:
                        path, current, improved = candidate, length(candidate), True
            for i in range(1, len(path)):
                for k in range(1, len(path)):
                    if k == i:
                        continue
                    moved = path[:i] + path[i + 1 :]
                    candidate = moved[:k] + [path[i]] + moved[k:]
                    if length(candidate) < current - 1e-9:
                        path, current, improved = candidate, length(candidate), True
        if best is None or current < best:
            best = current
    return best


def test_a_busy_day_is_within_five_per_cent_of_a_patient_search():
    points = _points(2026, 40, centre=(60.17, 24.94), spread=0.25)
    start = (60.17, 24.94)
    found = route.order(start, points)
    assert sorted(found) == list(range(40))
    reference = _reference_tour(start, points, restarts=25)
    assert _length(start, points, found) <= reference * 1.05


def test_no_stops_or_one_stop():
    assert route.order((0, 0), []) == []
    assert route.order((0, 0), [(1, 1)]) == [0]


def test_schedule_adds_drive_and_visit_times():
    start = CITIES["Oslo"]
    stops = [
        {"lat": 59.9139, "lon": 11.1522, "visit_minutes": 30},  # ~22 km east
        {"lat": 59.9139, "lon": 11.1522, "visit_minutes": 45},  # the same place
    ]
    legs = route.schedule(start, stops, datetime.datetime(2026, 12, 7, 8, 30), speed_kmh=44)
    assert legs[0]["km"] == pytest.approx(22.3, abs=0.3)
    assert legs[0]["drive_minutes"] == 30
    assert legs[0]["arrive"] == datetime.datetime(2026, 12, 7, 9, 0)
    assert legs[0]["leave"] == datetime.datetime(2026, 12, 7, 9, 30)
    assert legs[1]["km"] == 0
    assert legs[1]["arrive"] == datetime.datetime(2026, 12, 7, 9, 30)
    assert legs[1]["leave"] == datetime.datetime(2026, 12, 7, 10, 15)
