"""The app's side of search: what changed goes to an outbox in the same transaction, a job
drains it into the backend, rebuilds and status for the command line, and the synonyms staff
keep.

The faces register what is searchable (``register``): a ``search.DocumentType`` whose
``load(keys)`` reads through the face's public read path, the models whose changes touch it
(``Watch``), and for changes that touch many documents at once (an organization renamed,
a category renamed) an ``expand`` that turns one outbox row into the documents' keys when the
outbox is drained, not in the request that made the change.

Nothing here decides what is public: a key the type's ``load`` leaves out is removed from the
index. So a product archived, rejected or unpublished leaves the results as soon as the drain
has run (in-process: right after the commit; with RQ: the next second).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, delete, event, func, insert, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

import search
from core import cache
from core.db import TimestampMixin, utcnow
from core.extensions import db
from core.jobs import enqueue, job

log = logging.getLogger(__name__)

BATCH = 500
KEEP_PROCESSED = timedelta(days=7)  # a rebuild replays what changed while it ran
SYNONYMS = cache.region(
    "search_synonyms", max_entries=1, ttl=30, depends_on=("search_synonyms",)
)  # "applies within a minute"


class SearchOutbox(db.Model):
    """A searchable document that changed and is not yet in the index (``processed_at`` empty)."""

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(index=True)


class Synonym(TimestampMixin, db.Model):
    """A group of expressions that mean the same to a buyer: ``水泵 = pump = 8413``."""

    __tablename__ = "search_synonyms"

    id: Mapped[int] = mapped_column(primary_key=True)
    terms: Mapped[str] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(String(200))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def members(self) -> list[str]:
        return split_synonyms(self.terms)


def split_synonyms(text: str) -> list[str]:
    """``水泵 = pump, 8413`` → [水泵, pump, 8413] (=, commas and line breaks separate)."""
    parts = [
        " ".join(p.split())
        for p in text.replace("＝", "=").replace("，", ",").replace("\n", ",").replace("=", ",").split(",")
    ]
    return list(dict.fromkeys(p for p in parts if p))


@dataclass(frozen=True)
class Watch:
    """A model whose changes touch searchable documents: ``touched(obj)`` yields (type, key)
    pairs, where type is a document type or an expansion's name."""

    model: type
    touched: Callable[[object], Iterable[tuple[str, str]]]


@dataclass(frozen=True)
class Expansion:
    """One outbox row standing for many documents: ``documents(keys)`` yields (type, key)."""

    name: str
    documents: Callable[[list[str]], Iterable[tuple[str, str]]]


@dataclass
class Registry:
    types: dict
    watches: list
    expansions: dict
    facts: dict = field(default_factory=dict)  # for the ranking help page (``explain``)


def _registry(app=None) -> Registry:
    app = app or current_app
    return app.extensions.setdefault("tradewindow_search_registry", Registry({}, [], {}))


def register(
    app, doc_type: search.DocumentType, watches: Iterable[Watch] = (), expansions: Iterable[Expansion] = ()
) -> None:
    registry = _registry(app)
    registry.types[doc_type.name] = doc_type
    registry.watches.extend(watches)
    for expansion in expansions:
        registry.expansions[expansion.name] = expansion
    backend(app).register(doc_type)


def explain(app, **facts) -> None:
    """Give the ranking help page (``/<lang>/help/search``) facts about a rule a face owns,
    such as what makes an exhibitor responsive; the page leaves out what no face gave."""
    _registry(app).facts.update(facts)


def ranking_facts(app=None) -> dict:
    return dict(_registry(app).facts)


def backend(app=None):
    return (app or current_app).extensions["tradewindow_search"]


def document_types(app=None) -> dict:
    return _registry(app).types


# -- the outbox ---------------------------------------------------------------------------


