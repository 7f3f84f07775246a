"""The second login step: time-based one-time codes (RFC 6238) and one-time recovery codes.

Any authenticator app works: the secret is 160 random bits shown as base32 text, as an
otpauth:// link and as a QR code. A code is valid for its 30-second step and one step either
side (clock drift), and only once: the last step used is stored, and older steps are refused.
Recovery codes carry 125 random bits each, so a plain SHA-256 is a safe way to store them.
"""

import base64
import hashlib
import hmac
import secrets
import struct
import time
import urllib.parse

import segno

from webapp import timeutil
from webapp.db import transaction

STEP_SECONDS = 30
DIGITS = 6
#: Steps accepted either side of now, for phones whose clock is a little off.
DRIFT_STEPS = 1
RECOVERY_CODES = 10
_CODE_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # 32 letters, no 0/o or 1/l


def new_secret():
    """A fresh 160-bit secret, base32 without padding, as authenticator apps want it."""
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def code_at(secret, step, digits=DIGITS, digest=hashlib.sha1):
    """The code for one time step (RFC 4226 HOTP over the step counter)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    mac = hmac.new(key, struct.pack(">Q", step), digest).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def current_step(now=None):
    """The number of the 30-second step we are in."""
    return int((time.time() if now is None else now) // STEP_SECONDS)


def matching_step(secret, code, after_step, now=None):
    """The step whose code this is, if it is near now and later than `after_step`; else None."""
    code = "".join((code or "").split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    now_step = current_step(now)
    for step in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
        if step > after_step and hmac.compare_digest(code_at(secret, step), code):
            return step
    return None


def provisioning_uri(secret, account, issuer="Folka"):
    """The otpauth:// link an authenticator app reads from the QR code or a tap on the phone."""
    label = urllib.parse.quote(f"{issuer}:{account}")
    query = urllib.parse.urlencode({"secret": secret, "issuer": issuer})
    return f"otpauth://totp/{label}?{query}"


def qr_svg(uri):
    """The link as an inline SVG QR code: drawn on the server, no script, no style attribute."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=4, dark="#000", light="#fff")


def new_recovery_codes():
    """Ten codes of 25 random letters (125 bits), grouped by five for reading aloud."""
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(25))
        codes.append("-".join(raw[i : i + 5] for i in range(0, 25, 5)))
    return codes


def _code_hash(code):
    """SHA-256 of the code's letters, so case, spaces and dashes do not matter."""
    normalised = "".join(ch for ch in (code or "").lower() if ch in _CODE_ALPHABET)
    if len(normalised) != 25:
        return None
    return hashlib.sha256(normalised.encode()).hexdigest()


def start_setup(db, user_id):
    """A new secret waiting to be confirmed with a first code; returns it."""
    secret = new_secret()
    with transaction(db):
        db["users"].update(user_id, {"totp_pending_secret": secret})
    return secret


def confirm_setup(db, user_id, code):
    """Turn the second step on when `code` matches the waiting secret; returns recovery codes.

    Returns None when the code is wrong. The old recovery codes, if any, stop working.
    """
    with transaction(db):
        row = db.execute("SELECT totp_pending_secret FROM users WHERE id = ?", [user_id]).fetchone()
        secret = row[0] if row else None
        step = matching_step(secret, code, after_step=0) if secret else None
        if step is None:
            return None
        db["users"].update(
            user_id,
            {
                "totp_secret": secret,
                "totp_pending_secret": None,
                "totp_enabled_at": timeutil.now_iso(),
                "totp_last_step": step,
            },
        )
        return replace_recovery_codes(db, user_id)


def replace_recovery_codes(db, user_id):
    """Ten new recovery codes; the old ones stop working. Only hashes are stored."""
    codes = new_recovery_codes()
    with transaction(db):
        db.execute("DELETE FROM recovery_codes WHERE user_id = ?", [user_id])
        db["recovery_codes"].insert_all(
            [{"user_id": user_id, "code_hash": _code_hash(code)} for code in codes], pk="id"
        )
    return codes


def disable(db, user_id):
    """Turn the second step off and forget the secret and recovery codes."""
    with transaction(db):
        db["users"].update(
            user_id,
            {"totp_secret": None, "totp_pending_secret": None, "totp_enabled_at": None},
        )
        db.execute("DELETE FROM recovery_codes WHERE user_id = ?", [user_id])


def verify(db, user_id, code):
    """Check a login code: "totp", "recovery" (a recovery code, now used up) or None.

    The step or recovery code is consumed in the same transaction, so a code seen once by an
    attacker is worthless, even when two requests race each other.
    """
    with transaction(db):
        row = db.execute(
            "SELECT totp_secret, totp_last_step FROM users WHERE id = ?", [user_id]
        ).fetchone()
        if not row or not row[0]:
            return None
        step = matching_step(row[0], code, after_step=row[1])
        if step is not None:
            db["users"].update(user_id, {"totp_last_step": step})
            return "totp"
        found = db.execute(
            "SELECT id FROM recovery_codes WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
            [user_id, _code_hash(code)],
        ).fetchone()
        if found:
            db["recovery_codes"].update(found[0], {"used_at": timeutil.now_iso()})
            return "recovery"
    return None


def recovery_codes_left(db, user_id):
    """How many unused recovery codes the user has."""
    return db.execute(
        "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", [user_id]
    ).fetchone()[0]
