"""Text analysis for the index and for queries, done here so that no backend needs a plugin.

A text becomes terms in two streams:

- ``text``: each run of Chinese characters as its single characters and its overlapping pairs
  (``安装简单`` holds ``简单``, so a two-character word is found inside a longer one, and a
  single character is found too); Latin words case-folded, NFKC-normalized and stemmed with
  the English Snowball stemmer (``pumps`` and ``pumping`` are ``pump``); numbers as written,
  by their parts and by their digits (``8413.70`` is also ``8413`` and ``841370``); each pair
  of neighbouring English words as one term (``stainless_steel``), so a quoted phrase is
  matched without positions.
- ``pinyin``: the same Chinese runs read aloud, as syllables, pairs of syllables
  (``ningbo``) and pairs of initials (``nb``). Only a query typed in Latin letters looks here,
  so a query in Chinese characters never matches characters that merely sound alike
  (``景点`` does not find ``经典``).

``parse(query)`` turns what a visitor typed into clauses that must all match; a clause offers
alternatives (a Latin word may be English or pinyin). Quoted text is a phrase: its Chinese
pairs and its pairs of neighbouring words, so the words must stand together and in order.
``highlight`` marks in a stored text what a query matched, for the snippets of every backend.
The backends (embedded, Elasticsearch) store and match these terms; the contract suite
(tests/integration/test_search_contract.py) checks them through both.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import pairwise

import Stemmer
from pypinyin import Style, lazy_pinyin

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[a-z]+(?:'[a-z]+)?|[0-9]+(?:[.,][0-9]+)*")
_LATIN_WORD = re.compile(r"[a-z]+")
_IS_CJK = re.compile(rf"[{_CJK}]").match
_CJK_RUN = re.compile(rf"[{_CJK}]+")
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_NUMBER_SEPARATOR = re.compile(r"[.,]")
# a word, or "" for what separates words that stand together
_WORD_OR_BREAK = re.compile(rf"([a-z]+(?:'[a-z]+)?)|[{_CJK}0-9]+")
_PHRASE = re.compile(r'"([^"]*)"')


@cache
def _stemmer():
    return Stemmer.Stemmer("english")


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits as ASCII ones) and case-folded."""
    return unicodedata.normalize("NFKC", text or "").casefold()


def _runs(text: str):
    """(kind, run) of a normalized text: "cjk" runs, "word" runs and "number" runs, in order."""
    for match in _TOKEN.finditer(text):
        run = match.group(0)
        if _IS_CJK(run):
            yield "cjk", run
        elif run[0].isdigit():
            yield "number", run
        else:
            yield "word", run.replace("'", "")


def _pieces(run: str) -> list[str]:
    """A Chinese run as its characters and its overlapping pairs."""
    return [*run, *(run[i : i + 2] for i in range(len(run) - 1))]


def index_terms(text: str, characters: bool = True) -> list[str]:
    """The ``text`` stream of a field's value; without ``characters``, a Chinese run longer
    than one character gives its pairs only (long descriptions: half the terms, and a single
    character is still found in titles and names).

    Written with one regular expression per kind of run (a reindex runs it a few million
    times): Chinese runs, numbers, and the words between them, which stand together."""
    text = normalize(text)
    terms: list[str] = []
    for run in _CJK_RUN.findall(text):
        if characters or len(run) == 1:
            terms.extend(run)
        terms.extend(map(operator.add, run, run[1:]))
    for number in _NUMBER.findall(text):  # 8413.70: as written, its parts and its digits
        if "." in number or "," in number:
            parts = _NUMBER_SEPARATOR.split(number)
            terms.extend(dict.fromkeys([number, *parts, "".join(parts)]))
        else:
            terms.append(number)
    stems = _stems(_WORD_OR_BREAK.findall(text))  # a break is "": no pair spans it
    terms.extend([f"{a}_{b}" for a, b in pairwise(stems) if a and b])
    terms.extend([stem for stem in stems if stem])
    return terms


_STEMS: dict[str, str] = {"": ""}  # word → stem, for the words met so far (a catalog repeats its words)
_STEMS_KEPT = 200_000


def _stems(words: list[str]) -> list[str]:
    stems = list(map(_STEMS.get, words))
    if None in stems:
        if len(_STEMS) > _STEMS_KEPT:
            _STEMS.clear()
            _STEMS[""] = ""
        missing = list(dict.fromkeys(w for w, s in zip(words, stems, strict=True) if s is None))
        found = dict(zip(missing, _stemmer().stemWords([w.replace("'", "") for w in missing]), strict=True))
        _STEMS.update(found)
        stems = [found[w] if s is None else s for w, s in zip(words, stems, strict=True)]
    return stems


