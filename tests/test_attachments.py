"""Photos and voice memos on a note: uploaded after the note, checked by content, served only
to those who may see the client, and gone with an erasure."""

import io
import uuid

import pytest
from PIL import Image

from webapp import timeutil

#: The first bytes of the audio files phones record (the rest is not read).
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + bytes(200)
OGG = b"OggS\x00\x02" + bytes(200)
MP4 = b"\x00\x00\x00\x20ftypM4A " + bytes(200)


def jpeg(size=(800, 600), colour=(200, 40, 40), exif=None, **options):
    """A JPEG of `size` pixels, with EXIF when given."""
    out = io.BytesIO()
    image = Image.new("RGB", size, colour)
    if exif is not None:
        options["exif"] = exif
    image.save(out, "JPEG", **options)
    return out.getvalue()


def png(size=(64, 32), mode="RGBA"):
    out = io.BytesIO()
    Image.new(mode, size, (0, 120, 0, 128) if mode == "RGBA" else 7).save(out, "PNG")
    return out.getvalue()


def opened(data):
    return Image.open(io.BytesIO(data))


class Phone:
    """The rep's phone: syncs a note, then uploads its files as the outbox does."""

    def __init__(self, browser, user_id):
        self.client = browser.client
        self.user_id = user_id
        self.token = self.client.get("/api/session").json["csrf_token"]

    def note(self, client_id, **extra):
        op = {
            "id": str(uuid.uuid4()),
            "kind": "note",
            "at": timeutil.now_iso(),
            "client_id": client_id,
            "body": "The seal on pump 2 is worn; photos attached.",
            **extra,
        }
        response = self.client.post(
            "/api/sync",
            json={"user_id": self.user_id, "operations": [op]},
            headers={"X-CSRFToken": self.token},
        )
        return op["id"], response.json["results"][0]

    def put(self, note_id, data, mime, file_id=None, token=None, **headers):
        return self.client.put(
            f"/api/notes/{note_id}/files/{file_id or uuid.uuid4()}",
            data=data,
            headers={"Content-Type": mime, "X-CSRFToken": token or self.token, **headers},
        )


@pytest.fixture
def phone(world, as_user):
    return Phone(as_user("rep"), world["rep"]["id"])


@pytest.fixture
def note_id(phone, world):
    note_id, result = phone.note(world["mine"])
    assert result["status"] == "applied", result
    return note_id


def _count(db, table="attachments"):
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_a_photo_is_stored_once_however_often_it_is_sent(phone, note_id, db):
    file_id = str(uuid.uuid4())
    first = phone.put(note_id, jpeg(), "image/jpeg", file_id)
    assert first.status_code == 201
    assert first.json == {
        "id": file_id,
        "status": "applied",
        "kind": "photo",
        "url": f"/files/{file_id}",
        "thumbnail_url": f"/files/{file_id}/thumb",
    }
    again = phone.put(note_id, jpeg(), "image/jpeg", file_id)
    assert again.status_code == 200 and again.json["status"] == "duplicate"
    assert _count(db) == 1 and _count(db, "attachment_blobs") == 1
    row = db["attachments"].get(file_id)
    assert (row["kind"], row["mime"], row["width"], row["height"]) == (
        "photo",
        "image/jpeg",
        800,
        600,
    )
    assert row["created_at"] == db["notes"].get(note_id)["written_at"]


@pytest.mark.parametrize(
    "data, mime",
    [
        (WEBM, "audio/webm;codecs=opus"),
        (OGG, "audio/ogg; codecs=opus"),
        (MP4, "audio/mp4"),
    ],
)
def test_voice_memos_are_recognised_by_their_header(phone, note_id, db, data, mime):
    response = phone.put(note_id, data, mime, **{"X-Duration": "42.37"})
    assert response.status_code == 201, response.json
    row = db["attachments"].get(response.json["id"])
    assert (row["kind"], row["mime"], row["duration_s"]) == ("memo", mime.split(";")[0], 42.4)
    assert "thumbnail_url" not in response.json


