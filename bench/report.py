"""The benchmark's table: figures, ratios to the ceilings, and the targets."""

#: Each page's least throughput, as a share of the bare hello route's on the same gunicorn.
SHARE_OF_HELLO = {"briefing": 0.2, "today_30": 0.2, "today": 0.1}
LARGE_OVER_SMALL = 1.3
SYNC_OVER_RAW = 3.0
REVIEW_OVER_BRIEFING = 4.0
FIRST_VISIT_GZIP_KB = 60
LIGHTHOUSE = {"performance": 95, "accessibility": 100, "best-practices": 100}
#: Saved pages on a phone (Slow 4G, CPU 4×): a refresh with nothing changed, the first fill.
REFRESH_KB = 100
FIRST_FILL_SECONDS = 15
CONFIRMATION_P95_MS = 100
BRIEFING_WITH_NOTE_MS = 300

ENDPOINTS = (
    ("hello", "Ceiling: bare hello route"),
    ("today", "Today (rep with 100 clients)"),
    ("today_30", "Today (rep with 30 clients)"),
    ("briefing", "Client briefing (rep)"),
    ("review", "Weekly review (manager, team)"),
    ("sync_1", "POST /api/sync, 100 new ops (1 conn)"),
    ("sync", "POST /api/sync, 100 new ops"),
)
PAGES = ("today", "briefing", "review")
LABELS = {
    "today": "Today (100 clients)",
    "today_30": "Today (30 clients)",
    "briefing": "Briefing",
    "sync_1": "Sync",
}


def _get(results, size, key):
    value = results[size].get(key)
    return value if value and "missing" not in value and value.get("requests") != 0 else None


def _field(results, size, key, field):
    """One figure of one measurement, or None when it was not measured."""
    value = _get(results, size, key)
    return value.get(field) if value else None


def ratio(a, b):
    """a / b rounded, or None when either is missing."""
    return round(a / b, 2) if a is not None and b else None


def _times(value):
    return f"{value}×" if value is not None else "—"


def _share(value):
    return f"{value:.0%}" if value is not None else "—"


def _missing(results, key):
    """Why an endpoint has no figures, from either size."""
    for size in ("large", "small"):
        value = results[size].get(key) or {}
        if "missing" in value:
            return value["missing"]
    return "not measured"


