"""Signed, expiring links for email verification, password reset and invitations."""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"tradewindow.{purpose}")


def fingerprint(value: str | None) -> str:
    """A short digest that changes when ``value`` changes (makes a link single-use)."""
    return hashlib.sha256((value or "").encode()).hexdigest()[:16]


def make_token(purpose: str, **payload) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: int) -> dict | None:
    """The payload, or None for a link that is forged, damaged or expired."""
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    return data if isinstance(data, dict) else None
