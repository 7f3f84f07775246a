"""make bench: Folka's speed at scale against its ceilings, its page weight and Lighthouse.

For a small organisation (1%) and a large one (200 reps, 1,000,000 notes), each generated
afresh: serve it with the real gunicorn config, load Today, a briefing, the manager's weekly
review and POST /api/sync (100 new operations per request) with wrk over loopback, and in
the same run measure the ceilings — gunicorn serving a bare hello route, and a raw
sqlite-utils insert of the same 100 rows. Then page weight and Lighthouse on the large one.
Writes bench/results/latest.json and latest.md and prints the table.

    .venv/bin/python bench/run.py [--seconds 10] [--no-lighthouse]
"""

import argparse
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

import generate  # noqa: E402
import lighthouse  # noqa: E402
import report  # noqa: E402
import serve  # noqa: E402
import weight  # noqa: E402

from webapp import db as database  # noqa: E402

DATA = os.path.join(BENCH, "data")
RESULTS = os.path.join(BENCH, "results")
SIZES = {"small": 0.01, "large": 1.0}
#: Operations per sync request, and rows per raw insert: the outbox's batch limit.
BATCH = 100
RAW_INSERT_REPEATS = 50
WARM_UP_SECONDS = 2
#: A note as the outbox sends it, and as the raw insert stores it.
NOTE = (
    "Went through the spring order; they want delivery split over two weeks. "
    "Anna says the dog is finally eating again. Send the updated price list by Friday."
)


def cast(path):
    """Who the load logs in as: the first rep of each team with some of their clients,
    and the manager of team 1 (a full team of up to 50 reps)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    reps = conn.execute(
        "SELECT email, id FROM users WHERE id IN "
        "(SELECT MIN(id) FROM users WHERE role = 'rep' GROUP BY team_id) ORDER BY team_id"
    ).fetchall()
    people = []
    for email, rep_id in reps:
        owned = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM clients WHERE owner_id = ? ORDER BY id", [rep_id]
            )
        ]
        people.append((email, owned[:: max(1, len(owned) // 8)][:8]))
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


def measure(base, mode, identities, seconds, **extra):
    """A short warm-up, then the measured wrk run."""
    serve.wrk(base, mode, identities, WARM_UP_SECONDS, **extra)
    result = serve.wrk(base, mode, identities, seconds, **extra)
    print(
        f"    {mode:<9} c={result['connections']}: {result['rps']:>8.1f} req/s  "
        f"p50 {result['p50_ms']:>7.2f} ms  p99 {result['p99_ms']:>7.2f} ms"
        + (f"  ERRORS {result['errors']}" if result["errors"] else ""),
        flush=True,
    )
    return result


def expect_page(session, path, marker=None):
    """The page's status, after checking a logged-in GET really renders it."""
    try:
        status, body, content_type = session.get(path)
    except OSError as error:  # a timeout or a dropped connection
        return f"no answer ({error})"
    if status == 200 and (content_type != "text/html" or (marker and marker not in body)):
        raise RuntimeError(f"{path} did not render as expected")
    return status


def bench_size(size, scale, seconds, with_lighthouse, log_path):
    """Generate one organisation, then measure everything on it."""
    path = os.path.join(DATA, f"{size}.db")
    print(f"[{size}] generating (scale {scale}) …", flush=True)
    made = generate.generate(path, scale)
    print(
        f"    {made['total_rows']:,} rows in {made['seconds']} s "
        f"({made['rows_per_second']:,} rows/s), {made['megabytes']} MB",
        flush=True,
    )
    people, manager_email = cast(path)
    out = {"generation": made, "week": previous_week()}
    # The ceiling is measured next to each size, so both see the same machine load.
    with serve.gunicorn(hello=True, log_path=log_path) as base:
        out["hello"] = measure(base, "hello", [], seconds)
    with serve.gunicorn(path, log_path=log_path) as base:
        reps = [(serve.Session(base).login(e, generate.PASSWORD), c) for e, c in people]
        manager = serve.Session(base).login(manager_email, generate.PASSWORD)
        rep, clients = reps[0]
        expect_page(rep, "/", b"client-list")
        expect_page(rep, f"/clients/{clients[0]}", b"people-h")
        out["today"] = measure(base, "today", reps, seconds)
        out["briefing"] = measure(base, "briefing", reps, seconds)
        review_path = f"/review?week={out['week']}"
        status = expect_page(manager, review_path)
        if status == 200:
            out["review"] = measure(
                base, "review", [(manager, [])], seconds, review_path=review_path
            )
        else:
            out["review"] = {"missing": f"GET {review_path} answered {status}"}
            if status == 404:
                out["review"]["missing"] = f"no {review_path.split('?')[0]} route in this checkout"
            print(f"    review: not measured ({out['review']['missing']})")
        if size == "large":
            out["page_weight"] = weight.first_visit(rep, f"/clients/{clients[0]}")
            out["precache"] = weight.precache(rep)
            out["lighthouse"] = run_lighthouse(base, rep, clients[0], with_lighthouse)
        before = _notes(path)
        out["sync_1"] = measure(base, "sync", reps, seconds, connections=1, threads=1, batch=BATCH)
        out["sync"] = measure(base, "sync", reps, seconds, batch=BATCH)
        measured = out["sync_1"]["requests"] + out["sync"]["requests"]
        out["sync_applied_rows"] = _notes(path) - before
        if out["sync_applied_rows"] < measured * BATCH:
            raise RuntimeError("sync answered but did not store every operation")
    out["raw_insert"] = raw_insert(path, clients, rep.user_id)
    print(f"    raw insert of {BATCH} rows: p50 {out['raw_insert']['p50_ms']} ms", flush=True)
    return out


def _notes(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM notes").fetchone()[0]
    finally:
        conn.close()


def run_lighthouse(base, rep, client_id, enabled):
    """Lighthouse on the login page (logged out), Today and a briefing (logged in)."""
    why_not = "skipped (--no-lighthouse)" if not enabled else lighthouse.available()
    if why_not:
        print(f"    lighthouse: {why_not}")
        return {"skipped": why_not}
    pages = {"login": ("/login", None), "today": ("/", rep.cookie)}
    pages["briefing"] = (f"/clients/{client_id}", rep.cookie)
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

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "gunicorn_workers": serve.workers(),
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
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 10)))
    parser.add_argument("--no-lighthouse", action="store_true")
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
            "batch": BATCH,
        },
    }
    print(
        f"Folka benchmark — {results['machine']['cpu']} × {results['machine']['cores']} cores, "
        f"{results['machine']['gunicorn_workers']} gunicorn workers",
        flush=True,
    )
    for size, scale in SIZES.items():
        results[size] = bench_size(size, scale, args.seconds, not args.no_lighthouse, log_path)
    results["review_route"] = (
        "review" in results["large"] and "missing" not in results["large"]["review"]
    )
    results["targets"] = report.targets(results)
    results["total_seconds"] = round(time.monotonic() - started)
    results["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    text = report.markdown(results)
    with open(os.path.join(RESULTS, "latest.json"), "w") as file:
        json.dump(results, file, indent=2)
        file.write("\n")
    with open(os.path.join(RESULTS, "latest.md"), "w") as file:
        file.write(text)
    print()
    print(text)


if __name__ == "__main__":
    main()
