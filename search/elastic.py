"""The Elasticsearch backend: the same terms, points and answers as the embedded one, kept by a
cluster (Elasticsearch 8 or 9, no plugins; in the tests a server that speaks its REST API).

The server analyzes nothing: ``search.analysis`` makes the terms, as for the embedded backend,
and the index keeps them as space-separated tokens (the ``whitespace`` analyzer, no norms, no
positions). What it keeps and how it ranks:

- **Indices** — each document type has its own index of documents and its own index of
  suggestion words, reached through the aliases ``{prefix}-{type}`` and
  ``{prefix}-{type}.words``; behind them stand ``{prefix}-{type}.{stamp}`` and
  ``{prefix}-{type}.words.{stamp}`` (``.0`` when a write found no index yet). Searches and
  writes go to the aliases.
- **A document** holds, per text field, its text-stream terms in ``text.<field>`` and its
  pinyin-stream terms in ``pinyin.<field>`` (``search.model.document_terms``); its facet values
  in ``facets.<facet>`` (keyword, keywords, double, boolean); ``type``, ``key``, ``verified``,
  ``tier``, ``responsive``, ``updated``, ``price``; ``seq``, when it was written (ties go to the latest, as the
  embedded backend's newer internal ids do); and in ``stored``, not indexed, its texts (for the
  snippets) and its suggestion words (to take them back when it is replaced or removed).
- **Points** — a clause is a ``dis_max`` over every (alternative, field) of a
  ``constant_score`` worth the field's points times the alternative's weight, whose filter asks
  for all the alternative's terms in that one field; clauses are ``must``, so their points add;
  each type has its own clauses (the same field may earn other points in another type). The
  boosts (verified, tier, responsive, fresh) are ``should`` clauses of constant scores. So a
  document scores exactly what the embedded backend gives it. A field added to the mapping
  since an index was made (``responsive``) is put into its mapping by the next write
  (``_ensure``); a document written before it lacks the field and matches no boost on it,
  which is what it meant then.
- **Filters and facets** — the filters are a ``post_filter``; each facet is counted in a
  ``filter`` aggregation of the other filters, so its counts ignore its own; the type counts
  are an aggregation of the text alone.
- **Suggestions and typos** — a words index holds (key, display, type, weight); a write adds
  the new document's words and takes back the old one's (read, then written back under the
  sequence number it was read with, again on a conflict: the test server runs no scripts).
  ``near`` reads the Latin words into memory for at most ``refresh`` seconds.
- **Rebuild** — new indices are loaded with refresh off, refreshed, then one ``_aliases`` call
  moves every alias at once and the old indices are deleted: readers see the old index or the
  new one, never half. ``rebuild(types=...)`` replaces those types' indices alone.
- **Writes** refresh the indices they touched, so a search right after sees them.

When the cluster cannot be reached (or answers 429 or 5xx) the public methods raise
``search.SearchUnavailable``; ``state()`` never raises.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable

from search import SearchUnavailable
from search.analysis import Marker, index_terms, normalize
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
    document_terms,
    document_words,
    facets_of,
    max_typo_distance,
    plan,
    snippets,
)

BULK_DOCUMENTS = 500  # documents (or words) per bulk request
FACET_SIZE = 1000  # values counted per keyword or tags facet
MAX_WINDOW = 10_000  # Elasticsearch's index.max_result_window: hits beyond it are not served
VOCABULARY_PAGE = 5000  # words read per request when the typo vocabulary is loaded
WORD_RETRIES = 8  # attempts at a word weight that others change at the same time
SLOW_TIMEOUT = 300  # seconds for the requests of a rebuild (bulk loads, refreshing a new index)
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")  # a type or prefix as part of an index name
_LATIN = re.compile(r"[a-z]{3,}")

_TERMS = {"type": "text", "analyzer": "whitespace", "norms": False, "index_options": "docs"}
_FACET_MAPPING = {
    "keyword": {"type": "keyword"},
    "tags": {"type": "keyword"},
    "number": {"type": "double"},
    "flag": {"type": "boolean"},
}
_WORDS_MAPPING = {
    "dynamic": False,
    "properties": {
        "key": {"type": "keyword"},
        "display": {"type": "keyword"},
        "type": {"type": "keyword"},
        "weight": {"type": "integer"},
        "latin": {"type": "boolean"},  # key == display, three letters or more: typo vocabulary
    },
}


class BulkError(RuntimeError):
    """The cluster refused some documents of a bulk request (not for being unavailable)."""


def _guarded(method):
    """Raise ``SearchUnavailable`` when the cluster did not answer or cannot serve now."""
    from elastic_transport import ConnectionError as TransportConnectionError, ConnectionTimeout
    from elasticsearch import ApiError

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (TransportConnectionError, ConnectionTimeout) as exc:
            raise SearchUnavailable(f"Elasticsearch did not answer: {exc}") from exc
        except ApiError as exc:
            if _unavailable_status(exc.meta.status):
                raise SearchUnavailable(f"Elasticsearch cannot serve: {exc}") from exc
            raise

    return wrapper


def _unavailable_status(status: int | None) -> bool:
    return bool(status) and (status == 429 or status >= 500)


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, url: str, prefix: str = "tradewindow", plain_json: bool = False, refresh: float = 30.0):
        """``url``: the cluster; ``prefix``: the start of every index and alias name;
        ``plain_json``: for test servers that only speak plain JSON; ``refresh``: at most how old
        the typo vocabulary may be, in seconds."""
        from elasticsearch import Elasticsearch

        if not _NAME.fullmatch(prefix):
            raise ValueError(f"index prefix {prefix!r}: lower-case letters, digits, _ and - only")
        kwargs = {"request_timeout": 5}
        if plain_json:
            # Test servers that speak the REST API but not the versioned media type
            # (see shared/services.md): ask for plain JSON. Real clusters use the defaults.
            kwargs["node_class"] = _plain_json_node()
        self.client = Elasticsearch(url, **kwargs)
        self.prefix = prefix
        self.refresh = refresh
        self.types: dict[str, DocumentType] = {}
        self._lock = threading.Lock()
        self._ready: set[str] = set()  # types whose aliases are known to exist
        self._vocabulary: _Vocabulary | None = None
        self._seq = 0

    # -- set-up --------------------------------------------------------------------------

    def register(self, doc_type: DocumentType) -> None:
        if not _NAME.fullmatch(doc_type.name):
            raise ValueError(f"document type {doc_type.name!r}: lower-case letters, digits, _ and - only")
        self.types[doc_type.name] = doc_type
        self._ready.discard(doc_type.name)

    def _alias(self, type_name: str) -> str:
        return f"{self.prefix}-{type_name}"

    def _words_alias(self, type_name: str) -> str:
        return f"{self.prefix}-{type_name}.words"

    def _aliases(self, names: Iterable[str]) -> str:
        return ",".join(self._alias(name) for name in names)

    def _words_aliases(self, names: Iterable[str]) -> str:
        return ",".join(self._words_alias(name) for name in names)

    def _mapping(self, doc_type: DocumentType) -> dict:
        properties = {
            "type": {"type": "keyword"},
            "key": {"type": "keyword"},
            "seq": {"type": "long"},
            "verified": {"type": "boolean"},
            "tier": {"type": "integer"},
            "responsive": {"type": "boolean"},
            "updated": {"type": "double"},
            "price": {"type": "double"},
            "text": {"properties": {f.name: _TERMS for f in doc_type.fields}},
            "stored": {"type": "object", "enabled": False},
        }
        if any(f.pinyin for f in doc_type.fields):
            properties["pinyin"] = {"properties": {f.name: _TERMS for f in doc_type.fields if f.pinyin}}
        if doc_type.facets:
            properties["facets"] = {"properties": {f.name: _FACET_MAPPING[f.kind] for f in doc_type.facets}}
        # Not strict: a field added to a type before the next rebuild must not stop the writes.
        return {"dynamic": False, "properties": properties}

    def _ensure(self, names: Iterable[str]) -> None:
        """Make sure the aliases of ``names`` exist (an empty ``.0`` index behind each that
        lacks one), so that a write never lets the cluster create an index by the alias's name;
        and that their mappings know the type's fields and facets as registered now (one that
        changed its kind keeps the old mapping until a rebuild)."""
        from elasticsearch import BadRequestError

        for name in names:
            if name in self._ready:
                continue
            for alias, mapping in (
                (self._alias(name), self._mapping(self.types[name])),
                (self._words_alias(name), _WORDS_MAPPING),
            ):
                if self.client.indices.exists_alias(name=alias):
                    try:
                        self.client.indices.put_mapping(index=alias, **mapping)
                    except BadRequestError:  # a field changed its kind: a rebuild will apply it
                        pass
                    continue
                try:
                    self.client.indices.create(index=f"{alias}.0", mappings=mapping, aliases={alias: {}})
                except BadRequestError as exc:  # another process was first
                    if exc.error != "resource_already_exists_exception":
                        raise
                if not self.client.indices.exists_alias(name=alias):
                    self.client.indices.put_alias(index=f"{alias}.0", name=alias)
            with self._lock:
                self._ready.add(name)

    def _next_seq(self) -> int:
        """A number that grows with every document written (microseconds, strictly rising)."""
        with self._lock:
            self._seq = max(self._seq + 1, time.time_ns() // 1000)
            return self._seq

    def _source(self, document: Document) -> tuple[dict, list[tuple[str, str]]]:
        """What the index keeps of a document, and its suggestion words."""
        doc_type = self.types[document.type]
        streams: dict[str, dict[str, list[str]]] = {"text": defaultdict(list), "pinyin": defaultdict(list)}
        for term, mask in document_terms(doc_type, document.texts).items():
            stream = "pinyin" if term.startswith(PINYIN) else "text"
            word = term[len(PINYIN) :] if stream == "pinyin" else term
            for bit, text_field in enumerate(doc_type.fields):
                if mask >> bit & 1:
                    streams[stream][text_field.name].append(word)
        words = document_words(doc_type, document.texts)
        source = {
            "type": document.type,
            "key": str(document.key),
            "seq": self._next_seq(),
            "verified": bool(document.verified),
            "tier": int(document.tier or 0),
            "responsive": bool(document.responsive),
            "updated": float(document.updated or 0),
            "text": {name: " ".join(terms) for name, terms in streams["text"].items()},
            "stored": {"texts": document.texts, "words": [list(pair) for pair in words]},
        }
        if streams["pinyin"]:
            source["pinyin"] = {name: " ".join(terms) for name, terms in streams["pinyin"].items()}
        facets = _facet_values(doc_type, document.values)
        if facets:
            source["facets"] = facets
        if document.price is not None:
            source["price"] = float(document.price)
        return source, words

    # -- writing -------------------------------------------------------------------------

    @_guarded
    def index(self, documents: Iterable[Document]) -> int:
        """Add or replace documents. Returns how many were written."""
        documents = [d for d in documents if d.type in self.types]
        if not documents:
            return 0
        latest = {(d.type, str(d.key)): d for d in documents}  # the last of a key twice wins
        names = sorted({name for name, _ in latest})
        self._ensure(names)
        old = self._stored_words(list(latest))
        operations: list[dict] = []
        delta: Counter = Counter()
        for (name, key), document in latest.items():
            source, words = self._source(document)
            operations += [{"index": {"_index": self._alias(name), "_id": key, "require_alias": True}}, source]
            delta.update((name, k, d) for k, d in words)
            delta.subtract((name, k, d) for k, d in old.get((name, key), ()))
        self._bulk(operations)
        self._adjust_words(delta)
        self._refresh(names)
        return len(documents)

    @_guarded
    def remove(self, type_name: str, keys: Iterable[str]) -> int:
        """Remove documents by key. Returns how many there were."""
        if type_name not in self.types:
            return 0
        keys = list(dict.fromkeys(str(k) for k in keys))
        if not keys:
            return 0
        self._ensure([type_name])
        old = self._stored_words([(type_name, key) for key in keys])
        items = self._bulk([{"delete": {"_index": self._alias(type_name), "_id": key}} for key in keys])
        delta: Counter = Counter()
        gone = 0
        for key, item in zip(keys, items, strict=True):
            if item.get("result") == "deleted":
                gone += 1
                delta.subtract((type_name, k, d) for k, d in old.get((type_name, key), ()))
        self._adjust_words(delta)
        self._refresh([type_name])
        return gone

    def _stored_words(self, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """The suggestion words kept with each (type, key) that is indexed."""
        out = {}
        for start in range(0, len(pairs), BULK_DOCUMENTS):
            chunk = pairs[start : start + BULK_DOCUMENTS]
            docs = [{"_index": self._alias(name), "_id": key} for name, key in chunk]
            response = self.client.mget(docs=docs, source_includes=["stored.words"])
            for pair, doc in zip(chunk, response["docs"], strict=True):
                if doc.get("found"):
                    words = ((doc.get("_source") or {}).get("stored") or {}).get("words") or []
                    out[pair] = [(k, d) for k, d in words]
        return out

    def _adjust_words(self, delta: Counter) -> None:
        """Add ``delta[(type, key, display)]`` to each word's weight; a word at zero goes.

        Read, then write back on condition that nobody wrote in between (``if_seq_no``); what
        another writer changed meanwhile is read and tried again."""
        pending = {word: change for word, change in delta.items() if change}
        for _ in range(WORD_RETRIES):
            if not pending:
                return
            words = list(pending)
            for start in range(0, len(words), BULK_DOCUMENTS):
                chunk = words[start : start + BULK_DOCUMENTS]
                docs = [{"_index": self._words_alias(name), "_id": _word_id(k, d)} for name, k, d in chunk]
                found = self.client.mget(docs=docs)["docs"]
                operations: list[dict] = []
                sent: list[tuple[str, str, str]] = []
                for word, doc in zip(chunk, found, strict=True):
                    name, key, display = word
                    change = pending[word]
                    target = {"_index": self._words_alias(name), "_id": _word_id(key, display)}
                    if doc.get("found"):
                        weight = int(doc["_source"].get("weight", 0)) + change
                        target |= {"if_seq_no": doc["_seq_no"], "if_primary_term": doc["_primary_term"]}
                        if weight > 0:
                            operations += [{"index": target}, _word_source(name, key, display, weight)]
                        else:
                            operations.append({"delete": target})
                    elif change > 0:
                        operations += [{"create": target}, _word_source(name, key, display, change)]
                    else:  # nothing left to take from
                        pending.pop(word)
                        continue
                    sent.append(word)
                for word, item in zip(sent, self._bulk(operations, conflicts=True), strict=True):
                    if item.get("status") != 409:
                        pending.pop(word)
        if pending:
            raise BulkError(f"{len(pending)} suggestion weights kept changing under us; a rebuild recounts them")

    def _bulk(self, operations: list[dict], conflicts: bool = False, client=None) -> list[dict]:
        """Send a bulk request; the result of each action. Version conflicts are returned
        (``conflicts``) or raised like any other refusal."""
        if not operations:
            return []
        response = (client or self.client).bulk(operations=operations)
        items = [next(iter(item.values())) for item in response["items"]]
        if response.get("errors"):
            failed = [i for i in items if "error" in i and not (conflicts and i.get("status") == 409)]
            if any(_unavailable_status(i.get("status")) for i in failed):
                raise SearchUnavailable(f"Elasticsearch refused a bulk write: {failed[0]['error']}")
            if failed:
                raise BulkError(f"{len(failed)} of {len(items)} bulk actions failed, first: {failed[0]['error']}")
        return items

    def _refresh(self, names: Iterable[str]) -> None:
        names = list(names)
        self.client.indices.refresh(index=f"{self._aliases(names)},{self._words_aliases(names)}")

    def merge(self) -> int:
        """Nothing to fold in: the cluster merges its segments itself."""
        return 0

    @_guarded
    def rebuild(self, batches: Iterable[list[Document]], types: list[str] | None = None) -> dict:
        """Build new indices from ``batches`` of documents, then switch every alias to them at
        once. With ``types``, only those types' indices are replaced."""
        names = list(self.types) if types is None else [t for t in dict.fromkeys(types) if t in self.types]
        if not names:
            return {}
        slow = self.client.options(request_timeout=SLOW_TIMEOUT)
        stamp = f"{time.strftime('%Y%m%dt%H%M%S')}-{os.urandom(4).hex()}"
        wanted = set(names)
        created: dict[str, str] = {}  # alias → its new index
        try:
            for name in names:
                for alias, mapping in (
                    (self._alias(name), self._mapping(self.types[name])),
                    (self._words_alias(name), _WORDS_MAPPING),
                ):
                    index = f"{alias}.{stamp}"
                    slow.indices.create(index=index, mappings=mapping, settings={"index": {"refresh_interval": "-1"}})
                    created[alias] = index
            counts: Counter = Counter()
            weights: Counter = Counter()
            operations: list[dict] = []
            for batch in batches:
                for document in batch:
                    if document.type not in wanted:
                        continue
                    source, words = self._source(document)
                    target = {"_index": created[self._alias(document.type)], "_id": str(document.key)}
                    operations += [{"index": target}, source]
                    weights.update((document.type, k, d) for k, d in words)
                    counts[document.type] += 1
                    if len(operations) >= 2 * BULK_DOCUMENTS:
                        self._bulk(operations, client=slow)
                        operations = []
            for (name, key, display), weight in weights.items():
                target = {"_index": created[self._words_alias(name)], "_id": _word_id(key, display)}
                operations += [{"index": target}, _word_source(name, key, display, weight)]
                if len(operations) >= 2 * BULK_DOCUMENTS:
                    self._bulk(operations, client=slow)
                    operations = []
            self._bulk(operations, client=slow)
            new = ",".join(created.values())
            slow.indices.put_settings(index=new, settings={"index": {"refresh_interval": None}})
            slow.indices.refresh(index=new)
            actions: list[dict] = []
            old: list[str] = []
            for alias, index in created.items():
                for current in self._indices_of(alias):
                    actions.append({"remove": {"index": current, "alias": alias}})
                    old.append(current)
                actions.append({"add": {"index": index, "alias": alias}})
            self.client.indices.update_aliases(actions=actions)  # the one moment readers switch
        except BaseException:
            self._delete(list(created.values()), quietly=True)
            raise
        self._delete(old, quietly=True)  # a reader still on them has its answer already
        with self._lock:
            self._ready.update(names)
            self._vocabulary = None
        return dict(counts)

    def _indices_of(self, alias: str) -> list[str]:
        from elasticsearch import NotFoundError

        try:
            return list(self.client.indices.get_alias(name=alias))
        except NotFoundError:
            return []

    def _delete(self, indices: list[str], quietly: bool = False) -> None:
        """Delete indices by name (never a wildcard: clusters may forbid those)."""
        for start in range(0, len(indices), 20):
            try:
                self.client.indices.delete(index=",".join(indices[start : start + 20]), ignore_unavailable=True)
            except Exception:  # cleaning up after a failure must not hide the failure
                if not quietly:
                    raise

    @_guarded
    def clear(self) -> None:
        """Forget every document (tests; a rebuild is the way in production)."""
        self.rebuild([])

    @_guarded
    def drop(self) -> None:
        """Delete every index of this backend's registered types (tests)."""
        found = self.client.indices.get(index=f"{self.prefix}-*", ignore_unavailable=True, allow_no_indices=True)
        ours = tuple(f"{self._alias(name)}." for name in self.types)
        self._delete([index for index in found if index.startswith(ours)])
        with self._lock:
            self._ready.clear()
            self._vocabulary = None

    # -- reading -------------------------------------------------------------------------

    @_guarded
    def search(self, request: Request, synonyms: Synonyms | None = None) -> Result:
        clauses, corrected = plan(request.text, synonyms, self._near)
        names = list(self.types)
        if not names:
            return Result([], 0, corrected=corrected)
        wanted = [t for t in (request.types or names) if t in self.types]
        in_types = {"terms": {"type": wanted}}
        kinds: dict[str, str] = {}
        for doc_type in self.types.values():
            for facet in doc_type.facets:
                kinds.setdefault(facet.name, facet.kind)
        filters = {}
        for name, value in request.filters.items():
            query = _filter(kinds.get(name), name, value)
            if query is not None:
                filters[name] = query

        aggregations: dict[str, dict] = {"types": {"terms": {"field": "type", "size": len(names)}}}
        wanted_facets = facets_of(self.types, wanted) if request.facets else []
        for number, facet in enumerate(wanted_facets):
            others = [in_types, *(query for name, query in filters.items() if name != facet.name)]
            path = f"facets.{facet.name}"
            if facet.kind == "number":
                inner = {"low": {"min": {"field": path}}, "high": {"max": {"field": path}}}
            elif facet.kind == "flag":
                inner = {"yes": {"filter": {"term": {path: True}}}}
            else:
                inner = {"values": {"terms": {"field": path, "size": FACET_SIZE}}}
            aggregations[f"facet{number}"] = {"filter": {"bool": {"filter": others}}, "aggs": inner}

        start = max(0, request.offset)
        size = max(0, min(request.limit, MAX_WINDOW - start)) if start < MAX_WINDOW else 0
        response = self.client.search(
            index=self._aliases(names),
            ignore_unavailable=True,
            allow_no_indices=True,
            query=self._query(clauses, names),
            post_filter={"bool": {"filter": [in_types, *filters.values()]}},
            aggs=aggregations,
            sort=_sort(request.sort),
            from_=start if size else 0,
            size=size,
            track_total_hits=True,
            track_scores=True,
            source=["type", "key", "stored.texts"] if request.snippets else ["type", "key"],
        )
        found = response.get("aggregations") or {}
        type_counts = dict.fromkeys(names, 0)
        for bucket in (found.get("types") or {}).get("buckets", []):
            if bucket["key"] in type_counts:
                type_counts[bucket["key"]] = int(bucket["doc_count"])
        facets: dict[str, dict[str, int]] = {}
        ranges: dict[str, tuple[float, float]] = {}
        for number, facet in enumerate(wanted_facets):
            counted = found.get(f"facet{number}") or {}
            if facet.kind == "number":
                low, high = (counted.get("low") or {}).get("value"), (counted.get("high") or {}).get("value")
                if low is not None and high is not None:
                    ranges[facet.name] = (float(low), float(high))
            elif facet.kind == "flag":
                facets[facet.name] = {"true": int((counted.get("yes") or {}).get("doc_count", 0))}
            else:
                buckets = (counted.get("values") or {}).get("buckets", [])
                facets[facet.name] = {_bucket_key(b): int(b["doc_count"]) for b in buckets if b["doc_count"]}
        hits = []
        marker = Marker(clauses) if request.snippets else None  # prepared once for the page's snippets
        for hit in response["hits"]["hits"]:
            source = hit.get("_source") or {}
            doc_type = self.types.get(source.get("type"))
            if doc_type is None:
                continue
            texts = (source.get("stored") or {}).get("texts") or {}
            score = round(float(hit.get("_score") or 0.0), 3)
            marked = {} if marker is None else snippets(doc_type, texts, marker)
            hits.append(Hit(doc_type.name, source["key"], score, marked))
        total = int(response["hits"]["total"]["value"])
        return Result(hits, total, type_counts, facets, ranges, corrected)

    def _query(self, clauses, names: list[str]) -> dict:
        """Every clause must match, each worth its best (alternative, field); then the boosts."""
        boosts = _boosts(time.time())
        if not clauses:
            return {"bool": {"filter": [{"match_all": {}}], "should": boosts}}
        by_type = []
        for name in names:
            doc_type = self.types[name]
            musts = [_clause(doc_type, clause) for clause in clauses]
            if all(musts):
                by_type.append({"bool": {"filter": [{"term": {"type": name}}], "must": musts}})
        if not by_type:
            return {"match_none": {}}
        return {"bool": {"must": [{"bool": {"should": by_type, "minimum_should_match": 1}}], "should": boosts}}

    def _near(self, word: str) -> list[str]:
        """Indexed Latin words within the typos forgiven in ``word``, when the index does not
        know its stem (``search.model.plan``)."""
        limit = max_typo_distance(word)
        if not limit:
            return []
        stem = index_terms(word)
        if stem and self._known(stem[0]):
            return []
        return self._words().near(word, limit)

    def _known(self, term: str) -> bool:
        paths = sorted({f"text.{f.name}" for doc_type in self.types.values() for f in doc_type.fields})
        if not paths:
            return False
        query = {"bool": {"should": [{"term": {path: term}} for path in paths], "minimum_should_match": 1}}
        response = self.client.count(
            index=self._aliases(self.types), ignore_unavailable=True, allow_no_indices=True, query=query
        )
        return response["count"] > 0

    def _words(self) -> _Vocabulary:
        """The typo vocabulary, read again when older than ``refresh`` seconds."""
        with self._lock:
            vocabulary = self._vocabulary
        if vocabulary is not None and time.monotonic() - vocabulary.loaded < self.refresh:
            return vocabulary
        weights: Counter = Counter()
        after = None
        while True:
            response = self.client.search(
                index=self._words_aliases(self.types),
                ignore_unavailable=True,
                allow_no_indices=True,
                query={"bool": {"filter": [{"term": {"latin": True}}, {"range": {"weight": {"gt": 0}}}]}},
                sort=[{"key": "asc"}, {"type": "asc"}],
                size=VOCABULARY_PAGE,
                source=["key", "weight"],
                **({"search_after": after} if after else {}),
            )
            page = response["hits"]["hits"]
            for hit in page:
                weights[hit["_source"]["key"]] += int(hit["_source"]["weight"])
            if len(page) < VOCABULARY_PAGE:
                break
            after = page[-1]["sort"]
        vocabulary = _Vocabulary(weights)
        with self._lock:
            self._vocabulary = vocabulary
        return vocabulary

    @_guarded
    def suggest(self, prefix: str, types: tuple[str, ...] = (), limit: int = 8) -> list[Suggestion]:
        prefix = "".join(normalize(prefix).split())
        names = [t for t in (types or tuple(self.types)) if t in self.types]
        if not prefix or not names or limit <= 0:
            return []
        response = self.client.search(
            index=self._words_aliases(names),
            ignore_unavailable=True,
            allow_no_indices=True,
            query={"bool": {"filter": [{"prefix": {"key": prefix}}, {"range": {"weight": {"gt": 0}}}]}},
            sort=[{"weight": "desc"}, {"key": "asc"}, {"display": "asc"}, {"type": "asc"}],
            size=limit * 4,
            source=["display", "type", "weight"],
        )
        out: list[Suggestion] = []
        seen: set[str] = set()
        for hit in response["hits"]["hits"]:
            source = hit["_source"]
            if source["display"] in seen:
                continue
            seen.add(source["display"])
            out.append(Suggestion(source["display"], source["type"], int(source["weight"])))
            if len(out) >= limit:
                break
        return out

    # -- health --------------------------------------------------------------------------

    def state(self) -> dict:
        try:
            ok = bool(self.client.ping())
        except Exception as exc:  # any transport failure means "down" for the health page
            return {"backend": self.name, "ok": False, "error": type(exc).__name__}
        return {"backend": self.name, "ok": ok}

    @_guarded
    def status(self) -> dict:
        from elasticsearch import NotFoundError

        counts = {}
        indices = {}
        for name in self.types:
            try:
                counts[name] = int(self.client.count(index=self._alias(name))["count"])
            except NotFoundError:
                counts[name] = 0
            indices[name] = self._indices_of(self._alias(name))
        return {"backend": self.name, "prefix": self.prefix, "documents": counts, "indices": indices}


