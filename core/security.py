"""Security headers: a strict Content-Security-Policy with per-request nonces, HSTS in production.

Flask-Talisman sets the headers; the policy allows scripts only from this site or with the
request's nonce, styles only from this site (no inline styles), and no framing.
"""

from __future__ import annotations

import flask
from flask.sessions import SecureCookieSessionInterface
from flask_talisman import Talisman

from core import cache

VIEW_OPTIONS = cache.region("talisman_view_options", max_entries=1_000)
POLICIES = cache.region("csp_policies", max_entries=64)

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


class CachedTalisman(Talisman):
    """Talisman, with what it recomputed on every response worked out once.

    Talisman rebuilds each view's options (four times a request) and the policy string (once)
    on every response; both depend only on the view and the settings. Here the options are
    kept per view function and the policy is a template the request's nonce is put into.
    The headers are byte for byte Talisman's (tests/integration/test_site.py checks them).
    """

    def _get_local_options(self):
        view_function = flask.current_app.view_functions.get(flask.request.endpoint)
        key = (self, view_function)  # the instance itself: an id could be reused by a later app
        options = VIEW_OPTIONS.get(key)
        if options is None:
            options = super()._get_local_options()
            targets = getattr(view_function, "form_action_origins", ())
            if targets:
                policy = dict(options["content_security_policy"])
                policy["form-action"] = " ".join((policy["form-action"], *targets))
                options = {**options, "content_security_policy": policy}
            options = VIEW_OPTIONS.set(key, options)
        return options

    def _parse_policy(self, policy):
        nonce_in = tuple(self._get_local_options()["content_security_policy_nonce_in"] or ())
        key = (self, id(policy), nonce_in)  # the policy stays alive in the value
        parts = POLICIES.get(key)
        if parts is None:
            # Talisman's own rendering, with a marker where each nonce goes.
            marker = "\x00nonce\x00"
            flask.request.csp_nonce, nonce = marker, getattr(flask.request, "csp_nonce", None)
            try:
                parts = POLICIES.set(key, (super()._parse_policy(policy).split(marker), policy))
            finally:
                if nonce is None:
                    del flask.request.csp_nonce
                else:
                    flask.request.csp_nonce = nonce
        template, _keep_alive = parts
        nonce = getattr(flask.request, "csp_nonce", None)
        if nonce is None:  # no nonce this request: Talisman then leaves the nonce out
            return super()._parse_policy(policy)
        return nonce.join(template)


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signer built once per secret key.

    Flask builds it anew to open and to save every request's session, pages without a
    session cookie included.
    """

    _serializer: tuple | None = None

    def get_signing_serializer(self, app):
        key = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        cached = self._serializer
        if cached is None or cached[0] != key:
            cached = self._serializer = (key, super().get_signing_serializer(app))
        return cached[1]


def init_app(app) -> None:
    app.session_interface = SessionInterface()
    production = app.config["ENV_NAME"] == "production"
    # One Talisman per app: its settings live on the instance, not on the app.
    app.extensions["talisman"] = CachedTalisman(
        app,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=production,
        strict_transport_security_max_age=31536000,
        content_security_policy=CSP,
        content_security_policy_nonce_in=["script-src"],
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
        session_cookie_samesite="Lax",
        x_content_type_options=True,
        permissions_policy={"geolocation": "()", "microphone": "()", "camera": "()"},
    )


def form_posts_to(*origins: str):
    """A page whose forms may end up at ``origins`` besides this site: ``form-action`` covers
    the redirects a form's answer makes, so a POST that answers with a redirect to Stripe's
    hosted Checkout is blocked by browsers unless the page that holds the form allows it."""

    def mark(view):
        view.form_action_origins = origins
        return view

    return mark


# ---------------------------------------------------------------- request body limits
def accepts_body(max_bytes):
    """A view that takes bodies up to ``max_bytes`` (the catalog import's ZIP of images) instead
    of ``MAX_CONTENT_LENGTH``: the page's promise and the real limit are one number. A function
    giving the number is asked on each request (a limit that follows a setting)."""

    def mark(view):
        view.max_body_bytes = max_bytes
        return view

    return mark


def _body_limit() -> None:
    """Before anything reads the body (CSRF checks do): the view's own limit, if it has one."""
    view = flask.current_app.view_functions.get(flask.request.endpoint)
    limit = getattr(view, "max_body_bytes", None)
    if callable(limit):
        limit = limit()
    if limit is not None:
        flask.request.max_content_length = limit


def _no_nul() -> None:
    """A NUL character has no use in an address or a query string, and PostgreSQL refuses it in
    text (a query with one fails): such a request is a clear 400 before any view sees it.
    Forms keep their own, field by field messages (core.text.plain_text refuses control
    characters), so a visitor sees what they typed and where it went wrong."""
    request = flask.request
    if "\x00" in request.path or any("\x00" in value for value in request.args.values()):
        flask.abort(400, description=NUL_REFUSED)


NUL_REFUSED = "nul-refused"


def init_body_limits(app) -> None:
    """Register before the CSRF extension, whose check reads the form: the body's limit, then
    the refusal of NUL characters in the address."""
    app.before_request(_body_limit)
    app.before_request(_no_nul)
