"""Signatures as Standard Webhooks defines them (https://www.standardwebhooks.com).

A secret is "whsec_" and the base64 of 24 random bytes. Each delivery carries three headers:
webhook-id (the event's id, the same on every attempt, so a receiver can drop repeats),
webhook-timestamp (seconds since 1970, when this attempt was signed) and webhook-signature
"v1,<base64 of HMAC-SHA256(key, id + "." + timestamp + "." + body)>".
"""

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"


def new_secret():
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def signature(secret, msg_id, timestamp, body):
    """The webhook-signature header's value for these parts (body: the exact text sent)."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{msg_id}.{timestamp}.{body}".encode()
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secret, msg_id, timestamp, body):
    """The headers of one attempt."""
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, msg_id, timestamp, body),
        "content-type": "application/json",
        "user-agent": "Folka-Webhooks/1",
    }
