"""Product views, counted without a database write per page view.

A view adds 1 to a counter in Redis (when configured) or in this process's memory. A daemon
thread per process (started by the first counted view) moves the totals into
``products.views`` every ``FLUSH_SECONDS`` on its own connection, so no page request waits for
that write; with Redis a short lock lets one process per interval do it. Tests and commands
call ``flush(force=True)``. A lost counter costs a few views, never a page.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from collections import Counter

from flask import current_app
from sqlalchemy import bindparam, text, update

from core.extensions import db
from core.jobs import redis_connection, uses_rq
from marketplace.catalog.models import Product

log = logging.getLogger(__name__)
FLUSH_SECONDS = 10
BATCH_ROWS = 500
BATCH_PAUSE_SECONDS = 0.05
KEY = "tw:product_views"
_buffer: Counter = Counter()
_lock = threading.Lock()
_flusher_pid = [0]  # the process whose flusher thread runs (a forked worker starts its own)


def _redis():
    return redis_connection() if current_app.config.get("REDIS_URL") and uses_rq() else None


def count_view(product_id: int) -> None:
    try:
        conn = _redis()
        if conn is not None:
            conn.hincrby(KEY, str(product_id), 1)
        else:
            with _lock:
                _buffer[product_id] += 1
        _start_flusher()
    except Exception:  # counting must never break the page
        log.warning("could not count a product view", exc_info=True)


def _take(force: bool = False) -> dict[int, int]:
    conn = _redis()
    if conn is None:
        with _lock:
            counts = dict(_buffer)
            _buffer.clear()
        return counts
    if not conn.set(KEY + ":lock", "1", nx=True, ex=FLUSH_SECONDS) and not force:
        return {}
    pipe = conn.pipeline()
    pipe.hgetall(KEY)
    pipe.delete(KEY)
    raw, _deleted = pipe.execute()
    return {int(k): int(v) for k, v in raw.items()}


def _start_flusher() -> None:
    if _flusher_pid[0] == os.getpid() or current_app.testing:
        return
    _flusher_pid[0] = os.getpid()
    app = current_app._get_current_object()

    def run() -> None:
        while True:
            time.sleep(FLUSH_SECONDS)
            with app.app_context():
                flush(pause=BATCH_PAUSE_SECONDS)

    threading.Thread(target=run, name="product-views", daemon=True).start()
    atexit.register(lambda: _flush_in(app))  # a stopping worker writes what it counted


def _flush_in(app) -> None:
    with app.app_context():
        flush()


def _give_back(counts: dict[int, int]) -> None:
    """Counts a failed flush took: back into the counter, for the next flush."""
    try:
        conn = _redis()
        if conn is None:
            with _lock:
                _buffer.update(counts)
        else:
            pipe = conn.pipeline()
            for product_id, n in counts.items():
                pipe.hincrby(KEY, str(product_id), n)
            pipe.execute()
    except Exception:
        log.warning("could not keep %s products' views for the next flush", len(counts), exc_info=True)


def flush(force: bool = False, pause: float = 0.0) -> int:
    """Write the counted views to the database; returns how many products changed.

    With Redis, only one process per interval flushes unless ``force``. Several processes may
    flush at once (each has its own counter without Redis): every batch locks its rows in id
    order first, so two never wait for each other's rows (a deadlock). Batches of
    ``BATCH_ROWS`` rows, each its own transaction, ``pause`` seconds apart: the background
    flusher spreads its write so that PostgreSQL never spends a long stretch on it while
    pages wait (8,000 rows in one statement took it ~0.2 s of one core).
    """
    pending: list[tuple[int, int]] = []
    written = 0
    try:
        pending = sorted(_take(force).items())
        while pending:
            batch = dict(pending[:BATCH_ROWS])
            _write(batch)
            written += len(batch)
            pending = pending[BATCH_ROWS:]
            if pending and pause:
                time.sleep(pause)
    except Exception:
        log.warning("could not write product views", exc_info=True)
        _give_back(dict(pending))
    return written


def _write(counts: dict[int, int]) -> None:
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            ids = list(counts)
            conn.execute(
                text("SELECT id FROM products WHERE id = ANY(CAST(:ids AS integer[])) ORDER BY id FOR UPDATE"),
                {"ids": ids},
            )
            # One statement for the batch: UPDATE ... FROM unnest(ids, counts).
            conn.execute(
                text(
                    "UPDATE products SET views = products.views + v.n"
                    " FROM unnest(CAST(:ids AS integer[]), CAST(:ns AS integer[])) AS v(id, n)"
                    " WHERE products.id = v.id"
                ),
                {"ids": ids, "ns": list(counts.values())},
            )
        else:
            statement = (
                update(Product.__table__)
                .where(Product.__table__.c.id == bindparam("pid"))
                .values(views=Product.__table__.c.views + bindparam("n"))
            )
            conn.execute(statement, [{"pid": pid, "n": n} for pid, n in counts.items()])
