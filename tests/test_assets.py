"""Static files and answers that cost a phone little: compressed, content-hashed addresses
cached for a year, and the page's modules named up front."""

import gzip
import os
import re

import brotli
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STATIC = os.path.join(ROOT, "static")
IMMUTABLE = "public, max-age=31536000, immutable"


def _prefix(html):
    return re.search(r'href="(/static/[0-9a-f]{16}/)css/folka.css"', html).group(1)


@pytest.mark.parametrize("encoding, decode", [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_pages_and_api_answers_travel_compressed(world, as_user, make, encoding, decode):
    for number in range(8):  # a list of saved pages longer than a few lines
        make.client(world["north"], world["rep"]["id"], name=f"Hamnevik Handel {number} AS")
    rep = as_user("rep")
    for url in ("/", f"/clients/{world['mine']}", "/api/offline-pages"):
        plain = rep.client.get(url)
        packed = rep.client.get(url, headers={"Accept-Encoding": f"{encoding}, deflate"})
        assert plain.headers.get("Content-Encoding") is None
        assert packed.headers["Content-Encoding"] == encoding, url
        assert "Accept-Encoding" in packed.headers["Vary"]
        body = decode(packed.data)
        assert int(packed.headers["Content-Length"]) == len(packed.data) < len(body) / 2, url
        if url.startswith("/api/"):
            assert body == plain.data
        else:  # the CSRF token and operation ids differ per view; the page is the same
            assert body.decode().startswith("<!doctype html>") and b"</html>" in body


def test_small_answers_are_not_compressed(client):
    answer = client.get("/api/session", headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 401 and len(answer.data) < 500
    assert answer.headers.get("Content-Encoding") is None


def test_static_files_have_addresses_that_change_with_their_bytes(world, as_user):
    page = as_user("rep").get("/").text
    prefix = _prefix(page)
    assert f'src="{prefix}js/app.js"' in page and f'href="{prefix}icons/icon.svg"' in page
    assert '"/static/css/' not in page and '"/static/js/' not in page


def test_fingerprinted_files_are_cached_for_a_year_and_compressed(client):
    prefix = _prefix(client.get("/login").text)
    for name in ("css/folka.css", "js/app.js", "js/sync.js", "icons/icon-192.png"):
        answer = client.get(prefix + name, headers={"Accept-Encoding": "gzip"})
        assert answer.status_code == 200, name
        assert answer.headers["Cache-Control"] == IMMUTABLE
        # The same for everyone: a login does not make the browser fetch it again.
        assert "Cookie" not in answer.headers.get("Vary", "")
        with open(os.path.join(STATIC, name), "rb") as file:
            original = file.read()
        if name.endswith(".png"):
            assert answer.headers.get("Content-Encoding") is None and answer.data == original
        else:
            assert answer.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(answer.data) == original
        answer.close()


def test_another_versions_address_gets_todays_file_checked_on_each_use(client):
    """A page saved before a deploy names the old fingerprint: its files still come."""
    with open(os.path.join(STATIC, "js", "app.js"), "rb") as file:
        original = file.read()
    for url in ("/static/0123456789abcdef/js/app.js", "/static/js/app.js"):
        with client.get(url) as answer:
            assert answer.status_code == 200 and answer.data == original, url
            assert answer.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize(
    "url",
    [
        "/static/0123456789abcdef/js/nothing.js",
        "/static/0123456789abcdef/../webapp/db.py",
        "/static/0123456789abcdef/%2e%2e/webapp/db.py",
        "/static/0123456789abcdef/",
    ],
)
def test_a_static_address_outside_the_files_is_not_found(client, url):
    assert client.get(url).status_code == 404


def _imports(name, seen):
    """Every module `name` (under static/js) imports, directly or not."""
    with open(os.path.join(STATIC, "js", name), encoding="utf-8") as file:
        source = file.read()
    for target in re.findall(r'^(?:import|export)\b[^;]*?from "\./([^"]+)";', source, re.M | re.S):
        if target not in seen:
            seen.add(target)
            _imports(target, seen)
    return seen


def test_pages_name_every_module_of_the_page_script_up_front(world, as_user, client):
    page = as_user("rep").get("/").text
    prefix = _prefix(page)
    preloads = re.findall(r'<link rel="modulepreload" href="([^"]+)">', page)
    assert sorted(preloads) == sorted(f"{prefix}js/{name}" for name in _imports("app.js", set()))
    # Before the script that needs them.
    assert page.index("modulepreload") < page.index(f'src="{prefix}js/app.js"')
    for url in preloads:
        with client.get(url) as answer:
            assert answer.status_code == 200 and answer.headers["Cache-Control"] == IMMUTABLE


def test_the_worker_imports_its_modules_from_this_version(client):
    prefix = _prefix(client.get("/login").text)
    source = client.get("/sw.js").text
    imports = re.findall(r'^import .* from "([^"]+)";', source, re.M)
    assert imports and all(url.startswith(prefix) for url in imports)
