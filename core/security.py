"""Security headers: a strict Content-Security-Policy with per-request nonces, HSTS in production.

Flask-Talisman sets the headers; the policy allows scripts only from this site or with the
request's nonce, styles only from this site (no inline styles), and no framing.
"""

from __future__ import annotations

from flask_talisman import Talisman

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


def init_app(app) -> None:
    production = app.config["ENV_NAME"] == "production"
    # One Talisman per app: its settings live on the instance, not on the app.
    app.extensions["talisman"] = Talisman(
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
