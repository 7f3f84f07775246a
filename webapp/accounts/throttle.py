"""Login throttling kept in the database, so every gunicorn worker counts the same failures.

Failed logins (wrong password, wrong second-step code) are counted per account and per client
address over a sliding window. The account is the e-mail as typed, known or not, so an unknown
address is throttled exactly like a real one and the answer tells nothing about who exists.
Keys are stored as hashes: the table says how often, not who typed what (the audit log does).
"""

import datetime
import hashlib
import ipaddress

from flask import current_app

from webapp import timeutil
from webapp.db import transaction


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


def blocked(db, email, address):
    """Seconds to wait when the account or the address has failed too often, else 0."""
    since = timeutil.iso(timeutil.now() - _window())
    limits = [
        ("account", account_key(email), current_app.config["LOGIN_FAILURES_PER_ACCOUNT"]),
        ("address", address_key(address), current_app.config["LOGIN_FAILURES_PER_ADDRESS"]),
    ]
    wait = 0
    for kind, value, limit in limits:
        rows = db.execute(
            "SELECT at FROM login_failures WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?",
            [_key(kind, value), since, limit],
        ).fetchall()
        if len(rows) >= limit:
            # Free again when the oldest of the last `limit` failures leaves the window.
            oldest = timeutil.parse(rows[-1][0])
            wait = max(wait, int((oldest + _window() - timeutil.now()).total_seconds()) + 1)
    return wait


def record_failure(db, email, address):
    """Count one failed attempt for the account and the address; forget expired ones."""
    now = timeutil.now()
    with transaction(db):
        db["login_failures"].insert_all(
            [
                {"key": _key("account", account_key(email)), "at": timeutil.iso(now)},
                {"key": _key("address", address_key(address)), "at": timeutil.iso(now)},
            ],
            pk="id",
        )
        db.execute("DELETE FROM login_failures WHERE at < ?", [timeutil.iso(now - 2 * _window())])


def clear_account(db, email):
    """A successful login forgives the account's failures (not the address's)."""
    with transaction(db):
        db.execute(
            "DELETE FROM login_failures WHERE key = ?", [_key("account", account_key(email))]
        )
