"""What every backend shares: document types, a search request and its result, the ranking
rules, synonyms and typo tolerance.

The ranking is written down here once, in points, so that both backends rank alike and the
bureau can explain it (README "Search ranking", the help page ``/<lang>/help/search``):

- each clause of the query (a word, a Chinese run, a quoted phrase) earns the points of the
  best field it was found in (a product's title 10, its category and exhibitor 6, its
  description 3, ...), times 1 for what was typed or its pinyin and 0.5 for a synonym or a
  corrected typo; a document's text points are the sum over clauses, and every clause must
  match;
- then a verified exhibitor adds ``VERIFIED_POINTS``, the member tier adds ``TIER_POINTS``,
  a responsive exhibitor (one that answers most inquiries within a day: the app decides, see
  ``Document.responsive``) adds ``RESPONSIVE_POINTS``, and an item changed in the last
  ``FRESH_DAYS`` days adds ``FRESH_POINTS``;
- equal scores go newest first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from search.analysis import Alternative, Marker, highlight, index_terms, normalize, parse, pinyin_terms
from search.words import suggestion_words

VERIFIED_POINTS = 2.0
TIER_POINTS = {0: 0.0, 1: 1.0, 2: 2.0}  # free, gold, premium
RESPONSIVE_POINTS = 1.0
FRESH_DAYS = 30
FRESH_POINTS = 1.0
SYNONYM_WEIGHT = 0.5
TYPO_WEIGHT = 0.5
SORTS = ("relevance", "newest", "price", "-price")
FACET_KINDS = ("keyword", "tags", "number", "flag")
PINYIN = "~"  # what the pinyin stream's terms start with, beside the text stream's
MAX_TAGS = 6  # a "tags" facet keeps at most this many values of a document


@dataclass(frozen=True)
class TextField:
    """A searchable text of a document type and the points a match in it earns."""

    name: str
    points: float
    pinyin: bool = False  # also index how its Chinese sounds (titles and names, not long texts)
    characters: bool = True  # Chinese single characters too (False: pairs only, for long texts)
    suggest: str = ""  # "words": offer its words as suggestions; "whole": its words and itself


@dataclass(frozen=True)
class Facet:
    """A value documents can be filtered and counted by."""

    name: str
    kind: str  # keyword: one value; tags: several; number: a range; flag: yes or no

    def __post_init__(self):
        if self.kind not in FACET_KINDS:
            raise ValueError(f"facet kind {self.kind!r}")


@dataclass(frozen=True)
class DocumentType:
    """A kind of searchable thing, registered by a face.

    ``load(keys)`` returns the public ``Document`` of each key that is public now (a key it
    leaves out is removed from the index); ``batches()`` yields every public key in lists, for
    a rebuild; ``count()`` says how many there are. All read through the face's one public
    read path.
    """

    name: str
    label: object
    fields: tuple[TextField, ...]
    facets: tuple[Facet, ...] = ()
    load: Callable[[list[str]], list[Document]] | None = None
    batches: Callable[[], Iterable[list[str]]] | None = None
    count: Callable[[], int] | None = None  # public documents in the database (for status)

    def __post_init__(self):
        if not 0 < len(self.fields) <= 8:
            raise ValueError("a document type has one to eight text fields")

    def field(self, name: str) -> TextField:
        return next(f for f in self.fields if f.name == name)


@dataclass
class Document:
    """One searchable item as the index keeps it."""

    type: str
    key: str
    texts: dict[str, str]
    values: dict[str, object] = field(default_factory=dict)  # facet name → value(s)
    verified: bool = False
    tier: int = 0
    responsive: bool = False  # its exhibitor answers buyers in time (the app's response metrics)
    updated: float = 0.0  # epoch seconds: freshness and "newest"
    price: float | None = None  # the "price" sorts


@dataclass
class Request:
    text: str = ""
    types: tuple[str, ...] = ()  # empty: every type
    filters: dict[str, object] = field(default_factory=dict)  # keyword/tags: list; number: (lo, hi); flag: True
    sort: str = "relevance"
    offset: int = 0
    limit: int = 20
    facets: bool = True
    # False: the hits carry no snippets, for a caller that shows its own cards (marking the
    # matches in every hit's texts was most of a worded query's time).
    snippets: bool = True


@dataclass
class Hit:
    type: str
    key: str
    score: float
    snippets: dict[str, str] = field(default_factory=dict)  # field → escaped HTML with <mark>


@dataclass
class Result:
    hits: list[Hit]
    total: int
    type_counts: dict[str, int] = field(default_factory=dict)  # for the text alone, every type
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)  # number facets: min, max
    corrected: str | None = None  # the query as typo tolerance read it, when it differs
    degraded: bool = False


@dataclass(frozen=True)
class Suggestion:
    text: str
    type: str
    weight: int


class Synonyms:
    """Groups of equivalent expressions (水泵 = pump = 8413), applied when a query is read, so a
    change needs no reindex."""

    def __init__(self, groups: Iterable[Iterable[str]] = ()):
        self._by_text: dict[str, list[str]] = {}
        groups = [list(g) for g in groups]
        self.version = hash(tuple(sorted(tuple(g) for g in groups)))  # equal lists, equal versions
        for group in groups:
            members = [m for m in dict.fromkeys(normalize(m).strip() for m in group) if m]
            for member in members:
                self._by_text.setdefault(_key(member), []).extend(x for x in members if x != member)

    def __bool__(self):
        return bool(self._by_text)

    def others(self, typed: str) -> list[str]:
        return self._by_text.get(_key(normalize(typed)), [])


def _key(text: str) -> str:
    """A synonym's key: its clauses' first terms, so ``Pumps`` and ``pump`` are one."""
    return " ".join(c.alternatives[0].terms[0] for c in parse(text) if c.alternatives) or text


def plan(text: str, synonyms: Synonyms | None = None, near: Callable[[str], list[str]] | None = None):
    """What ``text`` asks, as clauses with their alternatives, and the corrected query if a
    typo was read as something else.

    ``near(word)`` is the backend's vocabulary: indexed words within ``max_typo_distance`` of
    a word of five letters or more that the index does not know (empty when it knows it),
    closest first.
    """
    clauses = parse(text)
    corrected: list[str] = []
    changed = False
    for clause in clauses:
        shown = clause.typed
        for other in synonyms.others(clause.typed) if synonyms else []:
            for alternative in _alternatives(other):
                clause.alternatives.append(
                    Alternative(alternative.stream, alternative.terms, alternative.phrase, SYNONYM_WEIGHT, "synonym")
                )
        first = clause.alternatives[0]
        if near and re.fullmatch(r"[a-z]{5,}", clause.typed) and first.stream == "text":
            fixes = near(clause.typed)
            for fix in fixes:
                stem = parse(fix)[0].alternatives[0].terms
                clause.alternatives.append(Alternative("text", stem, weight=TYPO_WEIGHT, how="typo"))
            if fixes:
                shown, changed = fixes[0], True
        corrected.append(shown)
    return clauses, (" ".join(corrected) if changed else None)


def _alternatives(expression: str) -> list[Alternative]:
    """A synonym as alternatives: one clause keeps its own; several make one of all their terms."""
    clauses = parse(expression)
    if len(clauses) == 1:
        return [a for a in clauses[0].alternatives if a.how == "typed"]
    terms = tuple(t for c in clauses for t in c.alternatives[0].terms)
    return [Alternative("text", terms)] if terms else []


def max_typo_distance(word: str) -> int:
    """Edits forgiven in a word: none under five letters, one up to seven, two from eight."""
    return 0 if len(word) < 5 else 1 if len(word) < 8 else 2


def snippets(doc_type: DocumentType, texts: dict[str, str], clauses) -> dict[str, str]:
    """Each field's snippet where the query matched it; the first field always (a title).
    ``clauses``: the query's, or a ``Marker`` made of them once for all the page's hits."""
    out = {}
    clauses = clauses if isinstance(clauses, Marker) else Marker(clauses)
    for number, text_field in enumerate(doc_type.fields):
        text = texts.get(text_field.name) or ""
        if not text:
            continue
        html, marked = highlight(text, clauses)
        if marked or number == 0:
            out[text_field.name] = html
    return out


def facets_of(types: dict[str, DocumentType], wanted: list[str]):
    seen = {}
    for name in wanted:
        for facet in types[name].facets:
            seen.setdefault(facet.name, facet)
    return list(seen.values())


def document_terms(doc_type: DocumentType, texts: dict[str, str]) -> dict[str, int]:
    """term → bits of the fields it stands in."""
    postings: dict[str, int] = {}
    for number, text_field in enumerate(doc_type.fields):
        text = texts.get(text_field.name) or ""
        if not text:
            continue
        bit = 1 << number
        terms = _field_terms(text, text_field.pinyin, text_field.characters)
        if not postings:
            postings = dict.fromkeys(terms, bit)
            continue
        shared = {term: postings[term] | bit for term in postings.keys() & terms}
        postings.update(dict.fromkeys(terms, bit))
        postings.update(shared)
    return postings


def field_terms(text: str, pinyin: bool, characters: bool = True) -> frozenset[str]:
    """A field's terms, pinyin ones prefixed (what ``document_terms`` merges; the embedded
    backend's rebuild numbers them per field)."""
    terms = set(index_terms(text, characters))
    if pinyin:
        terms.update(PINYIN + t for t in pinyin_terms(text))
    return frozenset(terms)


# kept a while because names and category paths repeat over a supplier's products
_field_terms = lru_cache(maxsize=20_000)(field_terms)


def document_words(doc_type: DocumentType, texts: dict[str, str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for text_field in doc_type.fields:
        if text_field.suggest and texts.get(text_field.name):
            out.extend(suggestion_words(texts[text_field.name], whole=text_field.suggest == "whole"))
    return list(dict.fromkeys(out))