def _syllables(run: str) -> list[str]:
    """How a Chinese run reads, word by word (a word's reading is looked up once per process:
    product titles repeat their words, and pypinyin takes ~50 µs a call)."""
    import rjieba

    out: list[str] = []
    for word in rjieba.cut(run):
        out.extend(_word_syllables(word))
    return out


@lru_cache(maxsize=200_000)
def _word_syllables(word: str) -> tuple[str, ...]:
    return tuple(s for s in lazy_pinyin(word, style=Style.NORMAL, errors="ignore") if s.isascii() and s.isalpha())


def pinyin_terms(text: str) -> list[str]:
    """The ``pinyin`` stream: syllables, pairs of syllables and pairs of initials of the
    Chinese runs (宁波市 → ning, bo, shi, ningbo, boshi, nb, bs)."""
    terms: list[str] = []
    for run in _CJK_RUN.findall(normalize(text)):
        syllables = _syllables(run)
        terms.extend(syllables)
        terms.extend(a + b for a, b in pairwise(syllables))
        terms.extend(a[0] + b[0] for a, b in pairwise(syllables))
    return terms


@cache
def _all_syllables() -> frozenset[str]:
    """Every syllable of Mandarin as pypinyin reads the common characters."""
    chars = "".join(chr(code) for code in range(0x4E00, 0x9FA6))
    return frozenset(s for s in lazy_pinyin(chars, style=Style.NORMAL, errors="ignore") if s.isascii() and s.isalpha())


def split_pinyin(word: str) -> list[str] | None:
    """``ningboshi`` → [ning, bo, shi]: the fewest syllables that spell the word, or None."""
    known = _all_syllables()
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            head = best[start]
            if head is not None and word[start:end] in known:
                candidate = [*head, word[start:end]]
                if best[end] is None or len(candidate) < len(best[end]):
                    best[end] = candidate
    return best[len(word)]


@dataclass(frozen=True)
class Alternative:
    """One way a clause can match: all ``terms`` in ``stream``. ``weight`` scales the points
    of a match (a synonym or a corrected typo counts less than what was typed); ``how`` says
    which it is ("typed", "pinyin", "synonym", "typo")."""

    stream: str
    terms: tuple[str, ...]
    phrase: bool = False
    weight: float = 1.0
    how: str = "typed"


@dataclass
class Clause:
    """Something typed that must match, one way or another."""

    typed: str
    alternatives: list[Alternative] = field(default_factory=list)


def _pinyin_alternative(word: str) -> Alternative | None:
    syllables = split_pinyin(word)
    if syllables:
        pairs = tuple(a + b for a, b in pairwise(syllables)) or tuple(syllables)
        return Alternative("pinyin", pairs, how="pinyin")
    if 2 <= len(word) <= 8 and not any(ch in "aeiouv" for ch in word):  # initials: nb, nbs
        return Alternative("pinyin", tuple(a + b for a, b in pairwise(word)), how="pinyin")
    return None


def _phrase_terms(phrase: str) -> tuple[str, ...]:
    """A phrase's Chinese pairs, its pairs of neighbouring words, and what stands alone."""
    terms = index_terms(phrase)
    pairs = [t for t in terms if "_" in t or (len(t) == 2 and _IS_CJK(t))]
    covered = {part for t in pairs if "_" in t for part in t.split("_")}
    alone = [t for t in terms if t not in pairs and not _IS_CJK(t) and t not in covered]
    cjk_alone = [t for t in terms if len(t) == 1 and _IS_CJK(t)] if not pairs else []
    return tuple(dict.fromkeys([*pairs, *alone, *cjk_alone]))


def parse(query: str) -> list[Clause]:
    """What a visitor typed as clauses that must all match."""
    text = normalize(query)[:500]
    clauses: list[Clause] = []
    for phrase in _PHRASE.findall(text):
        terms = _phrase_terms(phrase)
        if terms:
            clauses.append(Clause(phrase, [Alternative("text", terms, phrase=True)]))
    for kind, run in _runs(_PHRASE.sub(" ", text)):
        if kind == "cjk":
            # One character is itself; longer runs are their pairs, all present.
            terms = (run,) if len(run) == 1 else tuple(run[i : i + 2] for i in range(len(run) - 1))
            clauses.append(Clause(run, [Alternative("text", terms)]))
        elif kind == "number":
            clauses.append(Clause(run, [Alternative("text", (run,))]))
        else:
            alternatives = [Alternative("text", (_stemmer().stemWord(run),))]
            pinyin = _pinyin_alternative(run)
            if pinyin is not None:
                alternatives.append(pinyin)
            clauses.append(Clause(run, alternatives))
    return clauses