def targets(results):
    """Each target with what was measured and whether it was met (None: not judged)."""
    large, small = results["large"], results["small"]
    rows = []

    def add(name, value, limit, below=True, show=_times, strict=False):
        if value is None:
            met, measured = False, "not measured"
        else:
            met = (value < limit if strict else value <= limit) if below else value >= limit
            measured = show(value)
        rows.append({"target": name, "value": value, "met": met, "measured": measured})

    def f(size, key, field):
        return _field(results, size, key, field)

    hello = f("large", "hello", "rps")
    for key, share in SHARE_OF_HELLO.items():
        add(
            f"{LABELS[key]} ≥ {share:.0%} of hello throughput (large)",
            ratio(f("large", key, "rps"), hello),
            share,
            below=False,
            show=_share,
        )
    review = ratio(f("large", "review", "p50_ms"), f("large", "briefing", "p50_ms"))
    add(
        f"Manager's weekly review ≤ {REVIEW_OVER_BRIEFING:g}× briefing latency (large, p50)",
        review,
        REVIEW_OVER_BRIEFING,
    )
    if review is None:
        rows[-1]["measured"] = f"not measured: {_missing(results, 'review')}"
    notes = large["generation"]["rows"]["notes"]
    for key in ("today", "today_30", "briefing", "sync_1"):
        add(
            f"{LABELS[key]} p50 at {notes:,} notes ≤ {LARGE_OVER_SMALL}× small",
            ratio(f("large", key, "p50_ms"), f("small", key, "p50_ms")),
            LARGE_OVER_SMALL,
        )
    grow = ratio(f("large", "review", "p50_ms"), f("small", "review", "p50_ms"))
    if grow is not None:
        team = large["generation"]["reps"] // large["generation"]["teams"]
        rows.append(
            {
                "target": f"Review p50 large vs small (team of {team} reps vs "
                f"{small['generation']['reps']}: more work, not a like-for-like comparison)",
                "value": grow,
                "met": None,
                "measured": _times(grow),
            }
        )
    add(
        f"Sync of 100 ops ≤ {SYNC_OVER_RAW:g}× raw insert (large, p50)",
        ratio(f("large", "sync_1", "p50_ms"), large["raw_insert"]["p50_ms"]),
        SYNC_OVER_RAW,
    )
    weight = large.get("page_weight")
    if weight:
        kb = round(weight["html_css_js"]["gzip"] / 1024, 1)
        add(
            f"First visit to a briefing < {FIRST_VISIT_GZIP_KB} KB HTML+CSS+JS gzipped",
            kb,
            FIRST_VISIT_GZIP_KB,
            show=lambda v: f"{v} KB",
            strict=True,
        )
    map_weight = large.get("map_weight")
    if map_weight:
        add(
            f"First visit to the map < {FIRST_VISIT_GZIP_KB} KB HTML+CSS+JS gzipped, Leaflet apart",
            round(map_weight["own"]["gzip"] / 1024, 1),
            FIRST_VISIT_GZIP_KB,
            show=lambda v: f"{v} KB",
            strict=True,
        )
    phone = (results.get("saved_pages") or {}).get("now")
    if phone:
        refresh = phone["refresh"]
        add(
            f"Saved pages: a refresh with nothing changed < {REFRESH_KB} KB (Slow 4G)",
            round((refresh["bytes_down"] + refresh["bytes_up"]) / 1024, 1),
            REFRESH_KB,
            show=lambda v: f"{v} KB",
            strict=True,
        )
        fill = phone["first_fill"]
        add(
            f"Saved pages: ready offline {phone['expected_pages']} pages (~200 clients) after "
            f"login < {FIRST_FILL_SECONDS} s (Slow 4G, CPU 4×)",
            fill["seconds"] if fill["complete"] else None,
            FIRST_FILL_SECONDS,
            show=lambda v: f"{v} s",
            strict=True,
        )
    save = results.get("field_save")
    if save:
        add(
            f"Save to confirmation < {CONFIRMATION_P95_MS} ms (p95, 2 photos and a memo, CPU 4×)",
            save["confirmation"]["p95_ms"],
            CONFIRMATION_P95_MS,
            show=lambda v: f"{v} ms",
            strict=True,
        )
        add(
            f"Briefing with the waiting note on screen < {BRIEFING_WITH_NOTE_MS} ms (p50, CPU 4×)",
            save["briefing"]["p50_ms"],
            BRIEFING_WITH_NOTE_MS,
            show=lambda v: f"{v} ms",
            strict=True,
        )
    pages = large.get("lighthouse") or {}
    for page, run in pages.items():
        if not isinstance(run, dict) or "scores" not in run:
            continue
        wrong_page = run.get("final_path", run["path"]) != run["path"]
        for category, minimum in LIGHTHOUSE.items():
            score = run["scores"].get(category)
            add(
                f"Lighthouse {page}: {category} ≥ {minimum}",
                score,
                minimum,
                below=False,
                show=lambda v, w=wrong_page, r=run: f"{v} (of {r['final_path']}!)" if w else str(v),
            )
            if wrong_page:
                rows[-1]["met"] = False
    return rows


def _load_range(results):
    loads = [
        value["load_average"]
        for size in ("small", "large")
        for value in results[size].values()
        if isinstance(value, dict) and "load_average" in value
    ] or results["machine"]["load_average_before"][:1]
    return f"{min(loads):g}–{max(loads):g}"


def _ms(value):
    return f"{value:.1f}" if value is not None else "—"


def _rps(value):
    return f"{value:.0f}" if value is not None else "—"


