"""The benchmark's table: figures, ratios to the ceilings, and the issue's targets."""

#: The targets of issue 7.
SHARE_OF_HELLO = 0.5
LARGE_OVER_SMALL = 1.3
SYNC_OVER_RAW = 3.0
REVIEW_OVER_BRIEFING = 4.0
FIRST_VISIT_GZIP_KB = 60
LIGHTHOUSE = {"performance": 95, "accessibility": 100, "best-practices": 100}

ENDPOINTS = (
    ("hello", "Ceiling: bare hello route"),
    ("today", "Today (rep)"),
    ("briefing", "Client briefing (rep)"),
    ("review", "Weekly review (manager, team)"),
    ("sync_1", "POST /api/sync, 100 new ops (1 conn)"),
    ("sync", "POST /api/sync, 100 new ops"),
)


def _get(results, size, key):
    value = results[size].get(key)
    return value if value and "missing" not in value else None


def ratio(a, b):
    """a / b rounded, or None when either is missing."""
    return round(a / b, 2) if a is not None and b else None


def targets(results):
    """Each target with what was measured and whether it was met (None: not measurable)."""
    large, small = results["large"], results["small"]
    hello = large["hello"]
    rows = []

    def add(name, value, met, measured):
        rows.append({"target": name, "value": value, "met": met, "measured": measured})

    for key, label in (("today", "Today"), ("briefing", "Briefing")):
        share = ratio(large[key]["rps"], hello["rps"])
        add(
            f"{label} ≥ {SHARE_OF_HELLO:.0%} of hello throughput (large)",
            share,
            share >= SHARE_OF_HELLO,
            f"{share:.0%}",
        )
    for key, label in (("today", "Today"), ("briefing", "Briefing"), ("sync_1", "Sync")):
        grow = ratio(large[key]["p50_ms"], small[key]["p50_ms"])
        add(
            f"{label} p50 at 1M notes ≤ {LARGE_OVER_SMALL}× small",
            grow,
            grow <= LARGE_OVER_SMALL,
            f"{grow}×",
        )
    review_l, review_s = _get(results, "large", "review"), _get(results, "small", "review")
    if review_l and review_s:
        grow = ratio(review_l["p50_ms"], review_s["p50_ms"])
        team = large["generation"]["reps"] // large["generation"]["teams"]
        add(
            f"Review p50 large vs small (team of {team} reps vs {small['generation']['reps']}: "
            "more work, not a like-for-like comparison)",
            grow,
            None,
            f"{grow}×",
        )
    sync = ratio(large["sync_1"]["p50_ms"], large["raw_insert"]["p50_ms"])
    add(
        f"Sync of 100 ops ≤ {SYNC_OVER_RAW:g}× raw insert (large, p50)",
        sync,
        sync <= SYNC_OVER_RAW,
        f"{sync}×",
    )
    if review_l:
        review = ratio(review_l["p50_ms"], large["briefing"]["p50_ms"])
        add(
            f"Manager's weekly review < {REVIEW_OVER_BRIEFING:g}× briefing latency (large, p50)",
            review,
            review < REVIEW_OVER_BRIEFING,
            f"{review}×",
        )
    else:
        add(
            "Manager's weekly review < 4× briefing latency",
            None,
            None,
            f"not measured: {_why_no_review(results)}",
        )
    weight = large.get("page_weight")
    if weight:
        kb = round(weight["html_css_js"]["gzip"] / 1024, 1)
        add(
            f"First visit to a briefing < {FIRST_VISIT_GZIP_KB} KB HTML+CSS+JS gzipped",
            kb,
            kb < FIRST_VISIT_GZIP_KB,
            f"{kb} KB",
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
                score is not None and score >= minimum and not wrong_page,
                f"{score} (of {run['final_path']}!)" if wrong_page else str(score),
            )
    return rows


def _why_no_review(results):
    review = results["large"].get("review") or results["small"].get("review") or {}
    return review.get("missing", "no /review route in this checkout")


def _ms(value):
    return f"{value:.1f}" if value is not None else "—"


def _figures(results):
    lines = [
        "| endpoint | small req/s | small p50 ms | small p99 ms | large req/s | large p50 ms "
        "| large p99 ms | large/small p50 | vs ceiling (large) |",
        "|---|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    hello = results["large"]["hello"]
    raw = results["large"]["raw_insert"]
    for key, label in ENDPOINTS:
        small, large = _get(results, "small", key), _get(results, "large", key)
        if not large:
            lines.append(f"| {label} | not measured: {_why_no_review(results)} | | | | | | | |")
            continue
        if key == "hello":
            versus = "100% (the ceiling)"
        elif key in ("today", "briefing", "review"):
            share = ratio(large["rps"], hello["rps"])
            small_share = ratio(small["rps"], results["small"]["hello"]["rps"])
            versus = f"{share:.0%} of hello req/s (small: {small_share:.0%})"
            if key == "review":
                briefing = results["large"]["briefing"]["p50_ms"]
                versus += f"; p50 {ratio(large['p50_ms'], briefing)}× briefing"
        elif key == "sync_1":
            small_raw = results["small"]["raw_insert"]["p50_ms"]
            versus = (
                f"p50 {ratio(large['p50_ms'], raw['p50_ms'])}× raw insert "
                f"(small: {ratio(small['p50_ms'], small_raw)}×)"
            )
        else:
            versus = f"{large['rps'] * 100:.0f} operations/s"
        lines.append(
            f"| {label} | {small['rps']:.0f} | {_ms(small['p50_ms'])} | {_ms(small['p99_ms'])} "
            f"| {large['rps']:.0f} | {_ms(large['p50_ms'])} | {_ms(large['p99_ms'])} "
            f"| {ratio(large['p50_ms'], small['p50_ms'])}× | {versus} |"
        )
    small_raw = results["small"]["raw_insert"]
    lines.append(
        f"| Ceiling: raw sqlite-utils insert of 100 rows (WAL, synchronous=FULL) | | "
        f"{_ms(small_raw['p50_ms'])} | {_ms(small_raw['p99_ms'])} | | {_ms(raw['p50_ms'])} | "
        f"{_ms(raw['p99_ms'])} | {ratio(raw['p50_ms'], small_raw['p50_ms'])}× | 100% |"
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
    lines.append("")
    lines.append("Files: " + ", ".join(f"`{f['url']}`" for f in weight["files"]) + ".")
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
        f"gunicorn {m['gunicorn_workers']} sync workers · {m['wrk']} · load average before "
        f"{m['load_average_before'][0]}, after {m['load_average_after'][0]} (other work on the "
        "machine skews the figures)",
        "",
        f"Load: wrk over loopback, {load['threads']} threads, {load['connections']} connections, "
        f"{load['seconds']} s per endpoint after a 2 s warm-up; sync batches of {load['batch']} "
        "new note operations. Latency ratios compare p50. The hello ceiling is measured next to "
        "each size; page throughput is compared with the one beside it.",
        "",
        "## Figures",
        "",
        *_figures(results),
        "",
        "## Targets (issue 7)",
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
        "## Lighthouse (mobile preset)",
        "",
        *_lighthouse(results),
        "",
        f"Whole run: {results['total_seconds']} s.",
        "",
    ]
    if not results.get("review_route"):
        lines.insert(-2, f"The weekly review was not measured: {_why_no_review(results)}.")
    return "\n".join(lines)
