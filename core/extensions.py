"""Module-level extension objects, attached to the app in create_app()."""

import flask_login
from flask import current_app, request, session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login.config import COOKIE_NAME
from flask_login.signals import user_accessed
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from core.db import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()


class LoginManager(flask_login.LoginManager):
    """Flask-Login, minus the work of finding that a cookieless visitor is signed out.

    For every request it hashed the visitor's address and browser for session protection,
    even with an empty session. Without a session and a remember-me cookie (and with no
    request loader, which this app has not) the visitor can only be anonymous.
    """

    def _load_user(self):
        remember = current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)
        if self._request_callback is None and not session and remember not in request.cookies:
            user_accessed.send(current_app._get_current_object())
            return self._update_request_context_with_user()
        return super()._load_user()


login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