def _figures(results):
    lines = [
        "| endpoint | small req/s | small p50 ms | small p99 ms | large req/s | large p50 ms "
        "| large p99 ms | large/small p50 | vs ceiling (large) |",
        "|---|--:|--:|--:|--:|--:|--:|--:|---|",
    ]

    def f(size, key, field):
        return _field(results, size, key, field)

    raw_large, raw_small = results["large"]["raw_insert"], results["small"]["raw_insert"]
    for key, label in ENDPOINTS:
        if not _get(results, "large", key) and not _get(results, "small", key):
            lines.append(f"| {label} | not measured: {_missing(results, key)} | | | | | | | |")
            continue
        if key == "hello":
            versus = "100% (the ceiling)"
        elif key.split("_")[0] in PAGES:
            share = ratio(f("large", key, "rps"), f("large", "hello", "rps"))
            small_share = ratio(f("small", key, "rps"), f("small", "hello", "rps"))
            versus = f"{_share(share)} of hello req/s (small: {_share(small_share)})"
            if key == "review":
                slower = ratio(f("large", key, "p50_ms"), f("large", "briefing", "p50_ms"))
                versus += f"; p50 {_times(slower)} briefing"
        elif key == "sync_1":
            versus = (
                f"p50 {_times(ratio(f('large', key, 'p50_ms'), raw_large['p50_ms']))} raw insert "
                f"(small: {_times(ratio(f('small', key, 'p50_ms'), raw_small['p50_ms']))})"
            )
        else:
            rps = f("large", key, "rps")
            versus = f"{rps * 100:.0f} operations/s" if rps is not None else "—"
        grow = ratio(f("large", key, "p50_ms"), f("small", key, "p50_ms"))
        lines.append(
            f"| {label} | {_rps(f('small', key, 'rps'))} | {_ms(f('small', key, 'p50_ms'))} "
            f"| {_ms(f('small', key, 'p99_ms'))} | {_rps(f('large', key, 'rps'))} "
            f"| {_ms(f('large', key, 'p50_ms'))} | {_ms(f('large', key, 'p99_ms'))} "
            f"| {_times(grow)} | {versus} |"
        )
    lines.append(
        f"| Ceiling: raw sqlite-utils insert of 100 rows (WAL, synchronous=FULL) | | "
        f"{_ms(raw_small['p50_ms'])} | {_ms(raw_small['p99_ms'])} | | {_ms(raw_large['p50_ms'])} | "
        f"{_ms(raw_large['p99_ms'])} | {_times(ratio(raw_large['p50_ms'], raw_small['p50_ms']))} "
        "| 100% |"
    )
    return lines


def _generation(results):
    lines = ["| size | reps | rows | seconds | rows/s | file MB |", "|---|--:|--:|--:|--:|--:|"]
    for size in ("small", "large"):
        g = results[size]["generation"]
        lines.append(
            f"| {size} | {g['reps']} | {g['total_rows']:,} | {g['seconds']} | "
            f"{g['rows_per_second']:,} | {g['megabytes']} |"
        )
    rows = results["large"]["generation"]["rows"]
    lines.append("")
    lines.append("Large: " + ", ".join(f"{count:,} {table}" for table, count in rows.items()) + ".")
    return lines


def _weight(results):
    weight, precache = results["large"].get("page_weight"), results["large"].get("precache")
    if not weight:
        return []
    lines = ["| first visit to a briefing | raw KB | gzip KB |", "|---|--:|--:|"]
    kinds = (("html", "HTML"), ("css", "CSS"), ("js", "JS"), ("html_css_js", "**HTML+CSS+JS**"))
    for kind, label in (*kinds, ("other", "other (icons…)")):
        lines.append(
            f"| {label} | {weight[kind]['raw'] / 1024:.1f} | {weight[kind]['gzip'] / 1024:.1f} |"
        )
    if precache:
        lines.append(
            f"| service worker precache ({len(precache['files'])} files, incl. sw.js) | "
            f"{precache['raw'] / 1024:.1f} | {precache['gzip'] / 1024:.1f} |"
        )
    else:
        lines.append("| service worker precache | no /sw.js in this checkout | |")
    map_weight = results["large"].get("map_weight")
    if map_weight:
        for part, label in (
            ("own", "the map page, without Leaflet"),
            ("leaflet", "Leaflet, when the map is shown"),
        ):
            lines.append(
                f"| {label} | {map_weight[part]['raw'] / 1024:.1f} |"
                f" {map_weight[part]['gzip'] / 1024:.1f} |"
            )
    lines.append("")
    lines.append("Files: " + ", ".join(f"`{f['url']}`" for f in weight["files"]) + ".")
    return lines


