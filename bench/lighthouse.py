"""Lighthouse (npm, in bench/node_modules) against the system Chromium, mobile preset.

Logged-in pages get the session cookie through --extra-headers. Each run records the
performance, accessibility and best-practices scores, the main timings and the audits that
cost points, so a miss says what to fix.
"""

import json
import os
import shutil
import subprocess
import tempfile
import urllib.parse

BENCH = os.path.dirname(os.path.abspath(__file__))
CLI = os.path.join(BENCH, "node_modules", "lighthouse", "cli", "index.js")
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices")
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)


def available():
    """Why Lighthouse cannot run here, or None when it can."""
    if not os.path.exists(CLI):
        return "bench/node_modules has no lighthouse (make bench installs it with npm)"
    if not shutil.which("node"):
        return "node is not installed"
    if not os.path.exists(CHROME):
        return f"no Chromium at {CHROME}"
    return None


def run(url, cookie=None, keep=None):
    """Scores (0-100), timings (ms) and the audits that lost points, for one page.

    `keep` names a file for Lighthouse's whole JSON report, to look into a miss.
    """
    with tempfile.TemporaryDirectory() as tmp:
        report = keep or os.path.join(tmp, "report.json")
        command = [
            "node",
            CLI,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--chrome-flags=--headless --no-sandbox --disable-gpu",
            "--only-categories=" + ",".join(CATEGORIES),
        ]
        if cookie:
            command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
        subprocess.run(
            command,
            env={**os.environ, "CHROME_PATH": CHROME},
            capture_output=True,
            timeout=300,
            check=True,
            cwd=tmp,
        )
        with open(report) as file:
            data = json.load(file)
    audits = data["audits"]
    result = {
        "path": urllib.parse.urlsplit(url).path,
        # A lost session would show the login page instead: report what was really measured.
        "final_path": urllib.parse.urlsplit(data.get("finalDisplayedUrl") or url).path,
        "scores": {
            name: round(data["categories"][name]["score"] * 100)
            if data["categories"][name]["score"] is not None
            else None
            for name in CATEGORIES
        },
        "metrics_ms": {
            name: round(audits[name]["numericValue"], 3 if name.endswith("shift") else 0)
            for name in METRICS
            if audits.get(name, {}).get("numericValue") is not None
        },
        "lost_points": [],
        "runtime_error": data.get("runtimeError", {}).get("message"),
    }
    for name in CATEGORIES:
        for ref in data["categories"][name]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                result["lost_points"].append(
                    {
                        "category": name,
                        "id": ref["id"],
                        "title": audit["title"],
                        "score": audit["score"],
                        "display": audit.get("displayValue", ""),
                    }
                )
    return result
