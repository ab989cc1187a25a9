"""Product views, counted without a database write per page view.

A view adds 1 to a counter in Redis (when configured) or in this process's memory; at most
every ``FLUSH_SECONDS`` one request moves the totals into ``products.views`` with a single
batched UPDATE on its own connection. A lost counter costs a few views, never a page.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter

from flask import current_app
from sqlalchemy import bindparam, update

from core.extensions import db
from core.jobs import redis_connection, uses_rq
from marketplace.catalog.models import Product

log = logging.getLogger(__name__)
FLUSH_SECONDS = 10
KEY = "tw:product_views"
_buffer: Counter = Counter()
_lock = threading.Lock()
_last_flush = [time.monotonic()]


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
    except Exception:  # counting must never break the page
        log.warning("could not count a product view", exc_info=True)


def _take() -> dict[int, int]:
    conn = _redis()
    if conn is None:
        with _lock:
            counts = dict(_buffer)
            _buffer.clear()
        return counts
    if not conn.set(KEY + ":lock", "1", nx=True, ex=FLUSH_SECONDS):
        return {}
    pipe = conn.pipeline()
    pipe.hgetall(KEY)
    pipe.delete(KEY)
    raw, _deleted = pipe.execute()
    return {int(k): int(v) for k, v in raw.items()}


def flush(force: bool = False) -> int:
    """Write the counted views to the database; returns how many products changed."""
    now = time.monotonic()
    if not force and now - _last_flush[0] < FLUSH_SECONDS:
        return 0
    _last_flush[0] = now
    try:
        counts = _take()
        if not counts:
            return 0
        statement = (
            update(Product.__table__)
            .where(Product.__table__.c.id == bindparam("pid"))
            .values(views=Product.__table__.c.views + bindparam("n"))
        )
        with db.engine.begin() as conn:
            conn.execute(statement, [{"pid": pid, "n": n} for pid, n in counts.items()])
        return len(counts)
    except Exception:
        log.warning("could not write product views", exc_info=True)
        return 0
