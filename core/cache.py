"""Every per-process cache of the app, in one place: named regions with a bound, an optional
time to live, and one way to say that something changed.

A module declares its region once, at import time::

    CARDS = cache.region("product_cards", max_entries=50_000)
    COUNTS = cache.region("category_counts", max_entries=4, ttl=120, depends_on=("product", "organization"))

and reads through it: ``CARDS.get(key)``, ``CARDS.set(key, value)``,
``COUNTS.get_or_set(key, build)``. A region holds at most ``max_entries`` (the least recently
used go first) and forgets an entry ``ttl`` seconds after it was stored.

A write says once what changed: ``cache.changed("product")`` empties, in this process, every
region that depends on products (mapper events call it for the models that declare a kind, see
``track``). Other processes learn of a change in one of two ways, chosen per region: its keys
carry the version of what they show (a product card's key holds the product's and its
supplier's ``updated_at``, so an edit or a rename shows at once everywhere), or its ``ttl``
bounds how long a copy may be stale (category totals, the category tree).

Pure functions of constants (a locale's number patterns) keep ``functools.cache``: they never
go stale. ``clear()`` empties every region (tests, after truncating the database).
``stats()`` says how full each region is.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from cachetools import LRUCache, TTLCache

_MISSING = object()
_REGIONS: dict[str, Region] = {}


class Region:
    """A named, bounded map from keys to values, safe to use from several threads."""

    __slots__ = ("_data", "_lock", "depends_on", "max_entries", "name", "ttl")

    def __init__(self, name: str, max_entries: int, ttl: float | None = None, depends_on: Iterable[str] = ()):
        self.name, self.max_entries, self.ttl = name, max_entries, ttl
        self.depends_on = frozenset(depends_on)
        self._data = TTLCache(max_entries, ttl) if ttl else LRUCache(max_entries)
        self._lock = threading.Lock()

    def get(self, key: Hashable, default: Any = None) -> Any:
        with self._lock:
            return self._data.get(key, default)

    def set(self, key: Hashable, value: Any) -> Any:
        with self._lock:
            self._data[key] = value
        return value

    def get_or_set(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """The value for ``key``, built (outside the lock) and stored when missing."""
        with self._lock:
            value = self._data.get(key, _MISSING)
        if value is _MISSING:
            value = self.set(key, build())
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"<cache region {self.name}: {len(self)}/{self.max_entries}>"


def region(name: str, max_entries: int, ttl: float | None = None, depends_on: Iterable[str] = ()) -> Region:
    """Declare a region (once per name)."""
    if name in _REGIONS:
        raise RuntimeError(f"cache region {name!r} is declared twice")
    found = _REGIONS[name] = Region(name, max_entries, ttl, depends_on)
    return found


def changed(*kinds: str) -> None:
    """Something of these kinds was written: every region that depends on one of them forgets
    everything it holds (in this process)."""
    for found in _REGIONS.values():
        if found.depends_on.intersection(kinds):
            found.clear()


def track(model, kind: str) -> None:
    """Call ``changed(kind)`` whenever a row of ``model`` is inserted, updated or deleted through
    the ORM in this process."""
    from sqlalchemy import event

    def _changed(*_args) -> None:
        changed(kind)

    for name in ("after_insert", "after_update", "after_delete"):
        event.listen(model, name, _changed)


def clear() -> None:
    for found in _REGIONS.values():
        found.clear()


def stats() -> dict[str, tuple[int, int]]:
    """{region: (entries, bound)}."""
    return {name: (len(found), found.max_entries) for name, found in sorted(_REGIONS.items())}