@event.listens_for(Session, "after_flush")
def _write_outbox(session, flush_context):
    """Rows for what this flush changed, written by the flush's own transaction (new rows have
    their ids by now)."""
    if not has_app_context():
        return
    watches = _registry().watches
    if not watches:
        return
    touched: set[tuple[str, str]] = set()
    modified = (o for o in session.dirty if session.is_modified(o, include_collections=False))
    for obj in (*session.new, *session.deleted, *modified):
        for watch in watches:
            if isinstance(obj, watch.model):
                touched.update((kind, str(key)) for kind, key in watch.touched(obj) if key is not None)
    if touched:
        now = utcnow()
        session.execute(
            insert(SearchOutbox), [{"doc_type": kind, "key": key, "created_at": now} for kind, key in sorted(touched)]
        )
        session.info["search_touched"] = True


@event.listens_for(Session, "before_commit")
def _queue_drain(session):
    if not has_app_context():
        return
    session.flush()  # what the commit would flush writes its outbox rows now, not after this check
    if session.info.pop("search_touched", None):
        enqueue("search.drain")


@event.listens_for(Session, "after_rollback")
def _forget(session):
    session.info.pop("search_touched", None)


@job("search.drain", label=_l("Search index update"))
def drain_job() -> None:
    drain()


def drain(limit: int | None = None) -> int:
    """Index what the outbox holds, in batches, until it is empty. One drain at a time (a
    second one returns at once: the first takes its rows too). Returns the rows processed;
    raises when the backend fails (the rows stay for the next attempt)."""
    done = 0
    with _drain_lock() as mine:
        if not mine:
            return 0
        while limit is None or done < limit:
            rows = db.session.execute(
                select(SearchOutbox.id, SearchOutbox.doc_type, SearchOutbox.key)
                .where(SearchOutbox.processed_at.is_(None))
                .order_by(SearchOutbox.id)
                .limit(BATCH)
            ).all()
            if not rows:
                break
            apply_changes([(kind, key) for _, kind, key in rows])
            db.session.execute(
                update(SearchOutbox).where(SearchOutbox.id.in_([r[0] for r in rows])).values(processed_at=utcnow())
            )
            db.session.commit()
            done += len(rows)
        db.session.execute(delete(SearchOutbox).where(SearchOutbox.processed_at < utcnow() - KEEP_PROCESSED))
        db.session.commit()
    return done


def apply_changes(pairs: Iterable[tuple[str, str]]) -> None:
    """Bring the index in line with the database for these (type, key) pairs."""
    registry = _registry()
    by_type: dict[str, set[str]] = defaultdict(set)
    expanded: dict[str, set[str]] = defaultdict(set)
    for kind, key in pairs:
        (expanded if kind in registry.expansions else by_type)[kind].add(key)
    for kind, keys in expanded.items():
        for doc_kind, doc_key in registry.expansions[kind].documents(sorted(keys)):
            by_type[doc_kind].add(str(doc_key))
    engine = backend()
    for kind, keys in by_type.items():
        doc_type = registry.types.get(kind)
        if doc_type is None:
            continue
        keys = sorted(keys)
        for start in range(0, len(keys), BATCH):
            part = keys[start : start + BATCH]
            documents = doc_type.load(part)
            engine.index(documents)
            public = {d.key for d in documents}
            engine.remove(kind, [k for k in part if k not in public])


