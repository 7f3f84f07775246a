"""Uploading a note's photos and voice memos from the phone's outbox, and serving them.

PUT /api/notes/<note id>/files/<file id> takes one file as the raw body, after its note is
applied: 201 the first time, 200 "duplicate" when the same file comes again (idempotent by
the file's UUID, made on the phone). GET /files/<id> and /files/<id>/thumb serve it to the
users who may see the note's client, and 404 to everyone else. A file never changes under
its id, so browsers may keep it (privately) for a year without asking again.
"""

import io

from flask import Blueprint
from flask import abort
from flask import jsonify
from flask import request
from flask import send_file
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required
from werkzeug.exceptions import RequestEntityTooLarge

from webapp.attachments import content
from webapp.attachments import store
from webapp.db import NotFound
from webapp.db import get_db
from webapp.errors import json_error
from webapp.security import csrf
from webapp.sync import checks
from webapp.sync.views import api_guards

bp = Blueprint("attachments", __name__)
csrf.exempt(bp)  # the upload checks CSRF in api_guards, after the login check

#: A year: the bytes under a file's id never change.
CACHE_CONTROL = "private, max-age=31536000, immutable"


@bp.route("/api/notes/<note_id>/files/<file_id>", methods=["PUT"])
def upload(note_id, file_id):
    """Store one photo or voice memo of the user's own note; see the module's docstring."""
    # This route takes more than the app's limit for forms, up to the limit of the kind of
    # file sent; set before the CSRF check, which looks at the body.
    found = content.kind_of(request.content_type)
    if found:
        request.max_content_length = content.max_bytes(found[0])
    try:
        problem = api_guards()
    except RequestEntityTooLarge:  # refused whoever sends it
        problem = (
            _too_large(found[0])
            if found
            else json_error(413, "too_large", _("What you sent is too large."))
        )
    if problem:
        return problem
    note_id, file_id = checks.uuid_of(note_id), checks.uuid_of(file_id)
    db = get_db()
    try:
        note = store.own_note(db, current_user, note_id)
    except NotFound:
        return json_error(404, "not_found", _("This note was not found."))
    earlier = store.stored(db, file_id) if file_id else None
    if earlier:
        if earlier["note_id"] != note["id"] or earlier["user_id"] != current_user.id:
            return json_error(409, "conflict", _("This id is already used by someone else."))
        return _answer(earlier, "duplicate", 200)
    if file_id is None:
        return json_error(422, "invalid", _("The file has no valid id."))
    try:
        kind, mime, checked = _checked_upload()
    except content.Refused as refused:
        return json_error(refused.status, refused.code, refused.message)
    if store.count_on_note(db, note["id"]) >= store.MAX_PER_NOTE:
        message = _("A note can have at most %(max)d photos and memos.", max=store.MAX_PER_NOTE)
        return json_error(422, "too_many", message)
    duration = content.duration(request.headers.get("X-Duration")) if kind == "memo" else None
    store.add(db, note, current_user, file_id, kind, checked, duration)
    return _answer(store.stored(db, file_id), "applied", 201)


def _checked_upload():
    """The request's file as (kind, type, what to store); or content.Refused."""
    found = content.kind_of(request.content_type)
    if found is None:
        raise content.Refused(
            415, "unsupported_media_type", _("Send a photo (JPEG, WebP, PNG) or a voice memo.")
        )
    kind, mime = found
    try:
        data = request.get_data(cache=False)  # within request.max_content_length, see upload()
    except RequestEntityTooLarge:
        raise content.Refused(413, "too_large", _too_large_message(kind)) from None
    if not data:
        raise content.Refused(422, "invalid", _("The file is empty."))
    if kind == "photo":
        return kind, mime, content.photo(data, mime)
    content.memo(data, mime)
    return kind, mime, {"data": data, "mime": mime}


def _too_large(kind):
    """The 413 answer for a file of `kind` over its limit."""
    return json_error(413, "too_large", _too_large_message(kind))


def _too_large_message(kind):
    return _("This file is larger than %(size)d MB.", size=content.max_bytes(kind) // 2**20)


def _answer(row, status, code):
    """The upload's answer: the status and where the file is served."""
    body = {"id": row["id"], "status": status, "kind": row["kind"], "url": file_url(row)}
    if row["kind"] == "photo":
        body["thumbnail_url"] = url_for("attachments.thumbnail", file_id=row["id"])
    return jsonify(body), code


def file_url(row):
    """Where a file is served in full."""
    return url_for("attachments.full", file_id=row["id"])


@bp.route("/files/<file_id>")
@login_required
def full(file_id):
    """The photo or memo itself (Range requests answered, for the audio player)."""
    return _serve(file_id, thumbnail=False)


@bp.route("/files/<file_id>/thumb")
@login_required
def thumbnail(file_id):
    """A photo's thumbnail (320 px, WebP); a memo has none (404)."""
    return _serve(file_id, thumbnail=True)


def _serve(file_id, thumbnail):
    """The bytes of a file the user may see, or 404 for anything else."""
    file_id = checks.uuid_of(file_id)
    if file_id is None:
        abort(404)
    db = get_db()
    row = store.visible(db, current_user, file_id)  # NotFound answers 404
    data = store.data_of(db, file_id, thumbnail)
    if data is None:
        abort(404)
    response = send_file(
        io.BytesIO(data),  # send_file answers Range requests from it
        mimetype="image/webp" if thumbnail else row["mime"],
        conditional=True,
        etag=f"{file_id}-thumb" if thumbnail else file_id,
        max_age=0,
    )
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers.pop("Expires", None)
    return response
