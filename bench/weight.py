"""Page weight: what a first visit to a briefing downloads, and the service worker's precache.

The page is fetched as a logged-in rep; then every stylesheet, script and module it names,
recursively (CSS @import, ES module imports, dynamic import()). Sizes are counted raw and
gzipped (level 6, what a compressing proxy typically sends). Icons, the manifest and other
files are counted apart: the target is about HTML, CSS and JS.
"""

import gzip
import re
import urllib.parse
from html.parser import HTMLParser

JS_IMPORTS = re.compile(
    r"""(?:\bimport\s*(?:[\w*{}\s,]+\s*from\s*)?|\bexport\s*[\w*{}\s,]+\s*from\s*|\bimport\s*\(\s*)["']([^"']+)["']"""
)
CSS_IMPORTS = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)""")
CSS_URLS = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
KINDS = {"text/html": "html", "text/css": "css", "text/javascript": "js"}
KINDS["application/javascript"] = "js"


class _Links(HTMLParser):
    """Collects the URLs a page makes the browser download, by kind."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").lower().split()
        if tag == "link" and attrs.get("href"):
            if "stylesheet" in rel:
                self.found.append(("css", attrs["href"]))
            elif "modulepreload" in rel or "preload" in rel:
                self.found.append(
                    ("js" if attrs.get("as", "script") == "script" else "other", attrs["href"])
                )
            elif {"icon", "manifest", "apple-touch-icon"} & set(rel):
                self.found.append(("other", attrs["href"]))
        elif tag == "script" and attrs.get("src"):
            self.found.append(("js", attrs["src"]))
        elif tag == "img" and attrs.get("src") and not attrs["src"].startswith("data:"):
            self.found.append(("other", attrs["src"]))


def _sizes(body):
    return {"raw": len(body), "gzip": len(gzip.compress(body, compresslevel=6, mtime=0))}


def first_visit(session, path):
    """Bytes by kind (html, css, js, other), raw and gzipped, and each file, for one page."""
    files, queue, seen = [], [("html", path)], set()
    while queue:
        kind, url = queue.pop(0)
        url = urllib.parse.urljoin(session.base + "/", url)
        if url in seen or not url.startswith(session.base):
            continue
        seen.add(url)
        status, body, content_type = session.get(url.removeprefix(session.base))
        if status != 200:
            raise RuntimeError(f"{url} answered {status}")
        kind = KINDS.get(content_type, kind)
        files.append({"url": url.removeprefix(session.base), "kind": kind, **_sizes(body)})
        text = body.decode("utf-8", "replace")
        if kind == "html":
            parser = _Links()
            parser.feed(text)
            queue += [(k, urllib.parse.urljoin(url, u)) for k, u in parser.found]
        elif kind == "js":
            queue += [("js", urllib.parse.urljoin(url, u)) for u in JS_IMPORTS.findall(text)]
        elif kind == "css":
            imports = set(CSS_IMPORTS.findall(text))
            queue += [("css", urllib.parse.urljoin(url, u)) for u in imports]
            queue += [
                ("other", urllib.parse.urljoin(url, u))
                for u in CSS_URLS.findall(text)
                if u not in imports and not u.startswith("data:")
            ]
    return {"files": files, **_totals(files)}


def _totals(files):
    totals = {}
    for kind in ("html", "css", "js", "other"):
        of_kind = [f for f in files if f["kind"] == kind]
        totals[kind] = {
            "raw": sum(f["raw"] for f in of_kind),
            "gzip": sum(f["gzip"] for f in of_kind),
        }
    totals["html_css_js"] = {
        key: sum(totals[k][key] for k in ("html", "css", "js")) for key in ("raw", "gzip")
    }
    return totals


PRECACHE_ARRAY = re.compile(
    r"(?:const|let|var)\s+\w*(?:PRECACHE|SHELL|ASSETS|URLS|FILES)\w*\s*=\s*\[(.*?)\]",
    re.IGNORECASE | re.DOTALL,
)
PATH_STRINGS = re.compile(r"""["'`](/[^"'`\s$]*)["'`]""")


def precache(session):
    """The service worker and the URLs it precaches, with their sizes; None without /sw.js."""
    status, body, _ = session.get("/sw.js")
    if status != 200:
        return None
    text = body.decode("utf-8", "replace")
    arrays = PRECACHE_ARRAY.findall(text)
    # The named list when there is one; else every same-site path the worker mentions.
    candidates = PATH_STRINGS.findall(" ".join(arrays) if arrays else text)
    files, skipped = [{"url": "/sw.js", **_sizes(body)}], []
    for url in dict.fromkeys(candidates):
        if url.startswith("/api/") or url in ("/", "/sw.js"):
            skipped.append(url)
            continue
        status, content, _ = session.get(url)
        if status == 200:
            files.append({"url": url, **_sizes(content)})
        else:
            skipped.append(url)
    return {
        "from": "named precache list" if arrays else "paths mentioned in sw.js",
        "files": files,
        "skipped": skipped,
        "raw": sum(f["raw"] for f in files),
        "gzip": sum(f["gzip"] for f in files),
    }


#: The map's library, counted apart from the app's own files (static/vendor, make vendor).
VENDOR = "/vendor/leaflet/"
#: The map page names Leaflet's files for its "Show the map" button (static/js/daymap.js).
LEAFLET_ON_TAP = re.compile(r'data-leaflet-(?:js|css)="([^"]+)"')


def map_visit(session, path="/map"):
    """The map page's first visit as first_visit() counts it ("own": the app's HTML+CSS+JS),
    and apart from it Leaflet's script and stylesheet ("leaflet"), which the page fetches
    only when the rep asks for the map, raw and gzipped."""
    visit = first_visit(session, path)
    own = [f for f in visit["files"] if VENDOR not in f["url"] and f["kind"] != "other"]
    _, page, _ = session.get(path)
    vendor = [f for f in visit["files"] if VENDOR in f["url"] and f["kind"] != "other"]
    for url in LEAFLET_ON_TAP.findall(page.decode("utf-8", "replace")):
        status, body, _ = session.get(url)
        if status != 200:
            raise RuntimeError(f"{url} answered {status}")
        vendor.append({"url": url, **_sizes(body)})
    visit["leaflet"] = {key: sum(f[key] for f in vendor) for key in ("raw", "gzip")}
    visit["leaflet_files"] = [f["url"] for f in vendor]
    visit["own"] = {key: sum(f[key] for f in own) for key in ("raw", "gzip")}
    return visit
