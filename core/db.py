"""Declarative base with a naming convention, and small column helpers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    # One registry carries the naming convention and the aware-datetime mapping, so that
    # Flask-SQLAlchemy's subclass of this base keeps both.
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):  # pragma: no cover - driver hook
    """WAL and foreign keys for the embedded SQLite database."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


# Unique constraints whose violation is the user's to fix: name -> the error to raise.
_UNIQUE_ERRORS: dict[str, Callable[[], Exception]] = {}


def unique_error(constraint: str, error: Callable[[], Exception]) -> None:
    """Say what a user is told when a statement breaks ``constraint``: two requests at once can
    both pass the "is this taken?" check; the database then refuses the second, and ``error()``
    (a ``DomainError`` naming the field) is raised in place of the IntegrityError, so the view
    shows it on the form after rolling back instead of an error page."""
    _UNIQUE_ERRORS[constraint] = error


def _broken_unique(error) -> str | None:
    """The name of the unique constraint an IntegrityError broke, on either database."""
    from core.extensions import db

    name = getattr(getattr(error.orig, "diag", None), "constraint_name", None)  # psycopg
    if name:
        return name
    text = str(error.orig)  # SQLite: "UNIQUE constraint failed: products.organization_id, products.sku"
    if "UNIQUE constraint failed:" not in text:
        return None
    columns = {part.strip() for part in text.split("UNIQUE constraint failed:", 1)[1].split(",")}
    for table in db.metadata.tables.values():
        for constraint in table.constraints:
            named = {f"{table.name}.{column.name}" for column in constraint.columns}
            if constraint.name in _UNIQUE_ERRORS and named == columns:
                return constraint.name
    return None


@event.listens_for(Engine, "handle_error")
def _unique_to_message(context):
    """Every statement, flushes and commits alike: a broken unique constraint that has a
    ``unique_error`` raises that error instead; any other error stays what it was."""
    from sqlalchemy.exc import IntegrityError

    error = context.sqlalchemy_exception
    if isinstance(error, IntegrityError) and (name := _broken_unique(error)) in _UNIQUE_ERRORS:
        return _UNIQUE_ERRORS[name]()
    return None


def commit() -> None:
    """Commit the unit of work, then send out what waited for it (jobs, mail, indexing)."""
    from core.extensions import db
    from core.jobs import dispatch

    db.session.commit()
    dispatch()


def enum_column(enum_class, length: int = 16):
    """A column type for a ``StrEnum``: stored as its values in a VARCHAR (no database enum type,
    so a new value needs no schema change), loaded as members, refusing unknown strings."""
    from sqlalchemy import Enum

    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
