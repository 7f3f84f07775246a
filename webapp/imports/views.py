"""The import's pages: upload, columns, preview, report and undo; people from a vCard.

Upload (/imports/) keeps the file in a draft run; the columns page maps each column to a
field (guessed, or a saved mapping); the preview shows what each client will become; Import
applies it in one transaction and shows the report, where Undo takes it back. Each page
reads the file again: nothing of a half-finished import lives on one worker's disk.
"""

import tempfile

from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import flash
from flask import get_flashed_messages
from flask import redirect
from flask import render_template
from flask import request
from flask import send_file
from flask import stream_template
from flask import stream_with_context
from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_login import login_required
from flask_wtf.csrf import generate_csrf
from werkzeug.exceptions import RequestEntityTooLarge

from webapp import clients
from webapp import timeutil
from webapp.accounts import users
from webapp.db import NotFound
from webapp.db import get_db
from webapp.imports import apply
from webapp.imports import export
from webapp.imports import mapping
from webapp.imports import outcomes
from webapp.imports import progress
from webapp.imports import reading
from webapp.imports import runs
from webapp.imports import vcard
from webapp.plaintext import plain_line
from webapp.security import FILE_FORMS
from webapp.security import csrf

bp = Blueprint("imports", __name__)

#: Rows of each kind the preview lists; the counts are always whole.
PREVIEW_ROWS = 100
#: Columns' sample values shown on the mapping page.
SAMPLES = 3


@bp.before_request
@login_required
def require_login():
    """Every page here is for logged-in users; the upload checks who may import."""


def _importer():
    if not runs.may_import(current_user):
        abort(403)


def _run(run_id, status="draft"):
    _importer()
    try:
        run = runs.get(get_db(), current_user, run_id)
    except NotFound:
        abort(404)
    if status and run["status"] != status:
        return None
    return run


def _expired():
    flash(
        _("This upload is more than a day old and its file was deleted. Upload it again."),
        "warning",
    )
    return _go(url_for("imports.index"))