@contextlib.contextmanager
def _drain_lock():
    """One drain at a time: an advisory lock on PostgreSQL, a lock file beside SQLite."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as conn:
            mine = conn.execute(select(func.pg_try_advisory_lock(0x5EA4C4))).scalar()
            conn.commit()
            try:
                yield bool(mine)
            finally:
                if mine:
                    conn.execute(select(func.pg_advisory_unlock(0x5EA4C4)))
                    conn.commit()
        return
    path = os.path.join(current_app.instance_path, "search-drain.lock")
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def outbox_lag() -> dict:
    """How many changes wait for the index, and since when."""
    waiting, oldest = db.session.execute(
        select(func.count(SearchOutbox.id), func.min(SearchOutbox.created_at)).where(
            SearchOutbox.processed_at.is_(None)
        )
    ).one()
    seconds = (utcnow() - oldest).total_seconds() if oldest else 0.0
    return {"waiting": int(waiting), "oldest_seconds": round(seconds, 1)}


# -- rebuild and status -------------------------------------------------------------------


def reindex(types: Iterable[str] | None = None, report: Callable[[str], None] | None = None) -> dict:
    """Rebuild the index from the database; the backend switches to it at once, then what
    changed while it was built is applied again."""
    registry = _registry()
    names = list(types or registry.types)
    unknown = [n for n in names if n not in registry.types]
    if unknown:
        raise KeyError(", ".join(unknown))
    start = db.session.scalar(select(func.coalesce(func.max(SearchOutbox.id), 0)))
    began = time.monotonic()

    def batches():
        for name in names:
            doc_type = registry.types[name]
            for keys in doc_type.batches():
                yield doc_type.load([str(k) for k in keys])
            if report:
                report(f"{name}: read in {time.monotonic() - began:.1f} s")

    counts = backend().rebuild(batches(), types=None if types is None else names)
    catch_up = db.session.execute(
        select(SearchOutbox.doc_type, SearchOutbox.key).where(SearchOutbox.id > start).order_by(SearchOutbox.id)
    ).all()
    if catch_up:
        apply_changes([(kind, key) for kind, key in catch_up])
    db.session.commit()
    return {"documents": counts, "caught_up": len(catch_up), "seconds": round(time.monotonic() - began, 1)}


def status() -> dict:
    out = backend().status()
    out["database"] = {name: t.count() for name, t in document_types().items() if t.count}
    out["outbox"] = outbox_lag()
    return out


def health() -> dict:
    """For /healthz: is the backend answering, and is the outbox keeping up."""
    state = backend().state()
    try:
        state["outbox"] = outbox_lag()
    except Exception:  # the database check reports the database
        db.session.rollback()
    return state


# -- synonyms -----------------------------------------------------------------------------


def synonyms() -> search.Synonyms:
    """The staff's synonym list as the backends read it (cached up to 30 s per process)."""

    def build():
        groups = [split_synonyms(t) for t in db.session.scalars(select(Synonym.terms))]
        return search.Synonyms(groups)

    return SYNONYMS.get_or_set("all", build)


def generation():
    """What a cached results page depends on beyond its address: the index's generation and the
    synonym list; None when the backend cannot say cheaply (Elasticsearch: no page cache)."""
    engine = backend()
    if not hasattr(engine, "generation"):
        return None
    try:
        return (engine.generation(), synonyms().version)
    except Exception:  # the search itself will say it is degraded
        log.warning("search generation unknown", exc_info=True)
        return None


def synonyms_changed() -> None:
    cache.changed("search_synonyms")


# -- the results page and the API ---------------------------------------------------------


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    selected: bool
    depth: int = 0


@dataclass(frozen=True)
class FacetView:
    """How a facet shows: ``options(counts, selected)`` → ``Option``s in order; ``expand``
    turns what a visitor picked into the values filtered by (a category and those below it)."""

    name: str
    label: object
    kind: str
    options: Callable[[dict, list], list] | None = None
    expand: Callable[[list], list] | None = None


@dataclass(frozen=True)
class Presentation:
    """How a face shows its hits: ``cards(keys)`` → {key: read model} through its public read
    path, ``template`` renders one (``hit``, ``card``), ``url(card)`` for the API."""

    type_name: str
    label: object
    template: str
    cards: Callable[[list[str]], dict]
    url: Callable[[object], str]
    title: Callable[[object], str]
    facets: tuple = ()


def present(app, presentation: Presentation) -> None:
    app.extensions.setdefault("tradewindow_search_pages", {})[presentation.type_name] = presentation


def presentations(app=None) -> dict[str, Presentation]:
    return (app or current_app).extensions.get("tradewindow_search_pages", {})


PER_PAGE = 20
MAX_QUERY = 200


