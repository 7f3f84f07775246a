"""make bench: Folka's speed at scale against its ceilings, its page weight and Lighthouse.

For a small organisation (1%) and a large one (200 reps, about a million notes), each
generated afresh: serve it with the real gunicorn config, load Today (of a rep with 100
clients and of one with 30), a briefing, the manager's weekly review and POST /api/sync
(100 new operations per request) with wrk over loopback, every page rendered when asked,
and in the same run measure the ceilings — gunicorn serving a bare hello route, and a raw
sqlite-utils insert of the same 100 rows. Then page weight and Lighthouse on the large one,
and what keeping pages offline costs a phone on Slow 4G (bench/saved_pages.py), against the
code before saved pages had versions, and how long a new machine takes to restore the large
database from a Litestream replica (bench/restore.py). Writes bench/results/latest.json and
latest.md and prints the table.

    .venv/bin/python bench/run.py [--seconds 5] [--no-lighthouse] [--saved-pages-before REF]
"""

import argparse
import contextlib
import datetime
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
import uuid

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path[:0] = [ROOT, BENCH]

import field_save  # noqa: E402
import generate  # noqa: E402
import imports  # noqa: E402
import lighthouse  # noqa: E402
import report  # noqa: E402
import restore  # noqa: E402
import saved_pages  # noqa: E402
import serve  # noqa: E402
import tiles  # noqa: E402
import weight  # noqa: E402

from webapp import db as database  # noqa: E402

DATA = os.path.join(BENCH, "data")
RESULTS = os.path.join(BENCH, "results")
SIZES = {"small": 0.01, "large": 1.0}
#: Operations per sync request, and rows per raw insert: the outbox's batch limit.
BATCH = 100
RAW_INSERT_REPEATS = 50
WARM_UP_SECONDS = 2
#: Rounds per endpoint and size, alternating between the sizes; the best round counts.
ROUNDS = 3
#: Fewer requests than this in a round make its p99 meaningless.
MIN_REQUESTS = 20
#: Measurements start once other work keeps the cores less busy than this, or after the wait.
QUIET_BUSY = 0.25
QUIET_WAIT_SECONDS = 180
#: A note as the outbox sends it, and as the raw insert stores it.
NOTE = (
    "Went through the spring order; they want delivery split over two weeks. "
    "Anna says the dog is finally eating again. Send the updated price list by Friday."
)


def cpu_busy(seconds=2):
    """The share of all cores that was busy over the next `seconds` (from /proc/stat)."""

    def sample():
        with open("/proc/stat") as file:
            ticks = [int(x) for x in file.readline().split()[1:]]
        return ticks[3] + ticks[4], sum(ticks)  # idle + iowait, total

    idle, total = sample()
    time.sleep(seconds)
    idle2, total2 = sample()
    return round(1 - (idle2 - idle) / max(1, total2 - total), 2)


def wait_for_quiet(limit=QUIET_WAIT_SECONDS):
    """Wait (a bounded time) until other work leaves the cores mostly idle; returns how busy
    they were when the measurements began. Development machines run tests in parallel."""
    deadline = time.monotonic() + limit
    busy = cpu_busy()
    while busy > QUIET_BUSY and time.monotonic() < deadline:
        print(f"    waiting: the CPU is {busy:.0%} busy with other work", flush=True)
        busy = cpu_busy(5)
    return busy


