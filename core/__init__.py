"""The kernel both faces stand on. ``create_app(faces=[...])`` is the only factory."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from types import ModuleType

from flask import Flask

__version__ = "0.1.0"


def create_app(faces: Iterable[ModuleType] = (), config: dict | None = None, env: str | None = None) -> Flask:
    from core import access, cache, errors, inputs, limits, security
    from core.config import build_config, check_production
    from core.extensions import babel, csrf, db, limiter, login_manager, migrate
    from core.registry import SiteRegistry
    from i18n import init_app as init_i18n

    app = Flask(__name__, instance_relative_config=False)
    app.url_map.converters["int"] = inputs.IdConverter  # ids past 2^63 are no page, not a DB error
    settings = build_config(env)
    settings.update(config or {})
    app.config.update(settings)
    check_production(app.config)
    app.instance_path = str(app.config["INSTANCE_PATH"])
    app.config["INSTANCE_PATH"].mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    if app.config["REDIS_URL"] and app.config["RATELIMIT_ENABLED"]:
        app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"])
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    cache.init_app(app, _root())
    db.init_app(app)
    migrate.init_app(app, db, directory=str(_root() / "migrations"), render_as_batch=True, compare_type=True)
    security.init_body_limits(app)  # before CSRF, which reads the body
    csrf.init_app(app)
    limiter.init_app(app)
    limits.init_app(app)
    _init_login(app, login_manager)
    init_i18n(app, babel)
    security.init_app(app)
    access.init_app(app)
    errors.init_app(app)

    import search

    app.extensions["tradewindow_search"] = search.make_backend(app.config)
    site = app.extensions["tradewindow_site"] = SiteRegistry()

    from core import api, attachments, cli, labels, pages, staff, templating
    from core.accounts.views import bp as accounts_bp

    templating.init_app(app)
    labels.init_app(app)
    app.jinja_env.globals["labels"] = labels
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(accounts_bp)
    from core import notifications, schedule as _schedule  # noqa: F401 - the scheduler's table

    notifications.init_app(app)
    app.register_blueprint(staff.bp)
    staff.init_queues(site)
    attachments.init_app(app)
    cli.init_app(app)

    for face in faces:
        face.init_app(app, site)
        site.face_names.append(face.__name__)

    @app.after_request
    def _dispatch_jobs(response):
        # Safety net: jobs of a commit made outside core.db.commit() still go out.
        from core.jobs import dispatch

        dispatch()
        return response

    return app


def _root():
    from core.config import BASE_DIR

    return BASE_DIR


def _init_login(app, login_manager) -> None:
    from flask_babel import lazy_gettext as _l

    from core.accounts.models import User
    from core.extensions import db

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to open that page.")
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def _load(user_id: str):
        try:
            return db.session.get(User, int(user_id))
        except (TypeError, ValueError):
            return None
