"""Rate limits: whom each limit counts, and what someone who meets one is told.

Flask-Limiter keeps the counters (in Redis when ``REDIS_URL`` is set; in each process while
Redis does not answer, with every route's own limits). What a limit counts decides who shares
it, so every limited view says it with one of these:

- ``per_address``: signed-out forms (sign-up, a forgotten password) count the client's address;
  behind a reverse proxy that is the real one only when ``TRUSTED_PROXIES`` says how many
  proxies stand in front (``init_app`` installs Werkzeug's ProxyFix; see the README).
- ``per_account``: what a signed-in user does counts per account, so that a whole office behind
  one address is not one visitor.
- ``per_organization``: what a member does for its organization (an import) counts per
  organization, whoever of its members does it.
- sign-in counts the email typed together with the address (``per_sign_in``, ``RATELIMIT_LOGIN``)
  and the email alone over a longer window (``per_sign_in_account``,
  ``RATELIMIT_LOGIN_ACCOUNT``): colleagues signing in from one office do not lock each other
  out, and one account cannot be guessed at from many addresses either.

``too_many_requests()`` answers a limit met: the real wait (from the limit's own window, not
"a few minutes"), a ``Retry-After`` header, and, for a form, what was typed (passwords
excepted) in a form that sends it again once the wait is over.
"""

from __future__ import annotations

import time
from datetime import timedelta

from flask import current_app, render_template, request
from flask_babel import format_timedelta, gettext as _
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from core.extensions import limiter

# A form's fields that the 429 page never sends back to the browser.
_NOT_KEPT = ("csrf_token", "password")
_KEEP_FIELDS, _KEEP_CHARS = 60, 20_000


def init_app(app) -> None:
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        # The client's address, scheme and host as the last ``proxies`` proxies saw them; a
        # header set by anyone further out is not believed.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies)


def per_address() -> str:
    return f"address:{request.remote_addr or 'unknown'}"


def per_account() -> str:
    if current_user.is_authenticated:
        return f"account:{current_user.id}"
    return per_address()


def per_organization() -> str:
    member = current_user.org_member if current_user.is_authenticated else None
    if member is not None:
        return f"organization:{member.organization_id}"
    return per_account()


def _typed_email() -> str:
    return (request.form.get("email") or "")[:254].strip().lower()


def per_sign_in() -> str:
    return f"sign-in:{_typed_email()}:{request.remote_addr or 'unknown'}"


def per_sign_in_account() -> str:
    email = _typed_email()
    return f"sign-in-account:{email}" if email else per_address()


def setting(name: str):
    """A limit read from the configuration when the request comes (tests and deployments set them)."""
    return lambda: current_app.config[name]


def seconds_to_wait() -> int | None:
    """How long until the limit this request met lets it through again."""
    limit = limiter.current_limit
    if limit is None:
        return None
    return max(1, int(limit.reset_at - time.time()) + 1)


def too_many_requests(title, text):
    """The 429 page: the real wait, and what the visitor typed, kept to send again."""
    wait = seconds_to_wait()
    if wait is not None:
        text = _(
            "You have tried that too often. Please wait %(wait)s and try again.",
            wait=format_timedelta(timedelta(seconds=wait), granularity="second", threshold=1.0, add_direction=False),
        )
    kept = []
    if request.method == "POST" and not request.files:
        for name, value in request.form.items(multi=True):
            if not any(word in name.lower() for word in _NOT_KEPT) and len(kept) < _KEEP_FIELDS:
                kept.append((name[:100], value[:_KEEP_CHARS]))
    response = current_app.make_response(
        (render_template("errors/too_many.html", status=429, title=title, text=text, kept=kept), 429)
    )
    if wait is not None:
        response.headers["Retry-After"] = str(wait)
    return response