class _Vocabulary:
    """The Latin words of the suggestions (their weights summed over types), for ``near``."""

    def __init__(self, weights: Counter):
        self.loaded = time.monotonic()
        self.weights = dict(weights)
        self.words = sorted(weights)

    def near(self, word: str, limit: int) -> list[str]:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        word = normalize(word)
        found = process.extract(word, self.words, scorer=Levenshtein.distance, score_cutoff=limit, limit=10)
        found.sort(key=lambda item: (item[1], -self.weights[item[0]]))
        return [text for text, _, _ in found[:3]]


def _facet_values(doc_type: DocumentType, values: dict) -> dict:
    """A document's facet values as the index keeps them (as the embedded backend reads them)."""
    out = {}
    for facet in doc_type.facets:
        value = values.get(facet.name)
        if value is None or value == "" or value == []:
            continue
        if facet.kind == "keyword":
            out[facet.name] = str(value)
        elif facet.kind == "tags":
            out[facet.name] = list(dict.fromkeys(str(item) for item in value))[:MAX_TAGS]
        elif facet.kind == "number":
            out[facet.name] = float(value)
        else:
            out[facet.name] = bool(value)
    return out


def _filter(kind: str | None, name: str, value) -> dict | None:
    """A request filter as a query; None when it filters nothing (or no type has the facet)."""
    path = f"facets.{name}"
    if kind is None:
        return None
    if kind == "number":
        low, high = value
        bounds = {k: float(v) for k, v in (("gte", low), ("lte", high)) if v is not None}
        return {"range": {path: bounds}} if bounds else None
    if kind == "flag":
        term = {"term": {path: True}}
        return term if value else {"bool": {"must_not": [term]}}
    values = [value] if isinstance(value, str) else list(value)
    return {"terms": {path: [str(v) for v in values]}}


