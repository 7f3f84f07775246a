"""Error pages: HTML for people, JSON for the sync API, never a stack trace."""

from flask import current_app
from flask import jsonify
from flask import render_template
from flask import request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import InternalServerError

from webapp.db import NotFound

#: The machine code of each HTTP error in a JSON answer, beside its message for people.
CODES = {
    400: "bad_request",
    401: "login_required",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_attempts",
    500: "server_error",
}


def _messages():
    return {
        400: _("The request could not be understood."),
        401: _("Please log in to continue."),
        403: _("You are not allowed to do this."),
        404: _("This page does not exist, or you have no access to it."),
        405: _("This action is not allowed here."),
        413: _("What you sent is too large."),
        422: _("What you sent is not valid."),
        429: _("Too many attempts. Please wait a moment and try again."),
        500: _("Something went wrong on our side. Please try again."),
    }


def wants_json():
    """API paths and clients that ask for JSON get JSON errors."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def json_error(status, code, message):
    """The one shape of every JSON error: {"error": code, "message": text for people}."""
    return jsonify(error=code, message=message), status


def render_error(status, message=None, code=None):
    """One error response in the form the client wants."""
    message = message or _messages().get(status, _messages()[400 if status < 500 else 500])
    if wants_json():
        return json_error(status, code or CODES.get(status, "error"), message)
    return render_template("error.html", status=status, message=message), status


def handle_http(error):
    """Any HTTP error raised by abort() or Werkzeug."""
    return render_error(error.code or 500)


def handle_csrf(error):
    """A missing or stale CSRF token: usually a page left open too long."""
    message = _("This form has expired. Please reload the page and try again.")
    return render_error(400, message, code="csrf_failed")


def handle_unexpected(error):
    """Anything else: log it, tell the user calmly."""
    if isinstance(error, HTTPException) and not isinstance(error, InternalServerError):
        return handle_http(error)
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return render_error(500)


def init_app(app):
    """Register the handlers."""
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(NotFound, lambda e: render_error(404))
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)
