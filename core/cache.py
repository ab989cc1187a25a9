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

A region declared ``shared=True`` (whole public pages) also keeps what it is given in one
store per host that every worker process of the app reads (``SharedStore``: a bounded
diskcache under the instance folder): a page rendered by one worker is not rendered again by
the next. Its keys must say everything the value depends on (they are hashed, not compared).

Pure functions of constants (a locale's number patterns) keep ``functools.cache``: they never
go stale. ``clear()`` empties every region (tests, after truncating the database).
``stats()`` says how full each region is.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import shutil
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

from cachetools import LRUCache, TTLCache

log = logging.getLogger(__name__)

_MISSING = object()
_REGIONS: dict[str, Region] = {}


class Region:
    """A named, bounded map from keys to values, safe to use from several threads."""

    __slots__ = ("_data", "_lock", "depends_on", "max_entries", "name", "shared", "ttl")

    def __init__(
        self,
        name: str,
        max_entries: int,
        ttl: float | None = None,
        depends_on: Iterable[str] = (),
        shared: bool = False,
    ):
        if shared and (ttl or depends_on):
            raise ValueError("a shared region's keys say what its values show: no ttl, no depends_on")
        self.name, self.max_entries, self.ttl, self.shared = name, max_entries, ttl, shared
        self.depends_on = frozenset(depends_on)
        self._data = TTLCache(max_entries, ttl) if ttl else LRUCache(max_entries)
        self._lock = threading.Lock()

    def get(self, key: Hashable, default: Any = None) -> Any:
        with self._lock:
            value = self._data.get(key, _MISSING)
        if value is _MISSING and self.shared and (store := _shared_store()) is not None:
            value = store.get(self.name, key)
            if value is not _MISSING:
                with self._lock:
                    self._data[key] = value
        return default if value is _MISSING else value

    def set(self, key: Hashable, value: Any) -> Any:
        with self._lock:
            self._data[key] = value
        if self.shared and (store := _shared_store()) is not None:
            store.set(self.name, key, value)
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


def region(
    name: str, max_entries: int, ttl: float | None = None, depends_on: Iterable[str] = (), shared: bool = False
) -> Region:
    """Declare a region (once per name)."""
    if name in _REGIONS:
        raise RuntimeError(f"cache region {name!r} is declared twice")
    found = _REGIONS[name] = Region(name, max_entries, ttl, depends_on, shared)
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


# ---------------------------------------------------------------- the store shared by workers
_EXTENSION = "tradewindow_shared_cache"
# What a build is made of: a change to any of these files may change what a page shows.
_BUILD_DIRS = ("core", "marketplace", "govportal", "i18n", "search")
_BUILD_SUFFIXES = (".py", ".html", ".mo", ".txt")
_STALE_BUILD_SECONDS = 24 * 3600


class SharedStore:
    """What the shared regions hold, for every worker process of this host.

    A ``diskcache.Cache`` (SQLite, with large values in files) in a folder of the instance per
    build, bounded to ``size_limit`` bytes, the least recently stored dropped first. A key is
    the BLAKE2 digest of the pickled region name and key, so equal keys find the same entry in
    every process; a key that cannot be pickled is simply not shared. The store is a cache and
    never a reason for a request to fail: any error reading or writing it counts as a miss.
    Each process opens its own connection (SQLite connections do not survive a fork).
    """

    def __init__(self, directory: Path, size_limit: int):
        self.directory, self.size_limit = Path(directory), size_limit
        self._pid: int | None = None
        self._cache = None
        self._last = threading.local()  # (key, digest): a miss is followed by a set of the same key

    def _open(self):
        if self._pid != os.getpid():
            import diskcache

            # A busy database is a miss after 50 ms, not a wait: a render costs less than that.
            self._cache = diskcache.Cache(str(self.directory), timeout=0.05, size_limit=self.size_limit)
            self._pid = os.getpid()
        return self._cache

    def digest(self, name: str, key: Hashable) -> bytes | None:
        last = getattr(self._last, "pair", None)
        if last is not None and last[0] is key and last[1] == name:
            return last[2]
        try:
            data = pickle.dumps((name, key), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return None
        found = hashlib.blake2b(data, digest_size=20).digest()
        self._last.pair = (key, name, found)
        return found

    def get(self, name: str, key: Hashable) -> Any:
        digest = self.digest(name, key)
        if digest is None:
            return _MISSING
        try:
            return self._open().get(digest, _MISSING)
        except Exception as error:  # a cache miss, whatever the store's trouble
            log.warning("shared cache %s: read failed: %s", self.directory, error)
            return _MISSING

    def set(self, name: str, key: Hashable, value: Any) -> None:
        digest = self.digest(name, key)
        if digest is None:
            return
        try:
            self._open().set(digest, value)
        except Exception as error:  # not kept, and the request goes on
            log.warning("shared cache %s: write failed: %s", self.directory, error)


def _shared_store() -> SharedStore | None:
    from flask import current_app, has_app_context

    return current_app.extensions.get(_EXTENSION) if has_app_context() else None


def _build_id(root: Path, config) -> str:
    """A digest of every source, template and translation file (path, size, time) and of the
    settings pages can show (addresses, languages): what a deploy or a setting changes."""
    digest = hashlib.sha256()
    for folder in _BUILD_DIRS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in _BUILD_SUFFIXES and path.is_file():
                stat = path.stat()
                digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    for name in ("BASE_URL", "LANGUAGES", "BABEL_DEFAULT_LOCALE", "APPLICATION_ROOT"):
        digest.update(f"{name}={config.get(name)!r}\n".encode())
    return digest.hexdigest()[:20]


def init_app(app, root: Path) -> None:
    """Open the app's shared store when ``SHARED_CACHE_MB`` is more than 0: a folder of
    ``<instance>/cache`` per build; folders of builds unused for a day are removed."""
    megabytes = app.config.get("SHARED_CACHE_MB", 0)
    if not megabytes:
        return
    parent = Path(app.instance_path) / "cache"
    directory = parent / _build_id(root, app.config)
    directory.mkdir(parents=True, exist_ok=True)
    os.utime(directory)  # in use: not stale
    for other in parent.iterdir():
        if other != directory and other.is_dir() and time.time() - other.stat().st_mtime > _STALE_BUILD_SECONDS:
            shutil.rmtree(other, ignore_errors=True)
    app.extensions[_EXTENSION] = SharedStore(directory, megabytes * 1024 * 1024)
