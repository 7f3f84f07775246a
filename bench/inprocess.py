"""In-process timings of the benchmarked endpoints, for finding where the time goes.

`make bench` measures through gunicorn and wrk; this runs the same requests through Flask's
test client in one process, so a change can be tried in seconds and profiled:

    .venv/bin/python bench/generate.py /tmp/large.db --scale 1
    .venv/bin/python bench/inprocess.py /tmp/large.db                 # median ms per endpoint
    .venv/bin/python bench/inprocess.py /tmp/large.db --profile today # plus cProfile's top 30
    .venv/bin/python bench/inprocess.py /tmp/large.db --babel-gettext  # see babel_gettext()
"""

import argparse
import cProfile
import json
import os
import pstats
import re
import statistics
import sys
import time
import uuid

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(BENCH))
sys.path.insert(0, BENCH)

import generate  # noqa: E402
import hello as hello_app  # noqa: E402
import run  # noqa: E402
from flask_babel import get_translations  # noqa: E402

from webapp import create_app  # noqa: E402

ENDPOINTS = ("hello", "today", "today_30", "briefing", "review", "sync")


def log_in(client, email):
    """Log in through the form; returns the CSRF token the outbox would send."""
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answer = client.post(
        "/login", data={"email": email, "password": generate.PASSWORD, "csrf_token": token}
    )
    if answer.status_code != 302:
        raise RuntimeError(f"could not log in as {email}")
    return client.get("/api/session").get_json()


def sync_body(user_id, clients):
    """100 new note operations, as bench/wrk.lua sends them."""
    at = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
    return {
        "user_id": user_id,
        "operations": [
            {
                "id": str(uuid.uuid4()),
                "kind": "note",
                "at": at,
                "client_id": clients[i % len(clients)],
                "body": run.NOTE,
                "contacts_met": [],
            }
            for i in range(100)
        ],
    }


def babel_gettext(app):
    """Templates translate with Flask-Babel's gettext, as Flask-Babel sets Jinja up, instead of
    the app's (webapp/i18n: template_gettext()): what the app's own saves."""
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: get_translations().ugettext(s),
        ngettext=lambda s, p, n: get_translations().ungettext(s, p, n),
        newstyle=True,
    )


def requests(path, flask_babel_gettext=False):
    """One callable per endpoint, each making one request as the benchmark does."""
    app = create_app({"DATABASE": os.path.abspath(path), "SECRET_KEY": "profile"})
    if flask_babel_gettext:
        babel_gettext(app)
    people, manager_email = run.cast(path)
    email, _, clients = people[0]
    rep = app.test_client()
    info = log_in(rep, email)
    manager = app.test_client()
    log_in(manager, manager_email)
    new_rep = app.test_client()
    log_in(new_rep, run.cast(path, generate.NEW_REP_CLIENTS)[0][0][0])
    hello = hello_app.app.test_client()
    review = f"/review?week={run.previous_week()}"
    headers = {"X-CSRFToken": info["csrf_token"]}

    def sync():
        body = sync_body(info["user_id"], clients)
        return rep.post(
            "/api/sync", data=json.dumps(body), headers=headers, content_type="application/json"
        )

    return {
        "hello": lambda: hello.get("/"),
        "today": lambda: rep.get("/"),
        "today_30": lambda: new_rep.get("/"),
        "briefing": lambda: rep.get(f"/clients/{clients[0]}"),
        "review": lambda: manager.get(review),
        "sync": sync,
    }


def timed(call, count):
    """Median and minimum milliseconds of `count` calls, after one warm-up."""
    answer = call()
    if answer.status_code != 200:
        raise RuntimeError(f"answered {answer.status_code}: {answer.get_data(as_text=True)[:200]}")
    times = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), len(answer.get_data())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database")
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--only", choices=ENDPOINTS, action="append")
    parser.add_argument("--profile", choices=ENDPOINTS)
    parser.add_argument(
        "--babel-gettext", action="store_true", help="templates use Flask-Babel's gettext"
    )
    args = parser.parse_args()
    calls = requests(args.database, args.babel_gettext)
    for name in args.only or ENDPOINTS:
        median, fastest, size = timed(calls[name], args.count if name != "review" else 5)
        print(f"{name:10} median {median:8.2f} ms   min {fastest:8.2f} ms   {size:>9,} bytes")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.count):
            calls[args.profile]()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
