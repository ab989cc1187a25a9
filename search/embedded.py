"""The embedded backend: an index of its own in a SQLite file under ``instance/search/``,
whatever database the application uses.

How it keeps a million products fast on one machine:

- **Postings** — for every term, the sorted internal ids of the documents that hold it and, per
  id, a byte whose bits say in which text fields it stands — are kept as two arrays in one row
  (``postings``). Reading the 100,000 ids of a common term is one row; intersections, points,
  filters and facet counts are NumPy operations on arrays, never a loop over matches.
- **Changes** go to ``pending`` (one row per term and document) and are read beside the
  postings; a merge folds them in when they grow. A changed document gets a new internal id
  (the old one is dead), so merged arrays stay sorted by appending, and dead ids cost nothing
  but space until the next rebuild.
- **Doc values** (type, facets, verification, tier, responsiveness, dates, price) live in NumPy
  columns in each process, loaded once from a snapshot and kept current from the ``changes``
  log: a search first asks the log whether anything changed (one indexed read).
- **Rebuild** writes a new file and then replaces the ``current`` pointer in one rename; a
  search sees either the old index or the new one, never a half-built one.
- **An older file** is brought up to date when it is opened (``_upgrade``), in place and in a
  moment: a column added since (``docs.responsive``) is added with its "no" default, which is
  what every document written before it was; a snapshot of an older format is read as it was
  written. Nothing needs a rebuild, and a process of the older version can keep using the file.
"""

from __future__ import annotations

import bisect
import io
import json
import logging
import os
import re
import sqlite3
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from search.analysis import Marker, index_terms, normalize, pinyin_terms
from search.model import (
    FRESH_DAYS,
    FRESH_POINTS,
    MAX_TAGS,
    PINYIN,
    RESPONSIVE_POINTS,
    TIER_POINTS,
    VERIFIED_POINTS,
    Document,
    DocumentType,
    Hit,
    Request,
    Result,
    Suggestion,
    Synonyms,
    document_words as _words,
    facets_of as _facets_of,
    field_terms,
    max_typo_distance,
    plan,
    snippets,
)
from search.words import suggestion_words