def _clause(doc_type: DocumentType, clause) -> dict | None:
    """One clause in one type: its best (alternative, field), or None when it cannot match."""
    queries = []
    for alternative in clause.alternatives:
        terms = list(dict.fromkeys(alternative.terms))
        if not terms:
            continue
        stream = "pinyin" if alternative.stream == "pinyin" else "text"
        for text_field in doc_type.fields:
            if stream == "pinyin" and not text_field.pinyin:
                continue
            path = f"{stream}.{text_field.name}"
            every = {"bool": {"filter": [{"term": {path: term}} for term in terms]}}
            queries.append({"constant_score": {"filter": every, "boost": text_field.points * alternative.weight}})
    return {"dis_max": {"queries": queries, "tie_breaker": 0}} if queries else None


def _boosts(now: float) -> list[dict]:
    """The points beyond the text, as the embedded backend adds them (tiers above the last
    count as the last; a document without ``responsive``, written before it, is not)."""
    out = []
    if VERIFIED_POINTS:
        out.append(_constant({"term": {"verified": True}}, VERIFIED_POINTS))
    top = max(TIER_POINTS)
    for tier, points in TIER_POINTS.items():
        if points:
            out.append(
                _constant({"range": {"tier": {"gte": tier}}} if tier == top else {"term": {"tier": tier}}, points)
            )
    if RESPONSIVE_POINTS:
        out.append(_constant({"term": {"responsive": True}}, RESPONSIVE_POINTS))
    if FRESH_POINTS:
        out.append(_constant({"range": {"updated": {"gte": now - FRESH_DAYS * 86400}}}, FRESH_POINTS))
    return out