def _marked_terms(clauses: list[Clause]) -> tuple[set[str], set[str]]:
    """The text-stream terms (pairs split into their words) and pinyin terms of a query."""
    text: set[str] = set()
    pinyin: set[str] = set()
    for clause in clauses:
        for alternative in clause.alternatives:
            target = pinyin if alternative.stream == "pinyin" else text
            for term in alternative.terms:
                target.update(term.split("_"))
    return text, pinyin


def _folded(text: str) -> tuple[str, list[int] | range]:
    """``normalize`` character by character, with where each folded character came from."""
    whole = normalize(text)
    if len(whole) == len(text):  # nearly always: one character for one
        return whole, range(len(text))
    folded: list[str] = []
    origin: list[int] = []
    for at, char in enumerate(text):
        piece = normalize(char)
        folded.append(piece)
        origin.extend([at] * len(piece))
    return "".join(folded), origin


def _char_syllables(run: str) -> list[str]:
    """One reading per character of a Chinese run ("?" where none is known), word by word."""
    import rjieba

    out: list[str] = []
    for word in rjieba.cut(run):
        readings = _word_syllables(word)
        out.extend(readings if len(readings) == len(word) else ["?"] * len(word))
    return out


MARK_WITHIN = 2000  # characters of a text searched for what to mark (the snippet comes from there)


class Marker:
    """What a query marks in a text, prepared once per query for all its snippets."""

    def __init__(self, clauses: list[Clause]):
        self.words, self.sounds = _marked_terms(clauses)
        chinese = sorted((t for t in self.words if _IS_CJK(t)), key=len, reverse=True)
        self.chinese = re.compile("|".join(map(re.escape, chinese))) if chinese else None
        self.stems: dict[str, bool] = {}

    def __bool__(self):
        return bool(self.words or self.sounds)

    def _word(self, run: str) -> bool:
        found = self.stems.get(run)
        if found is None:
            found = self.stems[run] = run in self.words or _stemmer().stemWord(run.replace("'", "")) in self.words
        return found

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Spans of ``text`` (start, end) that the query matched, in order and not overlapping."""
        if not self:
            return []
        text = text[:MARK_WITHIN]
        folded, origin = _folded(text)
        hit: set[int] = set()
        for match in _TOKEN.finditer(folded):
            run, start = match.group(0), match.start()
            chosen: list[int] = []
            if _IS_CJK(run):
                if self.chinese is not None:
                    for found in self.chinese.finditer(run):
                        chosen.extend(range(found.start(), found.end()))
                if self.sounds:
                    chosen.extend(self._sounding(run))
            elif run[0].isdigit():
                if {run, *re.split(r"[.,]", run)} & self.words:
                    chosen = list(range(len(run)))
            elif self._word(run):
                chosen = list(range(len(run)))
            hit.update(origin[start + offset] for offset in chosen)
        spans: list[tuple[int, int]] = []
        for at in sorted(hit):
            if spans and spans[-1][1] == at:
                spans[-1] = (spans[-1][0], at + 1)
            else:
                spans.append((at, at + 1))
        return spans

    def _sounding(self, run: str) -> list[int]:
        """Characters of a Chinese run whose reading (or a pair's, or a pair's initials) was typed."""
        sounds = self.sounds
        syllables = _char_syllables(run)
        chosen = []
        for i, syllable in enumerate(syllables):
            if syllable in sounds:
                chosen.append(i)
            if i + 1 < len(syllables):
                following = syllables[i + 1]
                if syllable + following in sounds or syllable[0] + following[0] in sounds:
                    chosen.extend((i, i + 1))
        return chosen


def marks(text: str, clauses: list[Clause]) -> list[tuple[int, int]]:
    """Spans of ``text`` (start, end) that the query matched, in order and not overlapping."""
    return Marker(clauses).spans(text)


def highlight(text: str, clauses: list[Clause] | Marker, size: int = 160) -> tuple[str, bool]:
    """A snippet of ``text`` around what the query matched, HTML-escaped, each match in
    ``<mark>``; and whether anything was marked. Pass a ``Marker`` to mark many texts."""
    from html import escape

    marker = clauses if isinstance(clauses, Marker) else Marker(clauses)
    text = " ".join((text or "").split())
    spans = marker.spans(text)
    start = 0
    if spans and len(text) > size:
        start = max(0, min(spans[0][0] - size // 4, len(text) - size))
    end = min(len(text), start + size)
    out: list[str] = ["…" if start else ""]
    at = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        out.append(escape(text[at:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        at = span_end
    out.append(escape(text[at:end]))
    if end < len(text):
        out.append("…")
    return "".join(out), bool(spans)
