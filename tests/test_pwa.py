"""Installable and offline: manifest, service worker, offline page, the offline page list."""

import json
import os
import re
import struct

import pytest

from webapp import pwa

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JS = os.path.join(ROOT, "static", "js")


def _png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def _shell(client):
    source = client.get("/sw.js").text
    return json.loads(re.search(r"const SHELL = (\[.*?\]);", source).group(1))


def _static_prefix(client):
    """Where the pages find the static files: /static/<fingerprint>/."""
    page = client.get("/offline").text
    return re.search(r'href="(/static/[0-9a-f]{16}/)css/folka.css"', page).group(1)


def test_manifest_makes_the_app_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert manifest["name"] == "Folka" and manifest["short_name"] == "Folka"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/" and manifest["id"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == pwa.THEME_COLOR and manifest["background_color"]
    assert manifest["description"]
    pngs = {(i["sizes"], i["purpose"]) for i in manifest["icons"] if i["type"] == "image/png"}
    assert pngs >= {
        ("192x192", "any"),
        ("512x512", "any"),
        ("192x192", "maskable"),
        ("512x512", "maskable"),
    }


def test_manifest_icons_exist_with_their_sizes(client):
    for icon in client.get("/manifest.webmanifest").json["icons"]:
        with client.get(icon["src"]) as response:
            assert response.status_code == 200, icon
            if icon["type"] == "image/png":
                size = "{}x{}".format(*_png_size(response.data))
                assert size == icon["sizes"], icon


def test_manifest_speaks_the_browser_language(client):
    english = client.get("/manifest.webmanifest").json
    polish = client.get("/manifest.webmanifest", headers={"Accept-Language": "pl"}).json
    assert polish["lang"] == "pl" and english["lang"] == "en"
    assert polish["description"] != english["description"]


def test_service_worker_headers_and_version(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "__FOLKA_" not in response.text
    version = re.search(r'const VERSION = "([0-9a-f]+)";', response.text).group(1)
    assert len(version) == 16
    assert client.get("/sw.js").text == response.text


def test_version_changes_with_any_static_byte(tmp_path):
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "a.js").write_text("export const a = 1;\n")
    before = pwa.fingerprint([str(tmp_path)])
    assert pwa.fingerprint([str(tmp_path)]) == before
    (tmp_path / "js" / "a.js").write_text("export const a = 2;\n")
    assert pwa.fingerprint([str(tmp_path)]) != before


def test_every_precached_url_answers_200_without_login(client):
    shell = _shell(client)
    static = _static_prefix(client)
    assert {"/offline", "/manifest.webmanifest", f"{static}css/folka.css"} <= set(shell)
    assert f"{static}js/sync.js" in shell and f"{static}icons/icon-192.png" in shell
    for url in shell:
        with client.get(url) as response:
            assert response.status_code == 200, url


def test_every_script_a_page_or_the_worker_imports_is_precached(client):
    shell = set(_shell(client))
    static = _static_prefix(client)
    sources = {"/sw.js": client.get("/sw.js").text}
    for name in os.listdir(JS):
        with open(os.path.join(JS, name), encoding="utf-8") as f:
            sources[f"{static}js/{name}"] = f.read()
    for url, source in sources.items():
        for target in re.findall(r'^import .* from "([^"]+)";', source, re.M):
            assert target.endswith(".js"), (url, target)
            resolved = os.path.normpath(os.path.join(os.path.dirname(url), target))
            assert resolved in shell, (url, target)


def test_offline_page_is_public(client):
    response = client.get("/offline")
    assert response.status_code == 200
    assert "You are offline" in response.text and 'href="/"' in response.text


def test_offline_page_shows_nothing_personal(world, as_user):
    page = as_user("rep").get("/offline").text
    assert "rep@example.com" not in page and "csrf_token" not in page
    assert "data-logout" not in page and "Rep " not in page


def test_offline_pages_need_login(client):
    response = client.get("/api/offline-pages")
    assert response.status_code == 401 and response.json["error"] == "login_required"


def test_offline_pages_are_the_users_today_and_visible_briefings(world, as_user):
    listing = as_user("rep").get("/api/offline-pages").json
    assert listing["user_id"] == world["rep"]["id"] and listing["limit"] == pwa.OFFLINE_CLIENTS
    urls = [page["url"] for page in listing["pages"]]
    # Today, the page of clients made on the phone (the same for every user), and the map
    # and the day's route, fetched with Today (webapp/plan).
    assert urls[:4] == ["/", "/clients/0", "/map", "/plan"]
    mine, theirs = world["mine"], world["theirs"]
    assert urls[4:] == [f"/clients/{mine}", f"/clients/{mine}/note"] + [
        f"/clients/{theirs}",
        f"/clients/{theirs}/note",
    ]
    assert listing["pages"][4]["title"] == "Fjord Rør AS"


@pytest.mark.parametrize("who", ["rep", "manager", "colleague"])
def test_offline_pages_never_name_another_teams_client(world, as_user, who):
    response = as_user(who).get("/api/offline-pages")
    assert f"/clients/{world['other_team']}" not in response.text
    assert "Southern Secret" not in response.text


def test_every_offline_page_answers_200_for_its_user(world, as_user):
    rep = as_user("rep")
    for page in rep.get("/api/offline-pages").json["pages"]:
        assert rep.get(page["url"]).status_code == 200, page


def test_offline_pages_are_bounded_own_clients_first(world, as_user, make, monkeypatch):
    make.client(world["north"], world["colleague"]["id"], name="Never visited AS")
    monkeypatch.setattr(pwa, "OFFLINE_CLIENTS", 1)
    pages = as_user("rep").get("/api/offline-pages").json["pages"]
    assert [p["url"] for p in pages if p["kind"] == "briefing"] == [f"/clients/{world['mine']}"]


def test_offline_pages_leave_out_archived_clients(world, as_user, db):
    db["clients"].update(world["theirs"], {"archived": 1})
    response = as_user("rep").get("/api/offline-pages")
    assert f"/clients/{world['theirs']}" not in response.text


def test_pages_link_the_manifest_and_name_their_user(world, as_user):
    page = as_user("rep").get("/").text
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'rel="apple-touch-icon"' in page
    assert f'data-user-id="{world["rep"]["id"]}"' in page and "data-rendered-at=" in page
    assert 'id="sync-status"' in page and 'id="offline-banner"' in page


def test_every_text_the_scripts_show_is_in_the_catalogue(app):
    from webapp.i18n import jsmessages

    keys = set()
    for name in os.listdir(JS):
        with open(os.path.join(JS, name), encoding="utf-8") as f:
            source = f.read()
        keys |= set(re.findall(r'\bt\("(\w+)"', source))
        for table in re.findall(r"const (?:DONE|KINDS) = \{([^}]*)\}", source):
            keys |= set(re.findall(r':\s*"(\w+)"', table))
    with app.test_request_context():
        catalogue = jsmessages.catalogue()
    assert keys and keys - set(catalogue) == set()