def _saved_pages(results):
    """The phone's figures, before and now, with how many times less they cost now."""
    phone = results.get("saved_pages")
    if not phone:
        return ["Not measured."]
    now, before = phone["now"], phone.get("before") or {}
    net = phone["network"]
    lines = [
        f"Chromium through a link of {net['rtt_ms']} ms round trip, {net['down_kbps']} kbit/s "
        f"down and {net['up_kbps']} kbit/s up (bench/throttle.py, shared by the page and the "
        f"service worker), CPU slowed {phone['cpu_slowdown']}× on both; a rep who sees "
        f"{now['expected_pages'] // 2} clients' pages and Today "
        f"({now['expected_pages']} pages) in a generated team "
        "(bench/saved_pages.py).",
        "",
    ]
    missing = before.get("missing")
    label = f"before (`{before['commit']}`)" if before.get("commit") else "before"
    lines += [
        f"| step | seconds | KB down | KB up | requests (saved pages') | {label}: seconds "
        "| KB down | requests | less now |",
        "|---|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    steps = (
        ("cold_login", "login page, cold, until the worker is installed"),
        ("first_fill", "first fill: from the tap on Log in to ready offline"),
        ("refresh", "a refresh with nothing changed"),
    )
    ratios = phone.get("ratios") or {}
    words = (("seconds", "time"), ("bytes_down", "bytes"), ("requests", "requests"))
    for key, label in steps:
        a, b = now[key], before.get(key) or {}
        less = ", ".join(
            f"{ratios[f'{key}.{name}']}× {word}"
            for name, word in words
            if f"{key}.{name}" in ratios
        )
        then = (
            f"{b['seconds']} | {b['bytes_down'] / 1024:.0f} | {b['requests']}" if b else "— | — | —"
        )
        lines.append(
            f"| {label} | {a['seconds']} | {a['bytes_down'] / 1024:.0f} "
            f"| {a['bytes_up'] / 1024:.0f} | {a['requests']} ({a['saved_pages_requests']}) "
            f"| {then} | {less or '—'} |"
        )
    if missing:
        lines += ["", f"The code before was not measured: {missing}."]
    return lines


def _field_save(results):
    """Saving a note offline on a slowed phone, timed inside the page (bench/field_save.py)."""
    save = results.get("field_save")
    if not save:
        return ["Not measured."]
    attached = save["attached_per_note"]
    lines = [
        f"Chromium offline, CPU slowed {save['cpu_slowdown']}×, {save['rounds']} notes with "
        f"{attached['photos']} photos and {attached['memos']} voice memo each; from the tap's "
        "event time to the confirmation, and from the briefing's navigation to the waiting "
        "note on it.",
        "",
        "| measure | p50 ms | p95 ms | max ms |",
        "|---|--:|--:|--:|",
    ]
    measures = (
        ("confirmation", "Save → confirmation"),
        ("briefing", "briefing → note"),
        ("briefing_interactive", "briefing → page interactive (baseline)"),
    )
    for key, label in measures:
        row = save.get(key)
        if row:
            lines.append(f"| {label} | {row['p50_ms']} | {row['p95_ms']} | {row['max_ms']} |")
    baseline = save.get("briefing_interactive")
    if baseline and baseline["p50_ms"]:
        ratio = save["briefing"]["p50_ms"] / baseline["p50_ms"]
        lines += [
            "",
            f"The waiting note shows at {ratio:.2f}× the moment the saved briefing itself "
            "became interactive (p50 against p50, same navigations).",
        ]
    return lines


