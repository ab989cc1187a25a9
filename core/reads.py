"""Prebuilt read-only SELECTs for the busiest public pages, run straight on the driver.

Around its one query, the ORM session cost a product page about 230 µs of CPU: checking a
connection out, switching it to autocommit, building the result, closing the session. That
was a sixth of the page. On PostgreSQL ``rows()`` instead runs the statement through psycopg
on a small pool of connections that are always in autocommit mode (no BEGIN, no ROLLBACK,
no switching): about 70 µs. Statements are still built with SQLAlchemy, compiled once per
statement object, and converted on the way in and out exactly as SQLAlchemy would (its
bind and result processors). Rows come back as tuples in the statement's column order.

Other databases (the embedded SQLite) run the same statements through the session.

Only for module-level statements built once (they are the cache keys) and only for reads:
nothing here sees the request's uncommitted session changes.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from core import cache

# Compiled statements, per process (listing pages build a few per page number).
COMPILED = cache.region("compiled_statements", max_entries=5_000)

_engines: dict[tuple[int, str], Engine] = {}
_by_engine: dict[int, tuple[Engine, int, Engine]] = {}  # id(app engine) -> (it, process, read engine)
_lock = threading.Lock()


class _Compiled:
    __slots__ = ("bind_processors", "defaults", "result_processors", "result_types", "sql")

    def __init__(self, statement, dialect):
        compiled = statement.compile(dialect=dialect)
        if any(bind.expanding or bind.literal_execute for bind in compiled.binds.values()):
            raise ValueError("reads.rows() runs statements as compiled: use = ANY(:list), not IN (:list)")
        self.sql = compiled.string
        self.bind_processors: dict[str, Callable] = dict(compiled._bind_processors)
        # Values written into the statement; the caller's parameters are added per execution
        # (psycopg refuses to run without every named one).
        required = {name for name, bind in compiled.binds.items() if bind.required}
        values = compiled.construct_params(_check=False)
        self.defaults = self._processed({name: value for name, value in values.items() if name not in required})
        self.result_processors: list[tuple[int, Callable]] | None = None  # known after a first row
        self.result_types = [column.type for column in compiled._result_columns]

    def _processed(self, params: Mapping[str, Any]) -> dict[str, Any]:
        processors = self.bind_processors
        return {name: processors[name](value) if name in processors else value for name, value in params.items()}

    def params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        if not params:
            return self.defaults
        return {**self.defaults, **self._processed(params)}

    def rows(self, cursor, dialect) -> list[tuple]:
        found = cursor.fetchall()
        if self.result_processors is None:
            # SQLAlchemy picks some processors by the column's type code, which the cursor knows.
            self.result_processors = [
                (index, processor)
                for index, (sa_type, column) in enumerate(zip(self.result_types, cursor.description, strict=True))
                if (processor := sa_type._cached_result_processor(dialect, column.type_code)) is not None
            ]
        if not self.result_processors or not found:
            return found
        converted = []
        for row in found:
            values = list(row)
            for index, processor in self.result_processors:
                values[index] = processor(values[index])
            converted.append(tuple(values))
        return converted


def _read_engine(engine: Engine) -> Engine:
    """This process's autocommit engine for ``engine``'s database (created on first use)."""
    known = _by_engine.get(id(engine))
    if known is not None and known[0] is engine and known[1] == os.getpid():
        return known[2]  # rendering the URL for the key below costs more than the query's setup
    key = (os.getpid(), engine.url.render_as_string(hide_password=False))
    found = _engines.get(key)
    if found is None:
        with _lock:
            found = _engines.get(key)
            if found is None:
                found = _engines[key] = create_engine(
                    engine.url,
                    isolation_level="AUTOCOMMIT",
                    pool_reset_on_return=None,  # nothing to roll back: autocommit
                    pool_recycle=1800,
                )
    _by_engine[id(engine)] = (engine, os.getpid(), found)
    return found


def rows(statement, params: Mapping[str, Any] | None = None) -> Sequence[Sequence]:
    """All rows of a prebuilt SELECT, as tuples."""
    from core.extensions import db

    engine = db.engine
    if engine.dialect.name != "postgresql":
        return db.session.connection().execute(statement, dict(params or {})).all()
    compiled = COMPILED.get(statement)
    if compiled is None:
        compiled = COMPILED.set(statement, _Compiled(statement, engine.dialect))
    return _execute(_read_engine(engine), compiled, compiled.params(params))


def _execute(engine: Engine, compiled: _Compiled, params: dict[str, Any]) -> list[tuple]:
    import psycopg

    connection = engine.raw_connection()
    try:
        # One cursor per connection, kept with it (a new cursor per query cost a third of the
        # query's time); results in binary, which psycopg converts faster than text.
        cursor = connection.info.get("tradewindow_cursor")
        if cursor is None:
            cursor = connection.info["tradewindow_cursor"] = connection.driver_connection.cursor()
        cursor.execute(compiled.sql, params, binary=True)
        return compiled.rows(cursor, engine.dialect)
    except psycopg.OperationalError:
        connection.invalidate()  # a broken connection fails this request, not the next one
        raise
    finally:
        connection.close()


def first(statement, params: Mapping[str, Any] | None = None) -> Sequence | None:
    found = rows(statement, params)
    return found[0] if found else None


def dispose() -> None:
    """Close this process's read connections (tests, and before a fork)."""
    with _lock:
        for key in [key for key in _engines if key[0] == os.getpid()]:
            _engines.pop(key).dispose()
        _by_engine.clear()
