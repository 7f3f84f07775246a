"""CSRF on every form and the JSON sync, the response headers every page gets, and cookies
that are Secure whenever the app is reached over HTTPS (directly or behind a TLS proxy)."""

import ipaddress
from urllib.parse import urlsplit

from flask import abort
from flask import current_app
from flask import request
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp import audit

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # blob: the photos and the voice memo of a note still on the phone (IndexedDB).
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    # The microphone records a note's voice memo; photos come from the file picker's camera.
    "Permissions-Policy": "geolocation=(self), camera=(), microphone=(self)",
    "X-Frame-Options": "DENY",
}


def tile_source(url):
    """The CSP source of the map's tile server (config MAP_TILE_URL): its scheme and host, a
    {s} subdomain as a wildcard; "" when no tiles are configured or the URL names no host."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return ""
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"


def headers_for(app):
    """The headers with the CSP of this app: its images may also come from the tile server."""
    source = tile_source(app.config.get("MAP_TILE_URL"))
    if not source:
        return HEADERS
    policy = CONTENT_SECURITY_POLICY.replace(
        "img-src 'self' data: blob:", f"img-src 'self' data: blob: {source}"
    )
    return {**HEADERS, "Content-Security-Policy": policy}


#: Answers with these content types carry personal data: no cache may store them.
PRIVATE_TYPES = ("text/html", "application/json")


def add_headers(response):
    """Security headers on every response; personal data is never stored by caches.

    A view's own header wins. Written with one look at the headers already set rather than a
    setdefault() per header: on a kept page this was 8% of the request (make bench).
    """
    headers = response.headers
    present = {name.lower() for name in headers.keys()}
    wanted = dict(current_app.extensions.get("folka_headers", HEADERS))
    # Pages and API answers carry personal data; the service worker keeps what it needs itself.
    if (response.content_type or "").split(";", 1)[0].strip() in PRIVATE_TYPES:
        wanted["Cache-Control"] = "no-store"
    if request.is_secure:
        wanted["Strict-Transport-Security"] = current_app.config["HSTS"]
    for name, value in wanted.items():
        if name.lower() not in present:
            headers.add(name, value)
    return response


def safe_next(target, fallback):
    """The target when it is a path on this site, else the fallback: an open redirect would
    let a link in a mail send a rep, logged in, to a look-alike page.

    Browsers forgive much in a Location header (the WHATWG URL parser drops tabs and line
    breaks anywhere, trims control characters and spaces, reads a backslash as a slash), so
    whatever they would rewrite is refused rather than cleaned: a slash, a tab and
    "/evil.com" is "//evil.com" to a browser, another host.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target or " " in target or not target.isprintable():
        return fallback  # isprintable() is False for control, format and separator characters
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


def is_own_origin(origin):
    """Whether an Origin header names this very site: scheme, host and port (RFC 6454).

    The host alone is not enough: a page on http:// of the same host (written into a plain
    HTTP answer on a hotel network) or on another port (another program) is another site.
    Browsers write Origin in one form, lower case without a default port, as Werkzeug writes
    the host.
    """
    return origin.lower() == f"{request.scheme}://{request.host}".lower()


class SecureCookies:
    """WSGI middleware: mark every cookie Secure when the request came over HTTPS.

    Flask and Flask-Login read their *_COOKIE_SECURE settings once per app, but one app may
    be reached over HTTPS in production and plain HTTP on a developer's machine; the scheme
    of each request (after ProxyFix, when a proxy is trusted) decides instead.
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if environ.get("wsgi.url_scheme") != "https":
            return self.app(environ, start_response)

        def secure_start_response(status, headers, exc_info=None):
            headers = [
                (name, value + "; Secure")
                if name.lower() == "set-cookie" and "; secure" not in value.lower()
                else (name, value)
                for name, value in headers
            ]
            return start_response(status, headers, exc_info)

        return self.app(environ, secure_start_response)


class TrustedProxy:
    """WSGI middleware: believe X-Forwarded-For and -Proto only from the proxy's own address.

    ProxyFix alone believes whoever connects, so a gunicorn reachable past the proxy would let
    anyone claim HTTPS or another client address. Gunicorn itself believes none of these
    headers (gunicorn.conf.py): this is the one place that reads them.
    """

    def __init__(self, app, proxies, addresses):
        self.app = app
        self.fixed = ProxyFix(app, x_for=proxies, x_proto=proxies)
        if isinstance(addresses, str):
            addresses = addresses.split(",")
        self.networks = [ipaddress.ip_network(a.strip()) for a in addresses if a.strip()]

    def from_proxy(self, peer):
        """Whether the connecting address is one of the configured proxies."""
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:
            return peer == ""  # a UNIX socket: only local processes allowed to open it
        address = getattr(address, "ipv4_mapped", None) or address
        return any(address in network for network in self.networks)

    def __call__(self, environ, start_response):
        if self.from_proxy(environ.get("REMOTE_ADDR", "")):
            return self.fixed(environ, start_response)
        return self.app(environ, start_response)


#: Endpoints whose form takes a file, and that check it (and CSRF) themselves: an import's
#: upload (webapp/imports/views.py). Its body is not read here, under the forms' limit.
FILE_FORMS = set()


def refuse_other_bodies():
    """The pages' forms post url-encoded fields. Flask-WTF would take a JSON body, or a file
    sent under a field's name, as the form, handing numbers, lists and files to fields that
    expect text: outside /api/ such a post answers 415 before it reaches a view."""
    if request.endpoint in FILE_FORMS:
        return
    if request.method == "POST" and not request.path.startswith("/api/"):
        if request.is_json or request.files:
            abort(415)


def init_app(app):
    """Turn on CSRF checks, the headers, auditing of downloads and refusals, Secure cookies."""
    csrf.init_app(app)
    app.before_request(refuse_other_bodies)
    app.after_request(add_headers)
    app.extensions["folka_headers"] = headers_for(app)  # the map's tiles (webapp/plan)
    app.after_request(audit.record_access)
    if app.config["SECURE_COOKIES"]:
        # Always HTTPS: the __Host- prefix also binds the cookies to this exact host.
        app.config.update(
            SESSION_COOKIE_SECURE=True,
            REMEMBER_COOKIE_SECURE=True,
            SESSION_COOKIE_NAME="__Host-folka",
            REMEMBER_COOKIE_NAME="__Host-folka-remember",
        )
    app.wsgi_app = SecureCookies(app.wsgi_app)
    proxies = int(app.config["TRUST_PROXY"] or 0)
    if proxies:
        # Only when configured: otherwise anyone could claim HTTPS or another address.
        app.wsgi_app = TrustedProxy(app.wsgi_app, proxies, app.config["PROXY_ADDRESSES"])
