"""The duplicates page: likely duplicate clients and people, each pair with Merge.

For managers (their team) and admins (every team); a rep's duplicates reach their manager.
"""

from flask import Blueprint
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from webapp.db import NotFound
from webapp.db import get_db
from webapp.db import row_id
from webapp.merge import finding
from webapp.merge import merging
from webapp.merge import redirects

bp = Blueprint("merge", __name__)
bp.before_app_request(redirects.redirect_merged)


@bp.before_request
@login_required
def require_manager():
    """Managers and admins only."""
    if not current_user.is_manager:
        abort(403)


@bp.route("/duplicates")
def duplicates():
    db = get_db()
    return render_template(
        "merge/duplicates.html",
        client_pairs=finding.duplicate_clients(db, current_user),
        people_pairs=finding.duplicate_people(db, current_user),
        reasons=finding.REASONS,
    )


def _pair():
    """The kept and the merged-away ids posted: "keep" and the pair's two ids."""
    try:
        first, second = (
            row_id(request.form.get("first", "")),
            row_id(request.form.get("second", "")),
        )
    except ValueError:
        abort(404)
    keep = request.form.get("keep")
    if keep == "second":
        return second, first
    return first, second


@bp.route("/duplicates/clients/merge", methods=["POST"])
def merge_clients():
    kept, other = _pair()
    try:
        merging.merge_clients(get_db(), current_user, kept, other)
    except NotFound:
        abort(404)
    except merging.Refused as refused:
        flash(str(refused), "error")
    else:
        flash(_("The clients were merged. Everything of both is now here."), "success")
        return redirect(url_for("field.briefing", client_id=kept))
    return redirect(url_for("merge.duplicates"))


@bp.route("/duplicates/people/merge", methods=["POST"])
def merge_people():
    kept, other = _pair()
    try:
        merging.merge_people(get_db(), current_user, kept, other)
    except NotFound:
        abort(404)
    except merging.Refused as refused:
        flash(str(refused), "error")
    else:
        flash(_("The two people were merged."), "success")
    return redirect(url_for("merge.duplicates"))