@pytest.mark.parametrize(
    "data, mime, message",
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/jpeg", "not a photo"),
        (png(), "image/jpeg", "not a photo"),  # a PNG that claims to be a JPEG
        (jpeg()[:300], "image/jpeg", "not a photo"),  # cut off
        (b"MZ\x90\x00" + bytes(100), "audio/webm", "not a voice memo"),
        (OGG, "audio/webm", "not a voice memo"),
        (jpeg(), "image/svg+xml", "Send a photo"),
        (jpeg(), "text/html", "Send a photo"),
        (jpeg(), "application/octet-stream", "Send a photo"),
    ],
)
def test_what_is_not_what_it_claims_is_refused(phone, note_id, db, data, mime, message):
    response = phone.put(note_id, data, mime)
    assert response.status_code == 415
    assert response.json["error"] == "unsupported_media_type"
    assert message in response.json["message"]
    assert _count(db) == 0


def test_size_limits(phone, note_id, db):
    big_memo = WEBM + bytes(3 * 1024 * 1024)
    response = phone.put(note_id, big_memo, "audio/webm")
    assert response.status_code == 413 and response.json["error"] == "too_large"
    assert "3 MB" in response.json["message"]
    big_photo = jpeg((3000, 3000), quality=100) + bytes(2 * 1024 * 1024)
    response = phone.put(note_id, big_photo, "image/jpeg")
    assert response.status_code == 413 and "2 MB" in response.json["message"]
    # Under the limits, but far above the app's 256 KB for forms: accepted on this route only.
    response = phone.put(note_id, WEBM + bytes(1024 * 1024), "audio/webm")
    assert response.status_code == 201
    assert phone.put(note_id, b"", "image/jpeg").status_code == 422
    assert _count(db) == 1


def test_a_small_file_claiming_a_huge_image_is_refused_before_decoding(phone, note_id, db):
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")  # 100 megapixels in a few KB
    response = phone.put(note_id, out.getvalue(), "image/png")
    assert response.status_code == 413 and "too many pixels" in response.json["message"]
    assert _count(db) == 0


def test_a_camera_photo_is_turned_upright_reduced_and_loses_its_exif(phone, note_id, db):
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: the camera was held upright (rotate 90°)
    exif[0x010F] = "PhoneMaker"
    response = phone.put(note_id, jpeg((4000, 3000), exif=exif.tobytes()), "image/jpeg")
    assert response.status_code == 201
    row = db["attachments"].get(response.json["id"])
    assert (row["width"], row["height"]) == (1200, 1600)
    stored = phone.client.get(response.json["url"])
    image = opened(stored.data)
    assert image.size == (1200, 1600) and not image.getexif()
    assert b"PhoneMaker" not in stored.data
    thumb = opened(phone.client.get(response.json["thumbnail_url"]).data)
    assert thumb.format == "WEBP" and thumb.size == (240, 320)


def test_a_photo_made_smaller_on_the_phone_is_kept_as_sent(phone, note_id):
    sent = jpeg((1600, 1200))
    response = phone.put(note_id, sent, "image/jpeg")
    assert phone.client.get(response.json["url"]).data == sent
    thumb = opened(phone.client.get(response.json["thumbnail_url"]).data)
    assert thumb.size == (320, 240)


def test_a_transparent_png_gets_a_white_background(phone, note_id):
    response = phone.put(note_id, png((400, 200)), "image/png")
    assert response.status_code == 201
    stored = opened(phone.client.get(response.json["url"]).data)
    assert stored.format == "JPEG" and stored.size == (400, 200)


def test_files_are_served_privately_and_never_change(phone, note_id):
    response = phone.put(note_id, jpeg(), "image/jpeg")
    for url, mime in [
        (response.json["url"], "image/jpeg"),
        (response.json["thumbnail_url"], "image/webp"),
    ]:
        served = phone.client.get(url)
        assert served.status_code == 200 and served.mimetype == mime
        assert served.headers["Cache-Control"] == "private, max-age=31536000, immutable"
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        again = phone.client.get(url, headers={"If-None-Match": served.headers["ETag"]})
        assert again.status_code == 304


