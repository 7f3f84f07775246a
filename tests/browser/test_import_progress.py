"""A large import on a phone: after Import the page shows how far it has got — a <progress>
with rows done of all rows, in words the manager reads — and the report opens at the end."""

import re
import uuid

import pytest
from phone import Phone

pytestmark = pytest.mark.browser

ROWS = 5000


def test_a_large_import_shows_its_progress_and_ends_on_the_report(page, make, db, tmp_path):
    team = make.team()
    manager = make.user("manager", team)
    tag = uuid.uuid4().hex[:6]
    lines = ["Kundenavn;Kundenummer;Poststed;Kontaktperson"]
    lines += [f"Kunde {tag} {i} AS;{tag}-{i};Bergen;Person {i}" for i in range(ROWS)]
    path = tmp_path / "kunder.csv"
    path.write_text("\n".join(lines), encoding="utf-8")

    phone = Phone(page)
    phone.login(manager["email"])
    page.goto("/imports/")
    page.set_input_files("#file", str(path))
    page.get_by_role("button", name="Upload and choose columns").click()
    page.wait_for_url("**/columns")
    page.get_by_role("button", name="Show what will happen").click()
    page.wait_for_url("**/preview")
    assert page.locator(".import-progress").is_hidden()

    seen = []
    page.expose_function("recordProgress", lambda shown: seen.append(shown))
    page.evaluate(
        """() => {
          const area = document.querySelector('.import-progress');
          const bar = area.querySelector('progress');
          new MutationObserver(() => window.recordProgress({
            hidden: area.hidden, value: bar.getAttribute('value'), max: bar.max,
            text: area.querySelector('p').textContent,
          })).observe(area, {subtree: true, childList: true, attributes: true,
                             characterData: true});
        }"""
    )
    page.get_by_role("button", name=re.compile(r"Import 5,?000 clients")).click()
    page.wait_for_url(re.compile(r"/imports/\d+$"), timeout=60000)

    shown = [s for s in seen if not s["hidden"]]
    counted = [s for s in shown if s["value"] is not None]
    assert shown and shown[0]["text"] == "Opening the file…"
    assert len(counted) >= 3, seen
    for step in counted:
        assert re.fullmatch(
            r"(Reading rows|Checking rows|Saving rows) · [\d,]+ of 5,000 rows", step["text"]
        ), step
        assert step["max"] == ROWS
    saving = [int(s["value"]) for s in counted if s["text"].startswith("Saving rows")]
    assert saving and saving == sorted(saving)
    assert re.search(r"5,?000 clients created", page.content())
    found = db.execute("SELECT COUNT(*) FROM clients WHERE external_id LIKE ?", [f"{tag}-%"])
    assert found.fetchone()[0] == ROWS
