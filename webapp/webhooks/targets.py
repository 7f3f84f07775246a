"""Where a delivery may go: never inside the server's own network unless allowed.

A webhook URL is typed by an admin, and the sender runs inside the network Folka runs in,
so a URL naming 127.0.0.1, 10.0.0.5, a cloud's metadata address or a name that resolves to
one would let it reach services nobody meant to expose (SSRF). Every address a host
resolves to must be public, unless it lies in WEBHOOKS_ALLOWED_NETWORKS (a list of CIDR
ranges, such as ["127.0.0.0/8"] for the tests). The sender connects to the very address
checked here, so a name that resolves differently a moment later changes nothing.
"""

import ipaddress
import socket
import urllib.parse

from flask_babel import gettext as _


class Refused(ValueError):
    """A URL a delivery may not go to; the text is for the admin (translated)."""


def parse(url):
    """(scheme, host, port, path with query) of an http(s) URL, or Refused."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except (ValueError, AttributeError):
        raise Refused(_("This is not a web address.")) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(_("Give an address that starts with https:// (or http://)."))
    if parts.username or parts.password:
        raise Refused(_("The address may not hold a user name or password."))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path


def _allowed(address, networks):
    return any(address in ipaddress.ip_network(net, strict=False) for net in networks)


def resolve(host, port, networks):
    """The address to connect to: the first the host resolves to, each of them public or
    allowed; Refused otherwise."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise Refused(_("This address cannot be found.")) from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]
    for address in addresses:
        if not address.is_global and not _allowed(address, networks):
            raise Refused(_("Webhooks may not go to addresses inside this network."))
    return str(addresses[0])


def allowed_networks(config):
    """WEBHOOKS_ALLOWED_NETWORKS as a list, from a list or a comma-separated text."""
    value = config.get("WEBHOOKS_ALLOWED_NETWORKS") or []
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    return list(value)


def check(url, config):
    """Refused unless the URL is an http(s) address a delivery may go to."""
    _scheme, host, port, _path = parse(url)
    resolve(host, port, allowed_networks(config))