def test_a_memo_answers_range_requests_for_the_audio_player(phone, note_id):
    response = phone.put(note_id, WEBM, "audio/webm")
    url = response.json["url"]
    part = phone.client.get(url, headers={"Range": "bytes=0-3"})
    assert part.status_code == 206 and part.data == WEBM[:4]
    assert part.headers["Content-Range"] == f"bytes 0-3/{len(WEBM)}"
    assert phone.client.get(url).headers["Accept-Ranges"] == "bytes"
    assert phone.client.get(f"{url}/thumb").status_code == 404


def test_only_those_who_see_the_client_get_the_files(phone, note_id, as_user, world):
    url = phone.put(note_id, jpeg(), "image/jpeg").json["thumbnail_url"]
    for who in ("colleague", "manager", "admin"):
        assert as_user(who).client.get(url).status_code == 200, who
    stranger = as_user("stranger")
    assert stranger.get(url).status_code == 404
    assert stranger.get(url.removesuffix("/thumb")).status_code == 404
    assert stranger.get(f"/files/{uuid.uuid4()}").status_code == 404
    assert stranger.get("/files/not-a-uuid/thumb").status_code == 404
    logged_out = phone.client.application.test_client().get(url)
    assert logged_out.status_code == 302 and "/login" in logged_out.headers["Location"]


def test_files_go_only_to_the_authors_own_note(phone, note_id, world, as_user, db):
    # Another team's rep, and a colleague of the same team, cannot add to this note.
    for who in ("stranger", "colleague"):
        other = Phone(as_user(who), world[who]["id"])
        response = other.put(note_id, jpeg(), "image/jpeg")
        assert response.status_code == 404 and response.json["error"] == "not_found"
    assert phone.put(str(uuid.uuid4()), jpeg(), "image/jpeg").status_code == 404
    assert phone.put("not-a-note", jpeg(), "image/jpeg").status_code == 404
    assert _count(db) == 0


def test_a_file_id_used_on_another_note_is_a_conflict(phone, note_id, world, db):
    file_id = str(uuid.uuid4())
    phone.put(note_id, jpeg(), "image/jpeg", file_id)
    second_note, _result = phone.note(world["mine"])
    response = phone.put(second_note, jpeg(), "image/jpeg", file_id)
    assert response.status_code == 409 and response.json["error"] == "conflict"
    assert db["attachments"].get(file_id)["note_id"] == note_id


def test_an_upload_needs_the_csrf_token_and_a_login(phone, note_id, app, db):
    response = phone.put(note_id, jpeg(), "image/jpeg", token="wrong")
    assert response.status_code == 400 and response.json["error"] == "csrf_failed"
    anonymous = app.test_client().put(
        f"/api/notes/{note_id}/files/{uuid.uuid4()}",
        data=jpeg(),
        headers={"Content-Type": "image/jpeg"},
    )
    assert anonymous.status_code == 401 and anonymous.json["error"] == "login_required"
    assert _count(db) == 0


def test_a_note_takes_at_most_ten_files(phone, note_id, db):
    for _ in range(10):
        assert phone.put(note_id, OGG, "audio/ogg").status_code == 201
    response = phone.put(note_id, OGG, "audio/ogg")
    assert response.status_code == 422 and response.json["error"] == "too_many"
    assert _count(db) == 10


def test_a_note_may_announce_its_files_and_they_are_checked(phone, world, db):
    files = [
        {"id": str(uuid.uuid4()), "kind": "photo", "type": "image/webp", "size": 280_000},
        {"id": str(uuid.uuid4()), "kind": "memo", "type": "audio/webm;codecs=opus", "size": 9000},
    ]
    _id, result = phone.note(world["mine"], attachments=files)
    assert result["status"] == "applied"
    wrong = [
        {"id": str(uuid.uuid4()), "kind": "memo", "type": "image/jpeg", "size": 10},
        {"id": "x", "kind": "photo", "type": "image/jpeg", "size": 3 * 1024 * 1024},
    ]
    _id, result = phone.note(world["mine"], attachments=wrong)
    assert result["status"] == "rejected"
    assert set(result["errors"]) == {"attachment.type", "attachment.id", "attachment.size"}
    _id, result = phone.note(world["mine"], attachments="two photos")
    assert result["status"] == "rejected" and result["errors"] == {"attachments": "Too many items."}


