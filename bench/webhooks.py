"""What webhooks add to a sync: POST /api/sync with 100 new notes, in process, with no
webhook endpoint (the baseline) and with one that wants every note (100 events and 100
deliveries queued in the sync's transaction), rounds alternating so that both meet the same
machine; and a page of 100 notes from the REST API beside it.

    .venv/bin/python bench/webhooks.py [--rounds 15]

Prints the median milliseconds of each and the ratio against the baseline.
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.dirname(BENCH), BENCH]

from inprocess import sync_body  # noqa: E402

from tests.conftest import PASSWORD  # noqa: E402
from tests.conftest import Factory  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp import db as database  # noqa: E402
from webapp import timeutil  # noqa: E402
from webapp.restapi import tokens  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="folka-webhooks-bench-")
    path = os.path.join(folder, "bench.db")
    app = create_app({"DATABASE": path, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": True})
    database.migrate(path)
    db = database.connect(path)
    make = Factory(db)
    team = make.team("Bench")
    rep = make.user("rep", team, email="bench@example.com")
    clients = [make.client(team, rep["id"]) for _ in range(50)]
    token = tokens.create(db, rep["id"], "bench", "read", 7)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": rep["email"], "password": PASSWORD, "csrf_token": csrf})
    csrf = client.get("/api/session").json["csrf_token"]

    def sync():
        body = sync_body(rep["id"], clients)
        start = time.perf_counter()
        answer = client.post("/api/sync", json=body, headers={"X-CSRFToken": csrf})
        assert answer.status_code == 200, answer.get_data(as_text=True)[:200]
        return (time.perf_counter() - start) * 1000

    db.execute(
        "INSERT INTO webhook_endpoints (url, secret, events, created_at)"
        " VALUES ('https://example.com/x', 'whsec_AAAA', 'note.written', ?)",
        [timeutil.now_iso()],
    )

    def set_endpoint(on):
        db.execute("UPDATE webhook_endpoints SET active = ?", [int(on)])

    times = {"without": [], "with": []}
    sync()  # warm up
    for _round in range(args.rounds):
        for name, on in (("without", False), ("with", True)):
            set_endpoint(on)
            times[name].append(sync())
    headers = {"Authorization": f"Bearer {token}"}
    rest = []
    for _round in range(args.rounds):
        start = time.perf_counter()
        answer = client.get("/api/v1/notes?limit=100", headers=headers)
        assert answer.status_code == 200 and len(answer.json["data"]) == 100
        rest.append((time.perf_counter() - start) * 1000)
    base = statistics.median(times["without"])
    print(f"POST /api/sync, 100 notes, no webhook:        {base:7.1f} ms  1.00")
    hooked = statistics.median(times["with"])
    print(f"POST /api/sync, 100 notes, 100 events queued: {hooked:7.1f} ms  {hooked / base:.2f}")
    page = statistics.median(rest)
    print(f"GET /api/v1/notes?limit=100:                  {page:7.1f} ms  {page / base:.2f}")


if __name__ == "__main__":
    main()