log = logging.getLogger(__name__)
MERGE_AT = 200_000  # pending postings before a merge
SNAPSHOT_FORMAT = 3  # a snapshot of a format not in SNAPSHOT_COLUMNS is not read (the columns load from the rows)
# What each readable snapshot format holds beside the facet columns; a column a format lacks was
# not in the index when it was written (2: before ``responsive``, so every document's is 0).
SNAPSHOT_COLUMNS = {
    2: ("type_code", "verified", "tier", "updated", "price"),
    3: ("type_code", "verified", "tier", "responsive", "updated", "price"),
}
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS docs (
    docid INTEGER PRIMARY KEY, type TEXT NOT NULL, key TEXT NOT NULL, texts TEXT NOT NULL,
    coded TEXT NOT NULL, verified INTEGER NOT NULL, tier INTEGER NOT NULL, updated REAL NOT NULL,
    price REAL, words TEXT NOT NULL, responsive INTEGER NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX IF NOT EXISTS docs_key ON docs (type, key);
CREATE TABLE IF NOT EXISTS postings (term TEXT PRIMARY KEY, ids BLOB NOT NULL, masks BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pending (term TEXT NOT NULL, docid INTEGER NOT NULL, mask INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS pending_term ON pending (term, docid);
CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, docid INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS codes (facet TEXT NOT NULL, value TEXT NOT NULL, code INTEGER NOT NULL,
    PRIMARY KEY (facet, value)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS words (key TEXT NOT NULL, display TEXT NOT NULL, type TEXT NOT NULL,
    weight INTEGER NOT NULL, PRIMARY KEY (key, display, type)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshot (name TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
"""


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, path: str, refresh: float = 30.0):
        """``path``: the directory of the index files; ``refresh``: at most how old the
        suggestions and the typo vocabulary may be, in seconds."""
        self.path = path
        self.refresh = refresh
        self.types: dict[str, DocumentType] = {}
        self._local = threading.local()
        self._lock = threading.RLock()
        self._view: _View | None = None
        self._words: _Words | None = None

    # -- set-up --------------------------------------------------------------------------

    def register(self, doc_type: DocumentType) -> None:
        self.types[doc_type.name] = doc_type
        self._view = None

    def _pointer(self) -> str:
        return os.path.join(self.path, "current")

    def _current_file(self) -> str:
        try:
            with open(self._pointer(), encoding="utf-8") as handle:
                return os.path.join(self.path, handle.read().strip())
        except FileNotFoundError:
            os.makedirs(self.path, exist_ok=True)
            self._point_to("index-0.sqlite3")
            return os.path.join(self.path, "index-0.sqlite3")

    def _point_to(self, name: str) -> None:
        temporary = self._pointer() + f".{os.getpid()}.tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(name)
        os.replace(temporary, self._pointer())  # atomic: readers see the old or the new name

    def _db(self) -> sqlite3.Connection:
        """This thread's connection to the current index file (reopened after a rebuild)."""
        try:
            stamp = os.stat(self._pointer()).st_mtime_ns
        except FileNotFoundError:
            stamp = None
        local = self._local
        if getattr(local, "stamp", object()) != stamp or getattr(local, "db", None) is None:
            file = self._current_file()
            stamp = os.stat(self._pointer()).st_mtime_ns
            local.db = _connect(file)
            local.stamp = stamp
            local.file = file
        return local.db

    # -- writing -------------------------------------------------------------------------

    def index(self, documents: Iterable[Document]) -> int:
        """Add or replace documents. Returns how many were written."""
        latest = {(d.type, d.key): d for d in documents if d.type in self.types}  # the last of a key wins
        documents = list(latest.values())
        if not documents:
            return 0
        db = self._db()
        with self._lock, _transaction(db):
            first = _meta(db, "next_docid", 1)
            for document in documents:
                self._drop(db, document.type, [document.key])
            analyzed = _analyze(first, [(d.type, d.texts) for d in documents], self.types, _Numbering())
            self._insert(db, documents, analyzed, _Codes(db))
            _set_meta(db, "next_docid", first + len(documents))
            _bump(db)
        self._after_write(db)
        return len(documents)

    def remove(self, type_name: str, keys: Iterable[str]) -> int:
        db = self._db()
        with self._lock, _transaction(db):
            gone = self._drop(db, type_name, list(keys))
            if gone:
                _bump(db)
        return gone

    def _drop(self, db, type_name: str, keys: list[str]) -> int:
        gone = 0
        for key in keys:
            row = db.execute("SELECT docid, words FROM docs WHERE type = ? AND key = ?", (type_name, key)).fetchone()
            if row is None:
                continue
            docid, words = row
            db.execute("DELETE FROM docs WHERE docid = ?", (docid,))
            db.execute("INSERT INTO changes (docid) VALUES (?)", (docid,))
            db.executemany(
                "UPDATE words SET weight = weight - 1 WHERE key = ? AND display = ? AND type = ?",
                [(k, d, type_name) for k, d in json.loads(words)],
            )
            gone += 1
        return gone

    def _insert(self, db, documents: list[Document], analyzed, codes: _Codes) -> None:
        """Write what ``_analyze`` made of ``documents`` as pending postings, words and rows."""
        postings, made, words = analyzed
        db.executemany(
            "INSERT INTO pending (term, docid, mask) VALUES (?, ?, ?)",
            (
                (term, docid, mask)
                for term, ids, masks in postings
                for docid, mask in zip(np.frombuffer(ids, dtype=np.int32).tolist(), masks, strict=True)
            ),
        )
        db.executemany(
            "INSERT INTO words (key, display, type, weight) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (key, display, type) DO UPDATE SET weight = weight + excluded.weight",
            ((k, d, t, n) for (k, d, t), n in words.items()),
        )
        db.executemany(
            "INSERT INTO docs (docid, type, key, texts, coded, verified, tier, responsive, updated, price, words) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    docid,
                    document.type,
                    document.key,
                    texts_json,
                    json.dumps(codes.encode(self.types[document.type], document.values)),
                    int(bool(document.verified)),
                    int(document.tier or 0),
                    int(bool(document.responsive)),
                    float(document.updated or 0),
                    None if document.price is None else float(document.price),
                    words_json,
                )
                for document, (docid, texts_json, words_json) in zip(documents, made, strict=True)
            ),
        )
        db.executemany("INSERT INTO changes (docid) VALUES (?)", ((row[0],) for row in made))

    def _after_write(self, db) -> None:
        pending = db.execute("SELECT count(*) FROM pending").fetchone()[0]
        if pending >= MERGE_AT:
            self.merge()

    def merge(self) -> int:
        """Fold pending postings into the postings arrays (dropping dead ids of those terms)."""
        db = self._db()
        with self._lock:
            view = self._sync(db)
            with _transaction(db):
                rows = db.execute("SELECT term, docid, mask FROM pending ORDER BY term, docid").fetchall()
                merged = 0
                for term, group in _grouped(rows):
                    base = db.execute("SELECT ids, masks FROM postings WHERE term = ?", (term,)).fetchone()
                    ids = np.array([g[1] for g in group], dtype=np.int32)
                    masks = np.array([g[2] for g in group], dtype=np.uint8)
                    if base is not None:
                        old_ids = np.frombuffer(base[0], dtype=np.int32)
                        old_masks = np.frombuffer(base[1], dtype=np.uint8)
                        keep = view.alive(old_ids)
                        ids = np.concatenate([old_ids[keep], ids])
                        masks = np.concatenate([old_masks[keep], masks])
                    keep = view.alive(ids)
                    db.execute(
                        "INSERT OR REPLACE INTO postings (term, ids, masks) VALUES (?, ?, ?)",
                        (term, ids[keep].tobytes(), masks[keep].tobytes()),
                    )
                    merged += 1
                db.execute("DELETE FROM pending")
                db.execute("DELETE FROM words WHERE weight <= 0")
                _bump(db)
        return merged

    def rebuild(
        self, batches: Iterable[list[Document]], types: list[str] | None = None, chunk: int = 100_000, workers: int = 0
    ) -> dict:
        """Build a whole new index from ``batches`` of documents, then switch to it at once.
        With ``types``, only those types are replaced, in one transaction (readers see the old
        documents until it commits).

        The texts are analyzed in ``workers`` processes (0: one per core) once a second batch
        arrives, while this process reads the next batches and writes what the workers made.
        """
        if types is not None and set(types) != set(self.types):
            return self._replace(batches, types)
        os.makedirs(self.path, exist_ok=True)
        name = f"index-{time.strftime('%Y%m%dT%H%M%S')}-{os.urandom(4).hex()}.sqlite3"
        file = os.path.join(self.path, name)
        db = _connect(file)
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("CREATE TABLE build (term TEXT NOT NULL, part INTEGER NOT NULL, ids BLOB, masks BLOB)")
        codes = _Codes(db)
        view = _View(self.types)  # the doc values, filled as documents come, saved as the snapshot
        began = time.monotonic()
        state = {"docid": 1, "part": 0, "pending": 0}
        counts: Counter = Counter()
        words_count: Counter = Counter()
        buffer: dict[str, list[bytes]] = defaultdict(list)
        rows: list[tuple] = []

        def flush():
            nonlocal buffer, rows
            with _transaction(db):
                db.executemany(
                    "INSERT INTO docs (docid, type, key, texts, coded, verified, tier, responsive, updated, price,"
                    " words) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
                part = state["part"]
                db.executemany(
                    "INSERT INTO build (term, part, ids, masks) VALUES (?, ?, ?, ?)",
                    ((t, part, b"".join(pieces[0::2]), b"".join(pieces[1::2])) for t, pieces in buffer.items()),
                )
            state["part"] += 1
            state["pending"] = 0
            buffer = defaultdict(list)
            rows = []

        def take(documents: list[Document], analyzed) -> None:
            postings, made, words = analyzed
            for term, ids, masks in postings:
                slot = buffer[term]
                slot.append(ids)
                slot.append(masks)
            words_count.update(words)
            for document, (docid, texts_json, words_json) in zip(documents, made, strict=True):
                coded = codes.encode(self.types[document.type], document.values)
                verified, tier = int(bool(document.verified)), int(document.tier or 0)
                responsive = int(bool(document.responsive))
                updated, price = float(document.updated or 0), None if document.price is None else float(document.price)
                row = (docid, document.type, document.key, texts_json, json.dumps(coded), verified, tier, responsive)
                rows.append((*row, updated, price, words_json))
                view.put(docid, document.type, coded, verified, tier, responsive, updated, price)  # not read back
                counts[document.type] += 1
            state["pending"] += len(documents)
            if state["pending"] >= chunk:
                flush()

        with _Analysts(self.types, workers) as analysts:
            for batch in batches:
                documents = [d for d in batch if d.type in self.types]
                if not documents:
                    continue
                first = state["docid"]
                state["docid"] += len(documents)
                for done in analysts.submit(first, documents):
                    take(*done)
            for done in analysts.finish():
                take(*done)
        flush()
        log.info("rebuild: %d documents analyzed in %.1f s", state["docid"] - 1, time.monotonic() - began)
        docid = state["docid"]
        with _transaction(db):
            db.execute("CREATE INDEX build_term ON build (term, part)")
            cursor = db.execute("SELECT term, ids, masks FROM build ORDER BY term, part")
            out = []
            for term, group in _grouped(cursor):
                ids = b"".join(g[1] for g in group)
                masks = b"".join(g[2] for g in group)
                out.append((term, ids, masks))
                if len(out) >= 5000:
                    db.executemany("INSERT INTO postings (term, ids, masks) VALUES (?, ?, ?)", out)
                    out = []
            db.executemany("INSERT INTO postings (term, ids, masks) VALUES (?, ?, ?)", out)
            db.execute("DROP TABLE build")
            db.executemany(
                "INSERT INTO words (key, display, type, weight) VALUES (?, ?, ?, ?)",
                ((k, d, t, n) for (k, d, t), n in words_count.items()),
            )
            _set_meta(db, "next_docid", docid)
            _bump(db)
        log.info("rebuild: postings and words written at %.1f s", time.monotonic() - began)
        view._load_values(db)
        view.save(db)
        log.info("rebuild: doc values at %.1f s", time.monotonic() - began)
        db.execute("PRAGMA journal_mode = WAL")
        db.close()
        old = self._current_file() if os.path.exists(self._pointer()) else None
        self._point_to(name)
        if old and os.path.abspath(old) != os.path.abspath(file):
            for suffix in ("", "-wal", "-shm"):
                try:
                    os.remove(old + suffix)
                except FileNotFoundError:
                    pass
        return dict(counts)

    def _replace(self, batches: Iterable[list[Document]], types: list[str]) -> dict:
        db = self._db()
        counts: Counter = Counter()
        with self._lock, _transaction(db):
            codes = _Codes(db)
            for name in types:
                keys = [k for (k,) in db.execute("SELECT key FROM docs WHERE type = ?", (name,))]
                self._drop(db, name, keys)
            next_id = _meta(db, "next_docid", 1)
            numbering = _Numbering()
            for batch in batches:
                documents = list({(d.type, d.key): d for d in batch if d.type in types}.values())
                for document in documents:
                    self._drop(db, document.type, [document.key])
                    counts[document.type] += 1
                analyzed = _analyze(next_id, [(d.type, d.texts) for d in documents], self.types, numbering)
                self._insert(db, documents, analyzed, codes)
                next_id += len(documents)
            _set_meta(db, "next_docid", next_id)
            _bump(db)
        self._after_write(db)
        return dict(counts)

    def clear(self) -> None:
        """Forget every document (tests; a rebuild is the way in production)."""
        db = self._db()
        with self._lock, _transaction(db):
            for table in ("docs", "postings", "pending", "codes", "words", "snapshot"):
                db.execute(f"DELETE FROM {table}")  # noqa: S608 - our own table names
            _set_meta(db, "epoch", _meta(db, "epoch", 0) + 1)
            _bump(db)

    # -- reading -------------------------------------------------------------------------

    def _sync(self, db) -> _View:
        with self._lock:
            view = self._view
            epoch = _meta(db, "epoch", 0)
            if view is None or view.file != self._local.file or view.epoch != epoch:
                view = _View(self.types)
                view.file = self._local.file
                view.epoch = epoch
                view.load(db)
                self._view = view
                self._words = None
            else:
                view.catch_up(db)
            return view

    def search(self, request: Request, synonyms: Synonyms | None = None) -> Result:
        db = self._db()
        view = self._sync(db)
        wanted = [t for t in (request.types or tuple(self.types)) if t in self.types]
        clauses, corrected = plan(request.text, synonyms, lambda word: self._near(db, word))
        single = len(wanted) == 1 and len(wanted) < len(self.types)
        if clauses:
            ids, points = self._match(db, view, clauses)
            type_codes = view.type_code[ids]
            per_type = np.bincount(type_codes + 1, minlength=len(self.types) + 1)
        else:
            # Without words, a search of one type starts from that type's documents (the finder
            # of 20,000 policies beside a million products), kept until the view changes.
            ids = view.live(view.type_index[wanted[0]] if single else None)
            points = np.zeros(len(ids), dtype=np.float32)
            type_codes = None if single else view.type_code[ids]
            per_type = view.live_counts()
        type_counts = {t: int(per_type[view.type_index[t] + 1]) for t in self.types}
        if len(wanted) == len(self.types):
            in_types = None
        elif single and type_codes is None:
            in_types = None  # ids are of that type only
        elif len(wanted) == 1:
            in_types = type_codes == view.type_index[wanted[0]]
        else:
            in_types = np.isin(type_codes, [view.type_index[t] for t in wanted])
        masks = {name: view.filter_mask(name, value, ids) for name, value in request.filters.items()}
        masks = {name: mask for name, mask in masks.items() if mask is not None}
        facets: dict[str, dict[str, int]] = {}
        ranges: dict[str, tuple[float, float]] = {}
        if request.facets:
            selections: dict[tuple, np.ndarray] = {}  # facets whose other filters are the same share one
            for facet in _facets_of(self.types, wanted):
                others = tuple(name for name in masks if name != facet.name)
                chosen_ids = selections.get(others)
                if chosen_ids is None:
                    chosen_ids = selections[others] = ids[_combined(in_types, [masks[n] for n in others], len(ids))]
                if facet.kind == "number":
                    span = view.range(facet.name, chosen_ids)
                    if span:
                        ranges[facet.name] = span
                else:
                    facets[facet.name] = view.count(facet.name, facet.kind, chosen_ids)
        selected = _combined(in_types, list(masks.values()), len(ids))
        chosen = ids[selected]
        scores = points[selected] + view.boosts(chosen)
        total = len(chosen)
        order = view.order(chosen, scores, request.sort, request.offset + request.limit)
        page = order[request.offset : request.offset + request.limit]
        hits = self._hits(db, chosen[page], scores[page], clauses if request.snippets else None)
        return Result(hits, total, type_counts, facets, ranges, corrected)

    def _postings(self, db, term: str) -> tuple[np.ndarray, np.ndarray]:
        row = db.execute("SELECT ids, masks FROM postings WHERE term = ?", (term,)).fetchone()
        extra = db.execute("SELECT docid, mask FROM pending WHERE term = ? ORDER BY docid", (term,)).fetchall()
        ids = np.frombuffer(row[0], dtype=np.int32) if row else np.empty(0, dtype=np.int32)
        masks = np.frombuffer(row[1], dtype=np.uint8) if row else np.empty(0, dtype=np.uint8)
        if extra:
            more = np.array(extra, dtype=np.int64)
            ids = np.concatenate([ids, more[:, 0].astype(np.int32)])
            masks = np.concatenate([masks, more[:, 1].astype(np.uint8)])
        return ids, masks

    def _match(self, db, view: _View, clauses) -> tuple[np.ndarray, np.ndarray]:
        """The ids every clause matches (sorted) and their text points.

        Lists of ids stay sorted, so clauses and the terms of an alternative intersect by binary
        search of the shorter list in the longer one; a clause whose alternatives hold many
        matches (a common word and its pinyin) takes the best of them in one dense array over
        the internal ids instead of sorting them together. Nothing sorts all matches.
        """
        top = view.top
        result: tuple[np.ndarray, np.ndarray] | None = None
        for clause in clauses:
            found = []
            for alternative in clause.alternatives:
                prefix = PINYIN if alternative.stream == "pinyin" else ""
                lists = [self._postings(db, prefix + term) for term in dict.fromkeys(alternative.terms)]
                lists.sort(key=lambda pair: len(pair[0]))  # the rarest term first: the rest only narrow it
                ids, masks = lists[0]
                inside = ids < top
                ids, masks = ids[inside], masks[inside]
                for more_ids, more_masks in lists[1:]:
                    if not len(ids):
                        break
                    at, hit = _find(more_ids, ids)
                    ids, masks = ids[hit], masks[hit] & more_masks[at[hit]]
                    keep = masks != 0  # all terms of an alternative in one field
                    ids, masks = ids[keep], masks[keep]
                if not len(ids):
                    continue
                points = view.points(ids, masks) * np.float32(alternative.weight)
                alive = points > 0  # the dead earn nothing
                found.append((ids[alive], points[alive]))
            clause_ids, clause_points = _best(found, top)
            if result is None:
                result = (clause_ids, clause_points)
            else:
                at, hit = _find(result[0], clause_ids)
                result = (clause_ids[hit], clause_points[hit] + result[1][at[hit]])
            if not len(result[0]):
                break
        return result

    def _hits(self, db, ids: np.ndarray, scores: np.ndarray, clauses) -> list[Hit]:
        """The hits of these ids, with snippets of ``clauses`` (None: no snippets, nor texts read)."""
        if not len(ids):
            return []
        marks = ",".join("?" * len(ids))
        columns = "docid, type, key" if clauses is None else "docid, type, key, texts"
        rows = {
            row[0]: row
            for row in db.execute(
                f"SELECT {columns} FROM docs WHERE docid IN ({marks})",  # noqa: S608 - only ?s
                [int(i) for i in ids],
            )
        }
        marker = None if clauses is None else Marker(clauses)
        hits = []
        for docid, score in zip(ids.tolist(), scores.tolist(), strict=True):
            if docid not in rows:  # removed by a write since this search read the doc values
                continue
            row = rows[docid]
            type_name, key = row[1], row[2]
            marked = {} if marker is None else snippets(self.types[type_name], json.loads(row[3]), marker)
            hits.append(Hit(type_name, key, round(score, 3), marked))
        return hits

    def _words_view(self, db) -> _Words:
        with self._lock:
            words = self._words
            generation = _meta(db, "generation", 0)
            if words is None or (words.generation != generation and time.monotonic() - words.loaded >= self.refresh):
                words = _Words(db, generation)
                self._words = words
            return words

    def _near(self, db, word: str) -> list[str]:
        limit = max_typo_distance(word)
        if not limit:
            return []
        stem = index_terms(word)
        if stem and (self._known(db, stem[0])):
            return []
        return self._words_view(db).near(word, limit)

    def _known(self, db, term: str) -> bool:
        return bool(
            db.execute("SELECT 1 FROM postings WHERE term = ?", (term,)).fetchone()
            or db.execute("SELECT 1 FROM pending WHERE term = ? LIMIT 1", (term,)).fetchone()
        )

    def generation(self) -> tuple:
        """Changes whenever what a search can find changes (a write, a rebuild, a clear): a
        cached results page keyed by it is never stale."""
        db = self._db()
        return (self._local.file, _meta(db, "epoch", 0), _meta(db, "generation", 0))

    def suggest(self, prefix: str, types: tuple[str, ...] = (), limit: int = 8) -> list[Suggestion]:
        db = self._db()
        return self._words_view(db).suggest(prefix, types, limit)

    # -- health --------------------------------------------------------------------------

    def state(self) -> dict:
        try:
            db = self._db()
            db.execute("SELECT 1 FROM meta LIMIT 1").fetchall()
        except (sqlite3.Error, OSError) as exc:
            return {"backend": self.name, "ok": False, "error": type(exc).__name__}
        return {"backend": self.name, "ok": True}

    def status(self) -> dict:
        db = self._db()
        view = self._sync(db)
        counts = {t: int(np.count_nonzero(view.type_code == view.type_index[t])) for t in self.types}
        return {
            "backend": self.name,
            "file": self._local.file,
            "documents": counts,
            "pending_postings": db.execute("SELECT count(*) FROM pending").fetchone()[0],
            "size_bytes": os.path.getsize(self._local.file),
        }


def _find(haystack: np.ndarray, needles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of ``needles`` stands in the sorted ``haystack`` (positions, and whether it is
    there at all)."""
    if not len(haystack):
        return np.zeros(len(needles), dtype=np.int64), np.zeros(len(needles), dtype=bool)
    at = np.searchsorted(haystack, needles)
    np.minimum(at, len(haystack) - 1, out=at)
    return at, haystack[at] == needles


def _best(found: list[tuple[np.ndarray, np.ndarray]], top: int) -> tuple[np.ndarray, np.ndarray]:
    """The union of a clause's alternatives (sorted ids), each id with its best points."""
    if not found:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    if len(found) == 1:
        return found[0]
    if sum(len(ids) for ids, _ in found) * 8 > top:  # many: one dense array
        best = np.zeros(top, dtype=np.float32)
        for ids, points in found:
            best[ids] = np.maximum(best[ids], points)
        ids = np.flatnonzero(best)
        return ids, best[ids]
    ids = np.concatenate([ids for ids, _ in found])
    points = np.concatenate([points for _, points in found])
    order = np.lexsort((-points, ids))
    ids, points = ids[order], points[order]
    first = np.ones(len(ids), dtype=bool)
    first[1:] = ids[1:] != ids[:-1]
    return ids[first], points[first]


def _combined(base: np.ndarray | None, masks: list[np.ndarray], size: int) -> np.ndarray | slice:
    """The AND of a type mask (None: every type) and filter masks; a slice of all when none."""
    if base is None and not masks:
        return slice(None)
    out = np.ones(size, dtype=bool) if base is None else base.copy()
    for mask in masks:
        out &= mask
    return out


def _grouped(rows):
    group: list = []
    current = None
    for row in rows:
        if row[0] != current and group:
            yield current, group
            group = []
        current = row[0]
        group.append(row)
    if group:
        yield current, group


def _connect(file: str) -> sqlite3.Connection:
    db = sqlite3.connect(file, timeout=30, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA busy_timeout = 30000")
    db.execute("PRAGMA mmap_size = 1073741824")
    db.execute("PRAGMA cache_size = -65536")
    db.executescript(SCHEMA)
    _upgrade(db)
    return db


# Columns added to ``docs`` since the first release, with the value every older row had.
ADDED_COLUMNS = {"responsive": "INTEGER NOT NULL DEFAULT 0"}


def _upgrade(db) -> None:
    """Bring a file written by an older version up to ``SCHEMA``: add the ``docs`` columns it
    lacks. ``ADD COLUMN`` with a constant default changes only the table's definition (no row is
    rewritten, so it takes a moment at a million documents), and every row reads the default,
    which is what the older version meant (no document was responsive before it was written
    down). The older version's statements name their columns, so it keeps working on the file."""
    if set(ADDED_COLUMNS) <= _columns(db):
        return
    with _transaction(db):  # another process may have been first: look again under the write lock
        for name in ADDED_COLUMNS:
            if name not in _columns(db):
                db.execute(f"ALTER TABLE docs ADD COLUMN {name} {ADDED_COLUMNS[name]}")
                log.info("search index %s: added docs.%s", db.execute("PRAGMA database_list").fetchone()[2], name)


def _columns(db) -> set[str]:
    """The columns ``docs`` has in this file."""
    return {row[1] for row in db.execute("PRAGMA table_info(docs)")}


class _transaction:
    def __init__(self, db):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, value, traceback):
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def _meta(db, key: str, default):
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return default if row is None else row[0]


def _set_meta(db, key: str, value) -> None:
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def _bump(db) -> None:
    _set_meta(db, "generation", _meta(db, "generation", 0) + 1)


class _Codes:
    """Facet values as small integers (kept in the index file)."""

    def __init__(self, db):
        self.db = db
        self.known: dict[tuple[str, str], int] = {}
        self.next: dict[str, int] = {}
        for facet, value, code in db.execute("SELECT facet, value, code FROM codes"):
            self.known[(facet, value)] = code
            self.next[facet] = max(self.next.get(facet, 0), code + 1)

    def code(self, facet: str, value) -> int:
        value = str(value)
        code = self.known.get((facet, value))
        if code is None:
            code = self.next.get(facet, 0)
            self.next[facet] = code + 1
            self.known[(facet, value)] = code
            self.db.execute("INSERT INTO codes (facet, value, code) VALUES (?, ?, ?)", (facet, value, code))
        return code

    def encode(self, doc_type: DocumentType, values: dict) -> dict:
        coded = {}
        for facet in doc_type.facets:
            value = values.get(facet.name)
            if value is None or value == "" or value == []:
                continue
            if facet.kind == "keyword":
                coded[facet.name] = self.code(facet.name, value)
            elif facet.kind == "tags":
                codes = list(dict.fromkeys(self.code(facet.name, item) for item in value))[:MAX_TAGS]
                coded[facet.name] = codes + [-1] * (MAX_TAGS - len(codes))
            elif facet.kind == "number":
                coded[facet.name] = float(value)
            else:
                coded[facet.name] = bool(value)
        return coded


class _View:
    """The doc values of every live document, as NumPy columns indexed by internal id."""

    def __init__(self, types: dict[str, DocumentType]):
        self.types = types
        self.type_index = {name: number for number, name in enumerate(types)}
        self.facet_kinds: dict[str, str] = {}
        for doc_type in types.values():
            for facet in doc_type.facets:
                self.facet_kinds.setdefault(facet.name, facet.kind)
        # points[type][mask]: the best field points among the mask's bits; the last row is the dead
        self.points_table = np.zeros((len(types) + 1, 256), dtype=np.float32)
        for name, number in self.type_index.items():
            fields = types[name].fields
            for mask in range(256):
                best = [f.points for bit, f in enumerate(fields) if mask & (1 << bit)]
                self.points_table[number, mask] = max(best) if best else 0.0
        self.file = None
        self.epoch = 0
        self.seq = 0
        self.top = 0  # one past the highest internal id held
        self.tag_slots: dict[str, int] = {}  # per tags facet: the most values a document has
        self.tier_points = np.zeros(max(TIER_POINTS) + 1, dtype=np.float32)
        for tier, points in TIER_POINTS.items():
            self.tier_points[tier] = points
        self.size = 0
        self._live: dict = {}  # live ids (all, or per type code) and counts per type, until a change
        self._allocate(1024)
        self.values: dict[str, dict[int, str]] = {}

    def live(self, code: int | None = None) -> np.ndarray:
        """The internal ids of live documents, of one type code or all (do not modify)."""
        found = self._live.get(code)
        if found is None:
            codes = self.type_code[: self.top]
            found = np.flatnonzero(codes >= 0) if code is None else np.flatnonzero(codes == code)
            self._live[code] = found
        return found

    def live_counts(self) -> np.ndarray:
        """Live documents per type code, shifted by one (index 0: the dead)."""
        found = self._live.get("counts")
        if found is None:
            codes = self.type_code[: self.top]
            found = self._live["counts"] = np.bincount(codes[codes >= 0] + 1, minlength=len(self.types) + 1)
        return found

    def _allocate(self, size: int) -> None:
        def grow(array, fill, dtype):
            new = np.full(size, fill, dtype=dtype)
            if array is not None:
                new[: len(array)] = array
            return new

        self._live = {}
        self.type_code = grow(getattr(self, "type_code", None), -1, np.int8)
        self.static = grow(getattr(self, "static", None), 0.0, np.float32)  # verified, tier, responsive
        self.verified = grow(getattr(self, "verified", None), False, bool)
        self.tier = grow(getattr(self, "tier", None), 0, np.int8)
        self.responsive = grow(getattr(self, "responsive", None), False, bool)
        self.updated = grow(getattr(self, "updated", None), 0.0, np.float64)
        self.price = grow(getattr(self, "price", None), np.nan, np.float64)
        columns = getattr(self, "columns", {})
        for name, kind in self.facet_kinds.items():
            if kind == "tags":  # MAX_TAGS rows of codes (slot-major: a slot's codes are contiguous)
                old = columns.get(name)
                new = np.full((MAX_TAGS, size), -1, dtype=np.int32)
                if old is not None:
                    new[:, : old.shape[1]] = old
                columns[name] = new
                continue
            dtype, fill = {"keyword": (np.int32, -1), "number": (np.float64, np.nan), "flag": (bool, False)}[kind]
            columns[name] = grow(columns.get(name), fill, dtype)
        self.columns = columns
        self.size = size

    def _ensure(self, docid: int) -> None:
        if docid >= self.size:
            size = self.size
            while size <= docid:
                size *= 2
            self._allocate(size)

    def load(self, db) -> None:
        self.seq = db.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]
        snapshot = dict(db.execute("SELECT name, data FROM snapshot").fetchall())
        meta = json.loads(snapshot["meta"]) if "meta" in snapshot else {}
        if meta.get("types") == list(self.type_index) and meta.get("format") in SNAPSHOT_COLUMNS:
            self._allocate(max(meta["size"], 1024))
            for name in SNAPSHOT_COLUMNS[meta["format"]]:  # a column the format lacks stays at its fill
                data = np.load(io.BytesIO(snapshot[name]))
                getattr(self, name)[: len(data)] = data
            for name in self.columns:
                if name in snapshot:
                    data = np.load(io.BytesIO(snapshot[name]))
                    if self.facet_kinds[name] == "tags":
                        self.columns[name][:, : data.shape[1]] = data
                        filled = np.count_nonzero(data >= 0, axis=0)
                        self.tag_slots[name] = int(filled.max()) if filled.size else 0
                    else:
                        self.columns[name][: len(data)] = data
            self.seq = meta["seq"]
            self.top = meta["size"]
            top = self.top
            self.static[:top] = self._static(self.verified[:top], self.tier[:top], self.responsive[:top])
            self.catch_up(db)
        else:
            for row in db.execute("SELECT docid, type, coded, verified, tier, responsive, updated, price FROM docs"):
                self._set(row)
        self._live = {}
        self._load_values(db)

    def save(self, db) -> None:
        """Write the columns as a snapshot, so a new process loads them in one read."""
        live = np.nonzero(self.type_code >= 0)[0]
        size = int(live[-1]) + 1 if len(live) else 0
        meta = {"seq": self.seq, "size": size, "types": list(self.type_index), "format": SNAPSHOT_FORMAT}
        items = {"meta": json.dumps(meta).encode()}
        for name in SNAPSHOT_COLUMNS[SNAPSHOT_FORMAT]:
            items[name] = _npy(getattr(self, name)[:size])
        for name, column in self.columns.items():
            items[name] = _npy(column[:, :size] if column.ndim == 2 else column[:size])
        with _transaction(db):
            db.execute("DELETE FROM snapshot")
            db.executemany("INSERT INTO snapshot (name, data) VALUES (?, ?)", items.items())

    def catch_up(self, db) -> None:
        latest = db.execute("SELECT max(seq) FROM changes").fetchone()[0] or 0
        if latest == self.seq:
            return
        rows = db.execute(
            "SELECT c.docid, d.type, d.coded, d.verified, d.tier, d.responsive, d.updated, d.price FROM changes c "
            "LEFT JOIN docs d ON d.docid = c.docid WHERE c.seq > ? AND c.seq <= ? ORDER BY c.seq",
            (self.seq, latest),
        ).fetchall()
        for row in rows:
            if row[1] is None:
                if row[0] < self.size:
                    self.type_code[row[0]] = -1
                    self._live = {}
            else:
                self._set(row)
        self.seq = latest
        self._load_values(db)

    def _set(self, row) -> None:
        docid, type_name, coded, verified, tier, responsive, updated, price = row
        self.put(docid, type_name, json.loads(coded), verified, tier, responsive, updated, price)

    def put(self, docid: int, type_name: str, coded: dict, verified, tier, responsive, updated, price) -> None:
        if type_name not in self.type_index:
            return
        self._ensure(docid)
        if self._live:
            self._live = {}
        self.top = max(self.top, docid + 1)
        self.type_code[docid] = self.type_index[type_name]
        self.verified[docid] = bool(verified)
        self.tier[docid] = tier
        self.responsive[docid] = bool(responsive)
        self.static[docid] = (
            VERIFIED_POINTS * bool(verified)
            + self.tier_points[min(max(int(tier), 0), len(self.tier_points) - 1)]
            + RESPONSIVE_POINTS * bool(responsive)
        )
        self.updated[docid] = updated
        self.price[docid] = np.nan if price is None else price
        for name, value in coded.items():
            if name not in self.columns:
                continue
            if self.facet_kinds[name] == "tags":
                self.columns[name][:, docid] = value
                self.tag_slots[name] = max(self.tag_slots.get(name, 0), sum(1 for v in value if v >= 0))
            else:
                self.columns[name][docid] = value

    def _load_values(self, db) -> None:
        values: dict[str, dict[int, str]] = defaultdict(dict)
        for facet, value, code in db.execute("SELECT facet, value, code FROM codes"):
            values[facet][code] = value
        self.values = values

    def _static(self, verified: np.ndarray, tier: np.ndarray, responsive: np.ndarray) -> np.ndarray:
        tiers = np.clip(tier.astype(np.int64), 0, len(self.tier_points) - 1)
        points = verified * np.float32(VERIFIED_POINTS) + self.tier_points[tiers]
        return (points + responsive * np.float32(RESPONSIVE_POINTS)).astype(np.float32)

    def alive(self, ids: np.ndarray) -> np.ndarray:
        inside = ids < self.size
        result = np.zeros(len(ids), dtype=bool)
        result[inside] = self.type_code[ids[inside]] >= 0
        return result

    def points(self, ids: np.ndarray, masks: np.ndarray) -> np.ndarray:
        """The best field points of each (id, mask); a dead id's type is -1: the last row, all 0."""
        return self.points_table[self.type_code[ids], masks]

    def boosts(self, ids: np.ndarray, now: float | None = None) -> np.ndarray:
        now = time.time() if now is None else now
        fresh = self.updated[ids] >= now - FRESH_DAYS * 86400
        return self.static[ids] + fresh * np.float32(FRESH_POINTS)

    def filter_mask(self, name: str, value, ids: np.ndarray) -> np.ndarray | None:
        kind = self.facet_kinds.get(name)
        if kind is None:
            return None
        if kind == "tags":
            wanted = [code for code, text in self.values.get(name, {}).items() if text in {str(v) for v in value}]
            mask = np.zeros(len(ids), dtype=bool)
            for slot in self.columns[name][: self.tag_slots.get(name, 0)]:
                mask |= np.isin(slot[ids], wanted)
            return mask
        column = self.columns[name][ids]
        if kind == "number":
            low, high = value
            mask = np.ones(len(ids), dtype=bool)
            if low is not None:
                mask &= column >= low
            if high is not None:
                mask &= column <= high
            return mask
        if kind == "flag":
            return column == bool(value)
        wanted = [code for code, text in self.values.get(name, {}).items() if text in {str(v) for v in value}]
        return np.isin(column, wanted)

    def count(self, name: str, kind: str, ids: np.ndarray) -> dict[str, int]:
        values = self.values.get(name, {})
        bins = max(values, default=-1) + 2
        if kind == "flag":
            return {"true": int(np.count_nonzero(self.columns[name][ids]))}
        if kind == "tags":  # every used slot's codes (a value is never twice in one document)
            counts = np.zeros(bins, dtype=np.int64)
            for slot in self.columns[name][: self.tag_slots.get(name, 0)]:
                counts += np.bincount(slot[ids] + 1, minlength=bins)[:bins]
        else:  # -1 (none) counts in bin 0
            counts = np.bincount(self.columns[name][ids] + 1, minlength=bins)
        return {values[code - 1]: int(n) for code, n in enumerate(counts) if code and n and code - 1 in values}

    def range(self, name: str, ids: np.ndarray) -> tuple[float, float] | None:
        column = self.columns[name][ids]
        column = column[~np.isnan(column)]
        return (float(column.min()), float(column.max())) if len(column) else None

    def order(self, ids: np.ndarray, scores: np.ndarray, sort: str, needed: int) -> np.ndarray:
        """Positions of the first ``needed`` documents in the sort, without sorting them all:
        a partition finds the cut, and only what stands before it is sorted."""
        if not len(ids):
            return np.empty(0, dtype=np.int64)
        updated = self.updated[ids]
        if sort == "newest":
            primary = -updated
        elif sort in ("price", "-price"):
            price = self.price[ids]
            primary = np.where(np.isnan(price), np.inf, price if sort == "price" else -price)
        else:  # the score, then the newest, in one integer (scores are multiples of 0.25)
            primary = -(np.rint(scores * 4).astype(np.int64) * (1 << 34) + updated.astype(np.int64))
        if needed < len(ids):
            cut = np.partition(primary, needed - 1)[needed - 1]
            candidates = np.flatnonzero(primary <= cut)
        else:
            candidates = np.arange(len(ids))
        ranked = candidates[np.lexsort((-ids[candidates], -updated[candidates], primary[candidates]))]
        return ranked[:needed]


class _Words:
    """Suggestions and the typo vocabulary, in memory: keys sorted for prefix lookups."""

    def __init__(self, db, generation: int):
        self.generation = generation
        self.loaded = time.monotonic()
        rows = db.execute("SELECT key, display, type, weight FROM words WHERE weight > 0 ORDER BY key").fetchall()
        self.keys = [r[0] for r in rows]
        self.displays = [r[1] for r in rows]
        self.types = [r[2] for r in rows]
        self.weights = np.array([r[3] for r in rows], dtype=np.int64)
        latin: dict[str, int] = {}
        for key, display, _, weight in rows:
            if key == display and re.fullmatch(r"[a-z]{3,}", key):
                latin[key] = latin.get(key, 0) + weight
        self.latin = list(latin)
        self.latin_weight = latin

    def suggest(self, prefix: str, types: tuple[str, ...], limit: int) -> list[Suggestion]:
        prefix = "".join(normalize(prefix).split())
        if not prefix:
            return []
        low = bisect.bisect_left(self.keys, prefix)
        high = bisect.bisect_left(self.keys, prefix + "\U0010ffff")
        if low >= high:
            return []
        weights = self.weights[low:high]
        take = min(len(weights), limit * 4)
        best = np.argpartition(-weights, take - 1)[:take] if take < len(weights) else np.arange(len(weights))
        best = best[np.argsort(-weights[best], kind="stable")]
        out: list[Suggestion] = []
        seen: set[str] = set()
        for position in best.tolist():
            at = low + position
            if types and self.types[at] not in types:
                continue
            display = self.displays[at]
            if display in seen:
                continue
            seen.add(display)
            out.append(Suggestion(display, self.types[at], int(self.weights[at])))
            if len(out) >= limit:
                break
        return out

    def near(self, word: str, limit: int) -> list[str]:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        word = normalize(word)
        found = process.extract(word, self.latin, scorer=Levenshtein.distance, score_cutoff=limit, limit=10)
        found.sort(key=lambda item: (item[1], -self.latin_weight[item[0]]))
        return [text for text, _, _ in found[:3]]


def _npy(array: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.save(out, array, allow_pickle=False)
    return out.getvalue()


# -- analysis for a rebuild, in worker processes -------------------------------------------

_WORKER_TYPES: dict[str, DocumentType] = {}  # the rebuild's types, inherited by its workers
IN_FLIGHT = 4  # batches handed to the workers and not yet taken back
PARALLEL_FROM = 10_000  # documents analyzed here before worker processes start


class _Numbering(dict):
    """Terms as small integers (term → code; a term met for the first time gets the next one),
    and each field text's terms as an array of codes, kept a while: a supplier's names and a
    category path repeat over thousands of products, so their terms are looked up once.

    One per rebuild (forked workers continue their own copies) or per ``index`` call."""

    def __init__(self):
        super().__init__()
        self.terms: list[str] = []
        self.codes = lru_cache(maxsize=20_000)(self._codes)

    def __missing__(self, term: str) -> int:
        code = self[term] = len(self.terms)
        self.terms.append(term)
        return code

    def _codes(self, text: str, pinyin: bool, characters: bool) -> np.ndarray:
        terms = field_terms(text, pinyin, characters)
        return np.fromiter(map(self.__getitem__, terms), dtype=np.int64, count=len(terms))


_NUMBERING: _Numbering | None = None  # the rebuild's, inherited by its forked workers
_FIELD_BITS = 3  # a field's number in a key (a type has at most eight fields)
_DOCID_BITS = 32


def _analyze(first: int, texts: list[tuple[str, dict]], types=None, numbering: _Numbering | None = None):
    """Documents ``first``, ``first + 1``, ... as postings (term, ids, masks as bytes; ids
    ascending), rows (docid, texts and words as JSON) and suggestion word counts: the work of
    writing documents that needs no database, for a rebuild (in worker processes) and for
    ``index`` alike.

    Each field's terms come as an array of codes; the batch's (code, docid, field) triples are
    packed into one integer each and sorted, so grouping them by term and OR-ing a document's
    fields into its mask are NumPy operations, not a Python step per posting."""
    types = types or _WORKER_TYPES
    numbering = numbering if numbering is not None else _NUMBERING
    made = []
    words: Counter = Counter()
    arrays: list[np.ndarray] = []
    tags: list[int] = []  # per array: docid << _FIELD_BITS | field number
    for offset, (type_name, fields) in enumerate(texts):
        doc_type = types[type_name]
        docid = first + offset
        for number, text_field in enumerate(doc_type.fields):
            text = fields.get(text_field.name)
            if text:
                arrays.append(numbering.codes(text, text_field.pinyin, text_field.characters))
                tags.append(docid << _FIELD_BITS | number)
        found = _words(doc_type, fields)
        words.update((key, display, type_name) for key, display in found)
        made.append((docid, json.dumps(fields, ensure_ascii=False), json.dumps(found, ensure_ascii=False)))
    if not arrays:
        return [], made, words
    lengths = np.fromiter(map(len, arrays), dtype=np.int64, count=len(arrays))
    keys = np.concatenate(arrays) << (_DOCID_BITS + _FIELD_BITS)
    keys |= np.repeat(np.array(tags, dtype=np.int64), lengths)
    keys.sort()  # by term, then document, then field
    pairs = keys >> _FIELD_BITS
    bits = np.left_shift(1, keys & ((1 << _FIELD_BITS) - 1)).astype(np.uint8)
    starts = np.flatnonzero(np.r_[True, pairs[1:] != pairs[:-1]])
    masks = np.bitwise_or.reduceat(bits, starts) if len(starts) else bits[:0]
    pairs = pairs[starts]
    codes = pairs >> _DOCID_BITS
    ids = (pairs & ((1 << _DOCID_BITS) - 1)).astype(np.int32)
    bounds = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    ends = np.r_[bounds[1:], len(codes)]
    terms = numbering.terms
    postings = [
        (terms[code], ids[a:b].tobytes(), masks[a:b].tobytes())
        for code, a, b in zip(codes[bounds].tolist(), bounds.tolist(), ends.tolist(), strict=True)
    ]
    return postings, made, words


class _Analysts:
    """Analyze batches here while there is one, in forked worker processes once there are more;
    results come back in the order the batches went in."""

    def __init__(self, types: dict[str, DocumentType], workers: int):
        self.types = types
        self.workers = workers or os.cpu_count() or 1
        self.numbering = _Numbering()
        self.pool = None
        self.waiting: list = []  # (documents, async result)
        self.seen = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        global _NUMBERING, _WORKER_TYPES
        if self.pool is not None:
            self.pool.terminate() if exc[0] else self.pool.close()
            self.pool.join()
        _NUMBERING, _WORKER_TYPES = None, {}  # a web process does not keep the rebuild's terms

    def _start(self) -> None:
        import multiprocessing

        global _NUMBERING, _WORKER_TYPES
        _NUMBERING, _WORKER_TYPES = self.numbering, self.types  # the forked workers inherit them
        # Load the pinyin and segmentation dictionaries here, once: the workers inherit them.
        pinyin_terms("宁波水泵")
        suggestion_words("宁波水泵", whole=True)
        self.pool = multiprocessing.get_context("fork").Pool(self.workers)

    def submit(self, first: int, documents: list[Document]):
        payload = [(d.type, d.texts) for d in documents]
        if self.pool is None and (self.workers <= 1 or self.seen < PARALLEL_FROM):
            self.seen += len(documents)  # small rebuilds (tests, a new site) start no processes
            yield documents, _analyze(first, payload, self.types, self.numbering)
            return
        if self.pool is None:
            self._start()
        self.waiting.append((documents, self.pool.apply_async(_analyze, (first, payload))))
        while len(self.waiting) > IN_FLIGHT:
            held_documents, result = self.waiting.pop(0)
            yield held_documents, result.get()

    def finish(self):
        while self.waiting:
            documents, result = self.waiting.pop(0)
            yield documents, result.get()
