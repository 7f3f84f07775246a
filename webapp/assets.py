"""Static files that cost a phone little: content-hashed URLs, compression, the module chain.

- Every `url_for('static', …)` names the file under a fingerprint of the whole static folder,
  /static/<fingerprint>/js/app.js, answered with a year of `immutable` caching: a phone
  downloads a file once per deploy and never asks again. One fingerprint for the folder (not
  one per file) keeps ES modules' relative imports ("./outbox.js") inside the same version.
  An address with another fingerprint (a page saved before a deploy) gets today's file with
  `no-cache`, and so does the plain /static/<file> the service worker imports.
- Pages, JSON, scripts and styles are compressed (Flask-Compress: brotli, zstd or gzip,
  whichever the browser takes; over plain HTTP Chromium only takes gzip).
- The scripts app.js imports, directly or not, are named in the page's head as
  `<link rel="modulepreload">`: the browser fetches them all at once instead of discovering
  the chain of 20-odd modules one import at a time (no build step).
"""

import os
import re

from flask import current_app
from flask import send_from_directory
from flask import url_for
from flask_compress import Compress

from webapp import pwa

#: A year: the longest lifetime browsers honour.
IMMUTABLE = "public, max-age=31536000, immutable"
#: How the fingerprint in a static address looks.
FINGERPRINT = re.compile(r"[0-9a-f]{16}")
#: `import … from "./x.js"` and `export … from "./x.js"`; dynamic import() is not preloaded.
STATIC_IMPORT = re.compile(
    r"""^\s*(?:import|export)\s+(?:[\w*{}\s,$]+?\s+from\s+)?["'](\.{1,2}/[^"']+)["']""",
    re.MULTILINE,
)
#: The page script every page loads; its imports are preloaded.
ENTRY = "js/app.js"

COMPRESSION = {
    "COMPRESS_ALGORITHM": ["br", "zstd", "gzip"],
    "COMPRESS_MIMETYPES": [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/manifest+json",
        "image/svg+xml",
    ],
    # Only whole answers: a streamed download stays as it is.
    "COMPRESS_STREAMS": False,
    "COMPRESS_BR_LEVEL": 5,
}


def static_fingerprint():
    """The fingerprint of everything under static/: it changes when any byte does. Computed
    once per app (again on every call when debugging, as files change under the server)."""
    found = current_app.extensions.get("folka_static")
    if found is None or current_app.debug:
        found = pwa.fingerprint([current_app.static_folder])
        current_app.extensions["folka_static"] = found
    return found


def _versioned(endpoint, values):
    """url_for('static', filename=f) names f under the current fingerprint."""
    if endpoint == "static" and "filename" in values:
        values["filename"] = f"{static_fingerprint()}/{values['filename']}"


def serve_static(filename):
    """A static file: for a year under the current fingerprint, else checked on every use."""
    version, _, rest = filename.partition("/")
    versioned = bool(rest) and FINGERPRINT.fullmatch(version) is not None
    response = send_from_directory(current_app.static_folder, rest if versioned else filename)
    immutable = versioned and version == static_fingerprint()
    response.headers["Cache-Control"] = IMMUTABLE if immutable else "no-cache"
    response.headers.pop("Expires", None)
    # Read whole, so that it is compressed like a page (a streamed body would not be).
    if response.status_code == 200:
        response.direct_passthrough = False
        response.make_sequence()
        response.close()  # the file is read: close it now
    return response


def module_preloads():
    """The addresses of every module app.js imports, directly or through others."""
    found = current_app.extensions.get("folka_preloads")
    if found is None or current_app.debug:
        found = [f"js/{name}" for name in _imports(current_app.static_folder, ENTRY)]
        current_app.extensions["folka_preloads"] = found
    return [url_for("static", filename=name) for name in found]


def _imports(static, entry):
    """The modules `entry` imports (paths under static/js), in the order they are first met."""
    seen, queue = [], [entry]
    while queue:
        path = queue.pop(0)
        with open(os.path.join(static, path), encoding="utf-8") as file:
            source = file.read()
        folder = os.path.dirname(path)
        for relative in STATIC_IMPORT.findall(source):
            target = os.path.normpath(os.path.join(folder, relative)).replace(os.sep, "/")
            name = target.removeprefix("js/")
            if name not in seen and os.path.exists(os.path.join(static, target)):
                seen.append(name)
                queue.append(target)
    return seen


class SharedStatic:
    """WSGI middleware: a static file's answer does not vary with the cookie.

    Flask adds `Vary: Cookie` to every answer whose request looked at the session, and
    Flask-Login looks on every request. A browser's HTTP cache then keeps a file fetched on
    the login page apart from the same file after the login (another cookie), and downloads
    it again; the file is the same for everyone, so the header goes.
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if not environ.get("PATH_INFO", "").startswith("/static/"):
            return self.app(environ, start_response)

        def shared_start_response(status, headers, exc_info=None):
            kept = []
            for name, value in headers:
                if name.lower() == "vary":
                    value = ", ".join(
                        v.strip() for v in value.split(",") if v.strip().lower() != "cookie"
                    )
                    if not value:
                        continue
                kept.append((name, value))
            return start_response(status, kept, exc_info)

        return self.app(environ, shared_start_response)


def init_app(app):
    """Compression for every answer, fingerprinted static addresses, preloads in templates."""
    for key, value in COMPRESSION.items():
        app.config.setdefault(key, value)
    Compress(app)
    app.url_defaults(_versioned)
    app.view_functions["static"] = serve_static
    app.jinja_env.globals["module_preloads"] = module_preloads
    app.wsgi_app = SharedStatic(app.wsgi_app)
