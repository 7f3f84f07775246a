"""Login throttling kept in the database, so every gunicorn worker counts the same failures.

Failed logins (wrong password, wrong second-step code, a wrong password typed again to
change the account) are counted per account and per client address over a sliding window.
The account is the e-mail as typed, known or not, so an unknown address is throttled exactly
like a real one and the answer tells nothing about who exists. Keys are stored as hashes:
the table says how often, not who typed what (the audit log does).

An attempt is counted before the password is checked, in the same write transaction as the
look at the count, and forgiven when it succeeds: sixteen guesses sent at once queue on the
write lock instead of all reading "four so far".

The two limits differ. An account over its limit is closed for the rest of the window, even
to the right password. An address over its limit (an office behind one NAT) is only slowed:
one attempt per pause, so colleagues still log in while guesses from there crawl.
"""

import datetime
import hashlib
import ipaddress
from typing import NamedTuple

from flask import current_app

from webapp import timeutil
from webapp.db import marks
from webapp.db import transaction


class Attempt(NamedTuple):
    """One counted attempt: `wait` seconds when refused (nothing counted), else its rows."""

    wait: int
    rows: tuple = ()


def _key(kind, value):
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def account_key(email):
    """The account as typed: trimmed and lower case, like the login lookup."""
    return (email or "").strip().lower()[:254]


def address_key(address):
    """The client address; IPv6 by its /64, since one host can use a whole /64."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _window():
    return datetime.timedelta(minutes=current_app.config["LOGIN_THROTTLE_MINUTES"])


def _recent(db, key, since, limit):
    """The times of the key's latest failures in the window, newest first, at most `limit`."""
    rows = db.execute(
        "SELECT at FROM login_failures WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?",
        [key, timeutil.iso(since), limit],
    ).fetchall()
    return [timeutil.parse(row[0]) for row in rows]


def _seconds_until(moment, now):
    return max(0, int((moment - now).total_seconds()) + 1)


def _wait(db, email, address, now):
    """Seconds until an attempt for this account from this address may go ahead, or 0."""
    config, window = current_app.config, _window()
    wait = 0
    limit = config["LOGIN_FAILURES_PER_ACCOUNT"]
    account = _recent(db, _key("account", account_key(email)), now - window, limit)
    if len(account) >= limit:
        # Open again when the oldest of the last `limit` failures leaves the window.
        wait = _seconds_until(account[-1] + window, now)
    limit = config["LOGIN_FAILURES_PER_ADDRESS"]
    place = _recent(db, _key("address", address_key(address)), now - window, limit)
    if len(place) >= limit:
        pause = datetime.timedelta(seconds=config["LOGIN_ADDRESS_PAUSE_SECONDS"])
        if place[0] + pause > now:
            wait = max(wait, _seconds_until(place[0] + pause, now))
    return wait


def begin(db, email, address):
    """Check the limits and count this attempt as a failure, in one write transaction.

    Returns an Attempt: refused with its `wait`, or counted (call `forgive` when it succeeds).
    """
    now = timeutil.now()
    with transaction(db):
        wait = _wait(db, email, address, now)
        if wait:
            return Attempt(wait)
        rows = tuple(
            db["login_failures"].insert({"key": _key(kind, value), "at": timeutil.iso(now)}).last_pk
            for kind, value in (("account", account_key(email)), ("address", address_key(address)))
        )
        db.execute("DELETE FROM login_failures WHERE at < ?", [timeutil.iso(now - 2 * _window())])
    return Attempt(0, rows)


def forgive(db, attempt):
    """The password or code was right: this attempt was no failure."""
    with transaction(db):
        db.execute(
            f"DELETE FROM login_failures WHERE id IN ({marks(attempt.rows)})",
            attempt.rows,
        )


def clear_account(db, email):
    """A completed login forgives the account's failures (not the address's)."""
    with transaction(db):
        db.execute(
            "DELETE FROM login_failures WHERE key = ?", [_key("account", account_key(email))]
        )