def _lighthouse(results):
    pages = results["large"].get("lighthouse") or {}
    if "skipped" in pages:
        return [f"Lighthouse: {pages['skipped']}."]
    lines = [
        "| page | performance | accessibility | best practices | FCP ms | LCP ms | TBT ms | CLS |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    lost = []
    for page, run in pages.items():
        s, m = run["scores"], run["metrics_ms"]
        lines.append(
            f"| {page} (`{run['path']}`) | {s['performance']} | {s['accessibility']} | "
            f"{s['best-practices']} | {m.get('first-contentful-paint', 0):.0f} | "
            f"{m.get('largest-contentful-paint', 0):.0f} | {m.get('total-blocking-time', 0):.0f} | "
            f"{m.get('cumulative-layout-shift', 0):.3f} |"
        )
        if run.get("final_path", run["path"]) != run["path"]:
            lost.append(
                f"- {page}: WARNING — Lighthouse ended on {run['final_path']}, not the page"
            )
        lost += [
            f"- {page}: {a['category']} — {a['title']} {a['display']}".rstrip()
            for a in run["lost_points"]
        ]
    if lost:
        lines += ["", "Audits that lost points:", *lost]
    return lines


def markdown(results):
    """The whole result as Markdown: what ran where, figures, targets, weight, Lighthouse."""
    m, load = results["machine"], results["load"]
    mark = {True: "✅ met", False: "❌ missed", None: "— not judged"}
    lines = [
        "# Folka benchmark results",
        "",
        f"{results['date']} · commit `{results['commit']}` · {m['cpu']}, {m['cores']} cores, "
        f"{m['memory_gb']} GB · Python {m['python']}, SQLite {m['sqlite']} · "
        f"gunicorn {m['gunicorn_workers']} workers × {m.get('gunicorn_threads', 1)} threads · "
        f"{m['wrk']} · 1-minute load average "
        f"{_load_range(results)} during the measurements (the run's own load is about 2–3; more "
        "means other work on the machine, which skews every figure); CPU busy with other work "
        f"when the load began: {results.get('cpu_busy_before', 0):.0%}",
        "",
        f"Load: wrk over loopback, {load['threads']} threads, {load['connections']} connections "
        "(sync also with 1). All servers run at once; each endpoint gets a 2 s warm-up, then "
        f"{load.get('rounds', 1)} rounds of {load['seconds']} s alternating between the small and "
        "the large organisation, and each keeps its best round (lowest p50), since bursts of "
        f"other work only make a round worse. Sync batches carry {load['batch']} new note "
        "operations. Latency ratios compare p50.",
        "",
        "Every page is rendered when asked. Today is loaded for the first rep of each team "
        "(100 clients) and, separately, for the second (30 clients); briefings rotate over 8 "
        "clients of the first.",
        "",
        "## Figures",
        "",
        *_figures(results),
        "",
        "## Targets",
        "",
        "| target | measured | result |",
        "|---|--:|---|",
        *[f"| {t['target']} | {t['measured']} | {mark[t['met']]} |" for t in results["targets"]],
        "",
        "## Generation",
        "",
        *_generation(results),
        "",
        "## Page weight",
        "",
        *_weight(results),
        "",
        "## Saved pages on a phone",
        "",
        *_saved_pages(results),
        "",
        "## Saving a note on a phone",
        "",
        *_field_save(results),
        "",
        "## Lighthouse (mobile preset)",
        "",
        *_lighthouse(results),
        "",
        f"Whole run: {results['total_seconds']} s.",
        "",
    ]
    if not results.get("review_route"):
        lines.insert(-2, f"The weekly review was not measured: {_missing(results, 'review')}.")
    return "\n".join(lines)
