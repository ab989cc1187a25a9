"""Domain errors carry a status and a message for the user; handlers turn errors into pages."""

from __future__ import annotations

from flask import jsonify, render_template, request
from flask_babel import gettext as _, lazy_gettext as _l
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    status = 400
    default_message = _l("That request could not be carried out.")

    def __init__(self, message=None, field: str | None = None):
        super().__init__(str(message or self.default_message))
        self.message = message or self.default_message
        self.field = field


class NotFound(DomainError):
    status = 404
    default_message = _l("That page does not exist.")


class Forbidden(DomainError):
    status = 403
    default_message = _l("You do not have permission to do that.")


class Conflict(DomainError):
    status = 409
    default_message = _l("That conflicts with something that already exists.")


def commit_or_flash(action, success) -> bool:
    """A form post's service call: commit and flash ``success``, or roll back and flash its error.

    ``success`` is the message, or a function of what ``action`` returned (a bulk action's
    count). Returns whether the work was committed.
    """
    from flask import flash

    from core.db import commit
    from core.extensions import db

    try:
        result = action()
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return False
    commit()
    flash(success(result) if callable(success) else success, "success")
    return True


def commit_or_errors(action, field: str):
    """A form's service call: run ``action()`` and commit; a DomainError is rolled back and
    comes back as the form's errors, ``[(its field, or field, message)]``. Returns
    (what action returned or None, errors)."""
    from core.db import commit
    from core.extensions import db

    try:
        result = action()
        commit()
    except DomainError as exc:
        db.session.rollback()
        return None, [(exc.field or field, exc.message)]
    return result, []


def button_post(load, action, success, back):
    """A button's POST route: refuse it (400) without the page's CSRF token, ``load()`` the item
    (which raises NotFound or Forbidden for what the user may not touch), run ``action(item)``
    through ``commit_or_flash`` and redirect to ``back(item)``."""
    from flask import abort, redirect

    from core.accounts.forms import EmptyForm

    if not EmptyForm().validate_on_submit():
        abort(400)
    item = load()
    commit_or_flash(lambda: action(item), success(item) if callable(success) else success)
    return redirect(back(item))


ERROR_TEXT = {
    400: (_l("Bad request"), _l("The request could not be understood. Please check what you sent.")),
    403: (_l("Access denied"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("The page you asked for does not exist or has moved.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    410: (_l("Gone"), _l("This item has been removed.")),
    413: (_l("Too large"), _l("What you sent is larger than we accept.")),
    429: (
        _l("Too many attempts"),
        _l("You have tried that too often. Please wait a few minutes and try again."),
    ),
    500: (_l("Something went wrong"), _l("An error on our side stopped this page. It has been logged.")),
    503: (_l("Temporarily unavailable"), _l("The service is temporarily unavailable. Please try again soon.")),
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path in ("/healthz",)


def render_error(status: int, message: str | None = None):
    title, text = ERROR_TEXT.get(status, ERROR_TEXT[500])
    if wants_json():
        return jsonify({"status": status, "title": str(title), "detail": str(message or text)}), status
    return render_template("errors/error.html", status=status, title=title, text=message or text), status


def init_app(app) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if exc.code is None or exc.code < 400:
            return exc
        message = None
        if exc.code == 429 and not wants_json():
            from core.limits import too_many_requests

            return too_many_requests(*ERROR_TEXT[429])
        if exc.code == 400 and getattr(exc, "description", "") == "nul-refused":  # core.security._no_nul
            message = _("The address contains a character that is not allowed (a NUL character).")
        elif exc.code == 400 and getattr(exc, "description", "").startswith("The CSRF"):
            message = _("This form has expired or was sent from elsewhere. Please reload the page and try again.")
        return render_error(exc.code, message)

    @app.errorhandler(DomainError)
    def _domain_error(exc: DomainError):
        return render_error(exc.status, str(exc.message))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        from core.extensions import db

        db.session.rollback()
        return render_error(500)