@dataclass
class Asked:
    """A visitor's search as read from the query string, with what could not be read."""

    text: str
    tab: str  # "" for every type
    sort: str
    page: int
    chosen: dict  # facet name → list of values, or (low, high), or True
    problems: list


def read_request(args) -> Asked:
    from core.pagination import page_number

    text = " ".join((args.get("q") or "").split())[:MAX_QUERY]
    shown = presentations()
    tab = args.get("type") or ""
    if tab not in shown:
        tab = ""
    sort = args.get("sort") or "relevance"
    if sort not in search.model.SORTS or (sort in ("price", "-price") and tab != "product"):
        sort = "relevance"
    chosen: dict = {}
    problems: list = []
    for facet in _facet_views(tab):
        if facet.kind == "number":
            bounds = []
            for end in ("min", "max"):
                raw = (args.get(f"{facet.name}_{end}") or "").strip()
                if not raw:
                    bounds.append(None)
                    continue
                try:
                    value = float(raw.replace(",", ""))
                    if value != value or abs(value) > 1e12:
                        raise ValueError
                    bounds.append(value)
                except ValueError:
                    problems.append(_l("%(what)s: enter a number.", what=facet.label))
                    bounds.append(None)
            if bounds != [None, None]:
                chosen[facet.name] = tuple(bounds)
        elif facet.kind == "flag":
            if args.get(facet.name) in ("1", "true", "on"):
                chosen[facet.name] = True
        else:
            values = [v[:64] for v in args.getlist(facet.name) if v and len(v) <= 64][:20]
            if values:
                chosen[facet.name] = values
    return Asked(text, tab, sort, page_number(), chosen, problems)


def _facet_views(tab: str) -> list[FacetView]:
    seen: dict[str, FacetView] = {}
    for name, presentation in presentations().items():
        if tab and name != tab:
            continue
        for facet in presentation.facets:
            seen.setdefault(facet.name, facet)
    return list(seen.values())


@dataclass
class Found:
    asked: Asked
    result: search.Result | None
    items: list  # (hit, card, presentation)
    facets: list  # (FacetView, [Option]) or (FacetView, range)
    degraded: bool = False

    @property
    def total(self) -> int:
        return self.result.total if self.result else 0


def find(asked: Asked) -> Found:
    """Run a visitor's search: the backend's hits as the faces' cards, the facets as options."""
    shown = presentations()
    filters = {}
    views = {f.name: f for f in _facet_views(asked.tab)}
    for name, value in asked.chosen.items():
        view = views[name]
        filters[name] = view.expand(value) if view.expand and isinstance(value, list) else value
    request_ = search.Request(
        asked.text,
        types=(asked.tab,) if asked.tab else tuple(shown),
        filters=filters,
        sort=asked.sort,
        offset=(asked.page - 1) * PER_PAGE,
        limit=PER_PAGE,
    )
    try:
        result = backend().search(request_, synonyms=synonyms())
    except search.SearchUnavailable:
        log.warning("search backend unavailable", exc_info=True)
        return Found(asked, None, [], [], degraded=True)
    items = []
    by_type: dict[str, list] = defaultdict(list)
    for hit in result.hits:
        by_type[hit.type].append(hit.key)
    cards = {name: shown[name].cards(keys) for name, keys in by_type.items() if name in shown}
    for hit in result.hits:
        card = cards.get(hit.type, {}).get(hit.key)
        if card is not None:  # not public any more since the index last heard: left out
            items.append((hit, card, shown[hit.type]))
    facets = []
    for view in views.values():
        if view.kind == "number":
            facets.append((view, result.ranges.get(view.name)))
            continue
        counts = result.facets.get(view.name, {})
        chosen = asked.chosen.get(view.name)
        if view.kind == "flag":
            facets.append((view, [Option("1", str(view.label), counts.get("true", 0), bool(chosen))]))
            continue
        selected = chosen or []
        options = (
            view.options(counts, selected)
            if view.options
            else [Option(value, value, count, value in selected) for value, count in sorted(counts.items())]
        )
        facets.append((view, options))
    return Found(asked, result, items, facets)