def _upload():
    """The posted file's name and bytes, within IMPORT_MAX_BYTES; CSRF checked after the
    limit is raised (the app's limit for forms is far smaller). Raises reading.Unreadable."""
    limit = current_app.config["IMPORT_MAX_BYTES"]
    request.max_content_length = limit
    too_large = _("The file is larger than %(size)d MB. Split it into smaller files.",
                  size=limit // 1_000_000)  # fmt: skip
    if request.content_length and request.content_length > limit:
        raise reading.Unreadable(too_large)
    try:
        csrf.protect()
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        raise reading.Unreadable(too_large) from None
    if upload is None or not upload.filename:
        raise reading.Unreadable(_("Choose a file to upload."))
    try:
        data = upload.read(limit + 1)
    finally:
        upload.close()  # a large upload is a temporary file
    if len(data) > limit:
        raise reading.Unreadable(too_large)
    return plain_line(upload.filename)[:200], data


@bp.route("/imports/", methods=["GET", "POST"])
def index():
    """Upload a file, and the latest imports with their reports."""
    _importer()
    db = get_db()
    teams = users.list_teams(db) if current_user.is_admin else []
    error = None
    if request.method == "POST":
        try:
            filename, data = _upload()
            team_id = _team_choice(teams)
            reading.read_table(data, filename)
        except reading.Unreadable as problem:
            error = str(problem)
        else:
            run_id = runs.create(db, current_user, team_id, filename, data)
            return redirect(url_for("imports.columns", run_id=run_id))
    status = 400 if error else 200
    page = render_template(
        "imports/index.html",
        error=error,
        teams=teams,
        runs=runs.recent(db, current_user),
        max_mb=current_app.config["IMPORT_MAX_BYTES"] // 1_000_000,
    )
    return page, status


FILE_FORMS.add("imports.index")
csrf.exempt(index)


def _team_choice(teams):
    if not current_user.is_admin:
        return current_user.team_id
    chosen = request.form.get("team_id", "")
    for team in teams:
        if str(team["id"]) == chosen:
            return team["id"]
    raise reading.Unreadable(_("Choose the team the clients belong to."))


@bp.route("/imports/<id:run_id>/columns", methods=["GET", "POST"])
def columns(run_id):
    """Each column with a few values and the field it goes to."""
    run = _run(run_id)
    if run is None:
        return redirect(url_for("imports.report", run_id=run_id))
    db = get_db()
    try:
        header, rows = runs.table(db, run_id)
    except runs.Expired:
        return _expired()
    saved = mapping.saved(db, run["team_id"] if not current_user.is_admin else None)
    chosen = runs.mapping_for(run, header)
    error = None
    if request.method == "POST":
        posted = [request.form.get(f"column-{i}", "") for i in range(len(header))]
        chosen = mapping.checked(posted, len(header))
        name = plain_line(request.form.get("save_as", ""))[:80]
        if chosen is None:
            error, chosen = (
                _("Choose a field from the list for each column."),
                runs.mapping_for(run, header),
            )
        elif not any(field == "name" for field in chosen):
            error = _("One column must be the client's name.")
        else:
            runs.set_mapping(db, run_id, chosen)
            if name:
                scope = None if current_user.is_admin else run["team_id"]
                mapping.save(db, scope, current_user.id, name, header, chosen)
                flash(_("Mapping “%(name)s” saved.", name=name), "success")
            return redirect(url_for("imports.preview", run_id=run_id))
    elif request.args.get("saved"):
        found = next((m for m in saved if str(m["id"]) == request.args["saved"]), None)
        if found:
            chosen = mapping.from_saved(found, header)
    samples = [_samples(rows, i) for i in range(len(header))]
    page = render_template(
        "imports/columns.html",
        run=run,
        header=header,
        samples=samples,
        chosen=chosen,
        fields=mapping.FIELDS,
        saved=saved,
        rows=len(rows),
        error=error,
    )
    return page, 400 if error else 200


def _samples(rows, column):
    """A few different values of the column, from the first rows that have one."""
    found = []
    for _line, row in rows[:1000]:
        if row[column] and row[column] not in found:
            found.append(row[column])
            if len(found) == SAMPLES:
                break
    return found


@bp.route("/imports/<id:run_id>/preview")
def preview(run_id):
    """What each client of the file will become, before anything is written. The page is
    sent as it is made: first how far reading and checking the rows has got (a large file
    takes seconds), then the plan. Works without the page's scripts."""
    run = _run(run_id)
    if run is None:
        return redirect(url_for("imports.report", run_id=run_id))
    db = get_db()
    if not runs.has_file(db, run_id):
        return _expired()
    # The session is saved before the page streams: take the messages and the form's token
    # from it now, or the messages would show again on the next page.
    get_flashed_messages(with_categories=True)
    generate_csrf()
    found = {}
    page = stream_template(
        "imports/preview.html",
        run=run,
        steps=_preview_steps(db, run, found),
        words=progress.words,
        found=found,
        fields=mapping.FIELDS,
        limit=PREVIEW_ROWS,
    )
    return Response(page, mimetype="text/html")


def _preview_steps(db, run, found):
    """Reading, grouping and checking the rows (progress.Steps); the plan ends in `found`."""
    yield progress.Step("open", 0, 0)
    header, rows = runs.table(db, run["id"])
    groups = yield from mapping.clients_steps(rows, runs.mapping_for(run, header))
    directory = outcomes.Directory(db, current_user, run["team_id"])
    entries = yield from outcomes.plan_steps(directory, groups)
    counts = {action: 0 for action in ("new", "update", "duplicate", "error")}
    shown = {action: [] for action in counts}
    for entry in entries:
        counts[entry["action"]] += 1
        if len(shown[entry["action"]]) < PREVIEW_ROWS:
            shown[entry["action"]].append(entry)
    found.update(
        counts=counts,
        shown=shown,
        rows=len(rows),
        people=sum(len(e["people"]) for e in entries if e["action"] in ("new", "update")),
        formulas=sum(e["formulas"] for e in entries),
    )


@bp.route("/imports/<id:run_id>/apply", methods=["POST"])
def apply_run(run_id):
    """Write the plan in one transaction; then the report. The page's script asks to be told
    the progress (progress.wanted()): it gets it as lines, and the last says where to go."""
    run = _run(run_id)
    done = url_for("imports.report", run_id=run_id)
    if run is None:
        return _go(done)
    db = get_db()
    if not runs.has_file(db, run_id):
        return _expired()
    if progress.wanted():
        lines = progress.lines(_apply_steps(db, run), lambda _report: {"go": done})
        return _streamed(lines)
    if progress.finish(_apply_steps(db, run)) is not None:  # None: a second click, too late
        flash(_("Import finished."), "success")
    return redirect(done)


def _apply_steps(db, run):
    """Reading the file, grouping its rows, checking and saving them: progress.Steps."""
    yield progress.Step("open", 0, 0)
    header, rows = runs.table(db, run["id"])
    groups = yield from mapping.clients_steps(rows, runs.mapping_for(run, header))
    return (yield from apply.steps(db, current_user, run, groups))


def _go(url):
    """A redirect; for a page told the progress, the one line that says where to go."""
    if progress.wanted():
        return _streamed([progress.line({"go": url})])
    return redirect(url)


def _streamed(lines):
    """Newline-delimited JSON, sent as it is made: never compressed (COMPRESS_STREAMS is off
    in assets.py, and Caddy's encode leaves this type alone), nor kept by a proxy."""
    response = Response(stream_with_context(lines), mimetype=progress.MIMETYPE)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Accel-Buffering"] = "no"
    return response


@bp.route("/imports/<id:run_id>")
def report(run_id):
    """What an import did, and Undo while nothing else has changed its clients."""
    run = _run(run_id, status=None)
    if run["status"] == "draft":
        return redirect(url_for("imports.columns", run_id=run_id))
    touched = apply.touched_since(get_db(), run_id) if run["status"] == "applied" else []
    return render_template("imports/report.html", run=run, touched=touched)


@bp.route("/imports/<id:run_id>/undo", methods=["POST"])
def undo(run_id):
    run = _run(run_id, status="applied")
    if run is None:
        flash(_("This import was undone already."), "warning")
        return redirect(url_for("imports.report", run_id=run_id))
    try:
        apply.undo(get_db(), current_user, run)
    except apply.CannotUndo as refused:
        flash(str(refused), "error")
    else:
        flash(_("The import was undone."), "success")
    return redirect(url_for("imports.report", run_id=run_id))


@bp.route("/clients/<id:client_id>/vcard", methods=["GET", "POST"])
def vcard_upload(client_id):
    """People from a phone's contacts (.vcf, one card or many) added to a client."""
    db = get_db()
    try:
        client = clients.get_client(db, current_user, client_id)
    except NotFound:
        abort(404)
    error = None
    if request.method == "POST":
        try:
            filename, data = _upload()
            people = vcard.people(data)
        except reading.Unreadable as problem:
            error = str(problem)
        else:
            added = vcard.add(db, current_user, client, filename, people)
            message = ngettext(
                "%(num)d person added to %(client)s.",
                "%(num)d people added to %(client)s.",
                added,
                client=client["name"],
            )
            flash(message, "success")
            return redirect(url_for("imports.vcard_upload", client_id=client_id))
    page = render_template(
        "imports/vcard.html",
        client=client,
        error=error,
        max_mb=current_app.config["IMPORT_MAX_BYTES"] // 1_000_000,
    )
    return page, 400 if error else 200


FILE_FORMS.add("imports.vcard_upload")
csrf.exempt(vcard_upload)


@bp.route("/imports/everything.zip")
def export_all():
    """The whole organisation, for an admin: clients.csv re-imports as it is."""
    if not current_user.is_admin:
        abort(403)
    spool = tempfile.SpooledTemporaryFile(max_size=50_000_000)
    export.build(get_db(), spool)
    spool.seek(0)
    return send_file(
        spool,
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"folka-{timeutil.now().date().isoformat()}.zip",
    )


@bp.app_template_filter("import_field")
def import_field(key):
    """A client column's name as the mapping page calls its field."""
    return str(mapping.FIELDS.get("owner_email" if key == "owner_id" else key, key))