def cast(path, clients=generate.CLIENTS_PER_REP):
    """Who the load logs in as: the first rep of each team with as many `clients` (with 8 of
    them for the briefings), and the manager of team 1 (a full team of up to 50 reps)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    first = {}
    for email, rep_id, team_id in conn.execute(
        "SELECT email, id, team_id FROM users u WHERE role = 'rep' "
        "AND (SELECT COUNT(*) FROM clients c WHERE c.owner_id = u.id) = ? ORDER BY id",
        [clients],
    ):
        first.setdefault(team_id, (email, rep_id))
    people = []
    for _, (email, rep_id) in sorted(first.items()):
        owned = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM clients WHERE owner_id = ? ORDER BY id", [rep_id]
            )
        ]
        people.append((email, rep_id, owned[:: max(1, len(owned) // 8)][:8]))
    manager = conn.execute(
        "SELECT email FROM users WHERE role = 'manager' ORDER BY team_id LIMIT 1"
    ).fetchone()[0]
    conn.close()
    return people, manager


def raw_insert(path, client_ids, user_id):
    """The write ceiling: sqlite-utils inserting BATCH note rows in one durable transaction,
    with the app's own connection settings (WAL, synchronous=FULL); timings in ms."""
    db = database.connect(path)
    times = []
    try:
        for _ in range(RAW_INSERT_REPEATS):
            now = datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")
            rows = [
                {
                    "id": str(uuid.uuid4()),
                    "client_id": client_ids[i % len(client_ids)],
                    "user_id": user_id,
                    "visit_id": None,
                    "body": NOTE,
                    "written_at": now[:-6] + "Z",
                    "received_at": now[:-6] + "Z",
                }
                for i in range(BATCH)
            ]
            started = time.perf_counter()
            with database.transaction(db):
                db["notes"].insert_all(rows)
            times.append((time.perf_counter() - started) * 1000)
    finally:
        db.conn.close()
    times.sort()
    return {
        "repeats": len(times),
        "p50_ms": round(times[len(times) // 2], 2),
        "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 2),
        "rows": BATCH,
    }


def previous_week():
    """The last complete ISO week, as the review's ?week= wants it (2026-W07)."""
    year, week, _ = (datetime.date.today() - datetime.timedelta(days=7)).isocalendar()
    return f"{year}-W{week:02d}"


def measure(runs, seconds, tag=""):
    """Load each target of `runs` ({label: (base, mode, identities, options)}) for ROUNDS
    rounds, alternating between the targets, after one warm-up each. Each keeps its best round
    (lowest p50): bursts of other work on the machine only ever make a round worse. A round
    with too few requests for a p99 is run again three times longer."""
    for base, mode, identities, options in runs.values():
        serve.wrk(base, mode, identities, WARM_UP_SECONDS, **options)
    rounds = {label: [] for label in runs}
    for _ in range(ROUNDS):
        for label, (base, mode, identities, options) in runs.items():
            result = serve.wrk(base, mode, identities, seconds, **options)
            if result["requests"] < MIN_REQUESTS:
                result = serve.wrk(base, mode, identities, seconds * 3, **options)
            result["load_average"] = round(os.getloadavg()[0], 2)
            rounds[label].append(result)
    measured = {}
    for label, results in rounds.items():
        name = f"{runs[label][1]}{tag} {label}" if runs[label][1] != label else label
        summary = [
            {key: r[key] for key in ("requests", "rps", "p50_ms", "p99_ms", "load_average")}
            for r in results
        ]
        done = [r for r in results if r["requests"]]
        if not done:
            missing = f"no request finished within {results[-1]['seconds']} s"
            print(f"  {name:<18} {missing}", flush=True)
            measured[label] = {"missing": missing, "requests": 0, "rounds": summary}
            continue
        best = min(done, key=lambda r: (r["p50_ms"], -r["rps"]))
        measured[label] = {**best, "rounds": summary}
        p50s = ", ".join(f"{r['p50_ms']:g}" for r in results)
        errors = sum(r["errors"] for r in results)
        print(
            f"  {name:<18} c={best['connections']}: {best['rps']:>7.1f} req/s  "
            f"p50 {best['p50_ms']:>7.2f} ms  p99 {best['p99_ms']:>7.2f} ms  (best of "
            f"{len(results)}; p50s {p50s})" + (f"  ERRORS {errors}" if errors else ""),
            flush=True,
        )
    return measured


def expect_page(session, path, marker=None):
    """The page's status, after checking a logged-in GET really renders it."""
    try:
        status, body, content_type = session.get(path)
    except OSError as error:  # a timeout or a dropped connection
        return f"no answer ({error})"
    if status == 200 and (content_type != "text/html" or (marker and marker not in body)):
        raise RuntimeError(f"{path} did not render as expected")
    return status


def prepare(size, scale):
    """Generate one organisation and choose who the load logs in as."""
    path = os.path.join(DATA, f"{size}.db")
    print(f"[{size}] generating (scale {scale}) …", flush=True)
    made = generate.generate(path, scale)
    print(
        f"  {made['total_rows']:,} rows in {made['seconds']} s "
        f"({made['rows_per_second']:,} rows/s), {made['megabytes']} MB",
        flush=True,
    )
    people, manager = cast(path)
    new_reps, _ = cast(path, generate.NEW_REP_CLIENTS)
    return {
        "path": path,
        "generation": made,
        "people": people,
        "new_reps": new_reps,
        "manager": manager,
    }


def log_in(base, org):
    """Sessions for the organisation's reps (with 100 clients and with 30) and manager,
    checked against real pages."""
    reps, new_reps = (
        [
            (serve.Session(base).login(email, generate.PASSWORD), clients)
            for email, _, clients in org[group]
        ]
        for group in ("people", "new_reps")
    )
    manager = serve.Session(base).login(org["manager"], generate.PASSWORD)
    rep, clients = reps[0]
    expect_page(rep, "/", b"client-list")
    expect_page(new_reps[0][0], "/", b"client-list")
    expect_page(rep, f"/clients/{clients[0]}", b"people-h")
    return reps, manager, new_reps


def review_runs(users, bases, review_path):
    """The review's wrk targets per size, and why a size cannot be measured."""
    runs, missing = {}, {}
    for size, base in bases.items():
        _, manager, _ = users[size]
        status = expect_page(manager, review_path)
        if status == 200:
            runs[size] = (base, "review", [(manager, [])], {"review_path": review_path})
        elif status == 404:
            missing[size] = f"no {review_path.split('?')[0]} route in this checkout"
        else:
            missing[size] = f"GET {review_path} answered {status}"
    for size, why in missing.items():
        print(f"  review {size:<15} not measured ({why})", flush=True)
    return runs, missing


def measure_all(orgs, results, seconds, with_lighthouse, log_path):
    """Serve every organisation and the hello app at once, then load each endpoint on the
    sizes in alternating rounds, so both see the same machine load."""
    week = previous_week()
    with contextlib.ExitStack() as servers:
        # The map's tiles from a stub on this machine: nothing goes to OpenStreetMap.
        os.environ["FOLKA_MAP_TILE_URL"] = servers.enter_context(tiles.stub())
        servers.callback(os.environ.pop, "FOLKA_MAP_TILE_URL", None)
        hello = servers.enter_context(serve.gunicorn(hello=True, log_path=log_path))
        bases = {
            size: servers.enter_context(serve.gunicorn(org["path"], log_path=log_path))
            for size, org in orgs.items()
        }
        users = {size: log_in(bases[size], org) for size, org in orgs.items()}
        for size in orgs:
            results[size]["week"] = week
        ceiling = measure({"hello": (hello, "hello", [], {})}, seconds)["hello"]
        for key, mode, new in (
            ("today", "today", False),
            ("today_30", "today", True),
            ("briefing", "briefing", False),
        ):
            runs = {}
            for size, base in bases.items():
                reps, _, new_reps = users[size]
                runs[size] = (base, mode, new_reps if new else reps, {})
            for size, result in measure(runs, seconds, key.removeprefix(mode)).items():
                results[size][key] = result
        runs, missing = review_runs(users, bases, f"/review?week={week}")
        for size, why in missing.items():
            results[size]["review"] = {"missing": why}
        for size, result in measure(runs, seconds).items():
            results[size]["review"] = result
        rep, clients = users["large"][0][0]
        results["large"]["page_weight"] = weight.first_visit(rep, f"/clients/{clients[0]}")
        results["large"]["precache"] = weight.precache(rep)
        results["large"]["map_weight"] = weight.map_visit(rep)  # Leaflet counted apart
        results["large"]["lighthouse"] = run_lighthouse(
            bases["large"], rep, clients[0], with_lighthouse
        )
        before = {size: _notes(org["path"]) for size, org in orgs.items()}
        for key, options in (("sync_1", {"connections": 1, "threads": 1}), ("sync", {})):
            runs = {
                size: (base, "sync", users[size][0], {"batch": BATCH, **options})
                for size, base in bases.items()
            }
            for size, result in measure(runs, seconds).items():
                results[size][key] = result
        for size, org in orgs.items():
            answered = sum(
                r["requests"] for key in ("sync_1", "sync") for r in results[size][key]["rounds"]
            )
            results[size]["sync_applied_rows"] = _notes(org["path"]) - before[size]
            if results[size]["sync_applied_rows"] < answered * BATCH:
                raise RuntimeError(f"{size}: sync answered but did not store every operation")
    return ceiling


def _notes(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM notes").fetchone()[0]
    finally:
        conn.close()


def run_lighthouse(base, rep, client_id, enabled):
    """Lighthouse on the login page (logged out), Today, a briefing and the map (logged in)."""
    why_not = "skipped (--no-lighthouse)" if not enabled else lighthouse.available()
    if why_not:
        print(f"    lighthouse: {why_not}")
        return {"skipped": why_not}
    pages = {"login": ("/login", None), "today": ("/", rep.cookie)}
    pages["briefing"] = (f"/clients/{client_id}", rep.cookie)
    pages["map"] = ("/map", rep.cookie)  # the map page (webapp/plan), its list and Leaflet
    results = {}
    for name, (path, cookie) in pages.items():
        keep = os.path.join(DATA, f"lighthouse-{name}.json")
        results[name] = lighthouse.run(base + path, cookie, keep=keep)
        print(f"    lighthouse {name:<9} {results[name]['scores']}", flush=True)
    return results


def machine():
    """What the figures were measured on."""
    cpu = "unknown"
    with open("/proc/cpuinfo") as file:
        for line in file:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break

    def version(command):
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=30)
            return (done.stdout or done.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return None

    workers, threads = serve.workers()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "gunicorn_workers": workers,
        "gunicorn_threads": threads,
        "wrk": (version(["wrk", "-v"]) or "").split(" [")[0],
        "chromium": version([lighthouse.CHROME, "--version"]),
        # Other work on the machine skews every figure: this shows how busy it was.
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }


def commit():
    """The checked-out commit, marked when the work tree has changes."""
    git = ["git", "-C", ROOT]
    sha = subprocess.run(git + ["rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(git + ["status", "--porcelain"], capture_output=True, text=True)
    return sha.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


def main():
    """Run everything, print the table, write bench/results/latest.{json,md}."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 5)), help="per round"
    )
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument(
        "--saved-pages-before",
        default=saved_pages.BEFORE,
        help="the commit whose saved pages are compared ('' skips it)",
    )
    args = parser.parse_args()
    os.makedirs(DATA, exist_ok=True)
    os.makedirs(RESULTS, exist_ok=True)
    log_path = os.path.join(DATA, "gunicorn.log")
    started = time.monotonic()
    results = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "machine": machine(),
        "load": {
            "tool": "wrk",
            "threads": serve.THREADS,
            "connections": serve.CONNECTIONS,
            "seconds": args.seconds,
            "rounds": ROUNDS,
            "batch": BATCH,
        },
    }
    print(
        f"Folka benchmark — {results['machine']['cpu']} × {results['machine']['cores']} cores, "
        f"{results['machine']['gunicorn_workers']} gunicorn workers",
        flush=True,
    )
    orgs = {size: prepare(size, scale) for size, scale in SIZES.items()}
    for size, org in orgs.items():
        results[size] = {"generation": org["generation"]}
        _, rep_id, clients = org["people"][0]
        results[size]["raw_insert"] = raw_insert(org["path"], clients, rep_id)
        print(
            f"  raw insert of {BATCH} rows ({size}): p50 "
            f"{results[size]['raw_insert']['p50_ms']} ms",
            flush=True,
        )
    results["cpu_busy_before"] = wait_for_quiet()
    print("[load] wrk against gunicorn, sizes back to back", flush=True)
    results["hello"] = measure_all(orgs, results, args.seconds, not args.no_lighthouse, log_path)
    for size in orgs:
        results[size]["hello"] = results["hello"]
    print("[phone] saved pages on Slow 4G, CPU slowed 4×", flush=True)
    results["saved_pages"] = saved_pages.run(args.saved_pages_before or None)
    print("[phone] saving a note offline, CPU slowed 4×", flush=True)
    results["field_save"] = field_save.run()
    print("[restore] the large database from a Litestream replica", flush=True)
    results["restore"] = restore.run(orgs["large"]["path"])
    print("[import] 50,000 rows of CSV, against csv + executemany of the same rows", flush=True)
    results["imports"] = imports.run()
    results["review_route"] = (
        "review" in results["large"] and "missing" not in results["large"]["review"]
    )
    results["targets"] = report.targets(results)
    results["total_seconds"] = round(time.monotonic() - started)
    results["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    text = report.markdown(results) + restore.markdown(results["restore"])
    text += imports.markdown(results["imports"])
    with open(os.path.join(RESULTS, "latest.json"), "w") as file:
        json.dump(results, file, indent=2)
        file.write("\n")
    with open(os.path.join(RESULTS, "latest.md"), "w") as file:
        file.write(text)
    print()
    print(text)


if __name__ == "__main__":
    main()