def _constant(query: dict, points: float) -> dict:
    return {"constant_score": {"filter": query, "boost": points}}


def _sort(sort: str) -> list:
    """The order of a sort; equal ones go newest first, then latest written."""
    ties = [{"updated": "desc"}, {"seq": "desc"}, {"key": "desc"}]
    if sort == "newest":
        return ties
    if sort in ("price", "-price"):
        return [{"price": {"order": "asc" if sort == "price" else "desc", "missing": "_last"}}, *ties]
    return [{"_score": "desc"}, *ties]


def _bucket_key(bucket: dict) -> str:
    return str(bucket.get("key_as_string", bucket["key"]))


def _word_id(key: str, display: str) -> str:
    return hashlib.sha1(json.dumps([key, display], ensure_ascii=False).encode()).hexdigest()  # noqa: S324 - an id


def _word_source(type_name: str, key: str, display: str, weight: int) -> dict:
    latin = key == display and bool(_LATIN.fullmatch(key))
    return {"key": key, "display": display, "type": type_name, "weight": int(weight), "latin": latin}


def _plain_json_node():
    from elastic_transport import Urllib3HttpNode

    class PlainJsonNode(Urllib3HttpNode):
        def perform_request(self, method, target, body=None, headers=None, **kwargs):
            headers = dict(headers or {})
            for name in list(headers):
                if name.lower() in ("accept", "content-type") and "vnd.elasticsearch" in str(headers[name]):
                    headers[name] = "application/json"
            return super().perform_request(method, target, body=body, headers=headers, **kwargs)

    return PlainJsonNode
