"""The schema only changes through migrations: one head, and models that match it."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade

from core.extensions import db
from tests.conftest import make_other_app


def _app(app, url):
    return make_other_app(app, SQLALCHEMY_DATABASE_URI=url)


def test_there_is_exactly_one_migration_head(app, tmp_path):
    app = _app(app, f"sqlite:///{tmp_path / 'heads.db'}")
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several migration heads: {heads}"


def _diff(app):
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return compare_metadata(context, db.metadata)


def test_models_match_the_migrations_on_sqlite(app, tmp_path):
    diff = _diff(_app(app, f"sqlite:///{tmp_path / 'schema.db'}"))
    assert diff == [], f"models and migrations disagree: {diff}"


def test_models_match_the_migrations_on_postgresql(app):
    """Runs on the suite's PostgreSQL database, which the session built by upgrading."""
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations disagree on {db.engine.dialect.name}: {diff}"