def test_the_briefing_and_the_review_show_thumbnails_linking_to_the_photo(
    phone, note_id, as_user, world
):
    photo = phone.put(note_id, jpeg(), "image/jpeg").json
    memo = phone.put(note_id, WEBM, "audio/webm").json
    manager = as_user("manager")
    for page in (
        manager.get(f"/clients/{world['mine']}").text,
        manager.get(f"/review?rep={world['rep']['id']}").text,
    ):
        assert f'<a class="note-photo" href="{photo["url"]}"' in page
        assert f'src="{photo["thumbnail_url"]}"' in page
        assert 'alt="Photo 1 of 1, note by ' in page
        assert f'<audio controls preload="none" src="{memo["url"]}"' in page


def test_erasing_a_contact_deletes_the_files_of_the_notes_about_them(
    phone, world, make, as_user, db
):
    anna = make.contact(world["mine"], name="Anna Berg")
    met, _r = phone.note(world["mine"], contacts_met=[anna], body="Walked the site.")
    named, _r = phone.note(world["mine"], body="Anna Berg showed the pump.")
    other, _r = phone.note(world["mine"], body="Nobody in particular.")
    for note in (met, named, other):
        phone.put(note, jpeg(), "image/jpeg")
    kept_memo = phone.put(met, WEBM, "audio/webm").json["id"]
    admin = as_user("admin")
    page = admin.get(f"/admin/privacy/contacts/{anna}").text
    assert "Delete the files too?" in page and "1 photo · 1 voice memo" in page
    response = admin.post(
        f"/admin/privacy/contacts/{anna}/erase",
        data={"confirm": "Anna Berg", "blank_note": [named], "delete_files": []},
    )
    assert response.status_code == 302
    # The blanked note's file went with its text; the note that only met her kept its files
    # (the admin unticked it); the unrelated note was never offered.
    left = {row["note_id"] for row in db.query("SELECT note_id FROM attachments")}
    assert left == {met, other}
    assert db["attachments"].get(kept_memo)["kind"] == "memo"
    assert _count(db, "attachment_blobs") == _count(db)
    anna2 = make.contact(world["mine"], name="Jon Lie")
    phone.note(world["mine"], contacts_met=[anna2])
    admin.get(f"/admin/privacy/contacts/{anna2}")
    admin.post(
        f"/admin/privacy/contacts/{anna2}/erase",
        data={"confirm": "Jon Lie", "delete_files": [met]},  # not linked to Jon: ignored
    )
    assert {row["note_id"] for row in db.query("SELECT note_id FROM attachments")} == {met, other}


def test_erasure_deletes_chosen_files_and_the_export_lists_them(phone, world, make, as_user, db):
    anna = make.contact(world["mine"], name="Anna Berg")
    met, _r = phone.note(world["mine"], contacts_met=[anna], body="Walked the site.")
    file_id = phone.put(met, jpeg(), "image/jpeg").json["id"]
    admin = as_user("admin")
    admin.get(f"/admin/privacy/contacts/{anna}")
    exported = admin.post(f"/admin/privacy/contacts/{anna}/export").json
    assert [f["id"] for f in exported["note_files"]] == [file_id]
    admin.post(
        f"/admin/privacy/contacts/{anna}/erase",
        data={"confirm": "Anna Berg", "delete_files": [met]},
    )
    assert _count(db) == 0 and _count(db, "attachment_blobs") == 0
    detail = db.execute("SELECT detail FROM audit_log WHERE action = 'contact_erased'").fetchone()
    assert "files=1" in detail[0]
    assert phone.client.get(f"/files/{file_id}").status_code == 404
