"""Photos and a voice memo on a note written offline: made smaller on the phone, shown on the
waiting note at once, uploaded once each after the note, served only to the rep's team."""

import io

import pytest
from phone import ARGS
from phone import CHROMIUM
from phone import SAVED_ON_PHONE
from phone import Phone
from phone import expect
from phone import phone_options
from phone import wait_until

pytestmark = pytest.mark.browser

BODY = "The seal on pump 2 is worn; photos and a memo about the spare part."
#: The app's own modules, under the address the page loaded them from (static files are
#: named by a fingerprint, and offline only that address is saved).
MODULE = "import(new URL('{name}', document.querySelector('script[type=module][src]').src))"
#: The phone's outbox, and its files without their blobs (which do not cross to Python).
OUTBOX = MODULE.format(name="outbox.js") + ".then((m) => m.all())"
FILES = (
    MODULE.format(name="files.js")
    + """.then((m) => m.allFiles()).then((files) => files.map(
  ({ id, opId, kind, type, size, width, height, duration, status }) =>
    ({ id, opId, kind, type, size, width, height, duration, status })))"""
)


def camera_photo(seed, size=(2400, 1800)):
    """A camera-sized JPEG with some detail, as set_input_files takes it."""
    from PIL import Image
    from PIL import ImageDraw

    image = Image.new("RGB", size, (30 + seed * 60, 110, 90))
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 30):
        draw.line([(x, 0), (size[0] - x, size[1])], fill=(220, (x * 7) % 255, 40), width=5)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return {"name": f"pump-{seed}.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


@pytest.fixture
def recording_phone(playwright, live_server):
    """A Chromium of its own whose microphone is Chromium's fake device (a beep), allowed."""
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[*ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"],
    )
    options = phone_options(live_server)
    options["permissions"] = [*options["permissions"], "microphone"]
    context = browser.new_context(**options)
    context.set_default_timeout(10000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    yield page
    context.close()
    browser.close()
    assert errors == [], errors


def test_photos_and_a_memo_saved_offline_arrive_once_and_only_for_the_team(
    recording_phone, field, db, make, make_context
):
    page = recording_phone
    phone = Phone(page)
    phone.login(field["rep"]["email"])
    phone.ready(field["briefing"], field["note"])
    phone.offline()

    # Offline: two photos from the camera and a voice memo, on the note form.
    page.goto(field["note"])
    page.fill("#body", BODY)
    page.get_by_label("Add photo").set_input_files([camera_photo(1), camera_photo(2)])
    expect(page.locator("[data-attachment=photo]")).to_have_count(2)
    expect(page.locator("[data-attachment=photo] img").first).to_have_attribute("alt", "Photo 1")
    page.get_by_role("button", name="Record voice memo").click()
    expect(page.locator("[data-memo-timer]")).to_have_text("0:01", timeout=5000)
    stop = page.get_by_role("button", name="Stop")
    expect(stop).to_be_focused()
    stop.press("Enter")  # the keyboard works as well as a tap
    memo = page.locator("[data-memo-ready]")
    expect(memo).to_have_count(1)
    expect(memo.locator("audio")).to_be_visible()  # to listen before saving
    expect(page.locator("[data-attach-status]")).to_contain_text("Listen to it before you save")
    page.get_by_role("button", name="Remove photo 2").click()
    expect(page.locator("[data-attachment=photo]")).to_have_count(1)
    page.get_by_label("Add photo").set_input_files([camera_photo(3)])
    expect(page.locator("[data-attachment=photo]")).to_have_count(2)

    page.get_by_role("button", name="Save note").click()
    expect(page.locator("#toast, .flash").first).to_contain_text(SAVED_ON_PHONE, timeout=1500)
    page.wait_for_url(f"**{field['briefing']}")
    card = page.locator("#pending-notes .note.pending")
    expect(card).to_contain_text("2 photos, 1 voice memo waiting")
    expect(card.locator(".note-photos img")).to_have_count(2)
    expect(phone.status()).to_contain_text("1 change waiting · 2 photos, 1 voice memo waiting")

    [record] = page.evaluate(OUTBOX)
    files = page.evaluate(FILES)
    assert sorted(f["kind"] for f in files) == ["memo", "photo", "photo"]
    assert {f["opId"] for f in files} == {record["id"]}
    assert record["op"]["attachments"] == [
        {"id": f["id"], "kind": f["kind"], "type": f["type"], "size": f["size"]} for f in files
    ]
    photos = [f for f in files if f["kind"] == "photo"]
    [recorded] = [f for f in files if f["kind"] == "memo"]
    for photo in photos:
        assert photo["type"] in ("image/webp", "image/jpeg")
        assert max(photo["width"], photo["height"]) == 1600 and photo["size"] <= 300 * 1024
    assert recorded["type"].startswith("audio/webm") and recorded["duration"] >= 1

    # Back online: the note, then each file, once; the phone keeps nothing.
    phone.offline(False)
    wait_until(page, f"{OUTBOX}.then((records) => records.length === 0)", timeout=30)
    wait_until(page, f"{FILES}.then((files) => files.length === 0)", timeout=30)
    phone.expect_synced()
    [note] = db.query("SELECT * FROM notes WHERE user_id = ?", [field["rep"]["id"]])
    stored = list(db.query("SELECT * FROM attachments WHERE note_id = ?", [note["id"]]))
    assert sorted(row["id"] for row in stored) == sorted(f["id"] for f in files)
    assert db["attachments"].count == 3 and db["attachment_blobs"].count == 3
    assert [row["kind"] for row in stored].count("photo") == 2

    # The briefing shows the thumbnails, each opening the photo, and the memo's player.
    page.goto(field["briefing"])
    shown = page.locator("article.note").filter(has_text=BODY)
    expect(shown.locator("a.note-photo img")).to_have_count(2)
    expect(shown.locator("audio[controls]")).to_have_count(1)
    loaded = "[...document.querySelectorAll('a.note-photo img')].every((i) => i.naturalWidth > 0)"
    wait_until(page, loaded)
    href = shown.locator("a.note-photo").first.get_attribute("href")
    assert page.request.get(href).headers["content-type"] in ("image/webp", "image/jpeg")

    # A rep of another team gets nothing, not even a hint that the file exists.
    stranger = make.user("rep", make.team())
    other = make_context().new_page()
    Phone(other).login(stranger["email"])
    for row in stored:
        assert other.request.get(f"/files/{row['id']}").status == 404
        assert other.request.get(f"/files/{row['id']}/thumb").status == 404
