"""Text analysis for the index and for queries, done here so that no backend needs a plugin.

A text becomes terms in two streams:

- ``text``: each run of Chinese characters as its single characters and its overlapping pairs
  (``安装简单`` holds ``简单``, so a two-character word is found inside a longer one, and a
  single character is found too); Latin words case-folded, NFKC-normalized and stemmed with
  the English Snowball stemmer (``pumps`` and ``pumping`` are ``pump``); numbers as written,
  by their parts and by their digits (``8413.70`` is also ``8413`` and ``841370``).
- ``pinyin``: the same Chinese runs read aloud, as syllables, pairs of syllables
  (``ningbo``) and pairs of initials (``nb``). Only a query typed in Latin letters looks here,
  so a query in Chinese characters never matches characters that merely sound alike
  (``景点`` does not find ``经典``).

``parse(query)`` turns what a visitor typed into clauses that must all match; a clause offers
alternatives (a Latin word may be English or pinyin). Quoted text is a phrase: its terms in
order. The backends (embedded, Elasticsearch) store and match these terms; the search issue's
contract suite checks them through the backends.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

import Stemmer
from pypinyin import Style, lazy_pinyin

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[a-z]+(?:'[a-z]+)?|[0-9]+(?:[.,][0-9]+)*")
_LATIN_WORD = re.compile(r"[a-z]+")
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
        if re.match(rf"[{_CJK}]", run):
            yield "cjk", run
        elif run[0].isdigit():
            yield "number", run
        else:
            yield "word", run.replace("'", "")


def _pieces(run: str) -> list[str]:
    """A Chinese run as its characters and its overlapping pairs."""
    return [*run, *(run[i : i + 2] for i in range(len(run) - 1))]


def index_terms(text: str) -> list[str]:
    """The ``text`` stream of a field's value."""
    terms: list[str] = []
    words: list[str] = []
    for kind, run in _runs(normalize(text)):
        if kind == "cjk":
            terms.extend(_pieces(run))
        elif kind == "word":
            words.append(run)
        else:  # 8413.70: as written, its parts and its digits (an HS code is typed either way)
            parts = re.split(r"[.,]", run)
            terms.extend(dict.fromkeys([run, *parts, "".join(parts)]))
    terms.extend(_stemmer().stemWords(words))
    return terms


def _syllables(run: str) -> list[str]:
    return [s for s in lazy_pinyin(run, style=Style.NORMAL, errors="ignore") if s.isascii() and s.isalpha()]


def pinyin_terms(text: str) -> list[str]:
    """The ``pinyin`` stream: syllables, pairs of syllables and pairs of initials of the
    Chinese runs (宁波市 → ning, bo, shi, ningbo, boshi, nb, bs)."""
    terms: list[str] = []
    for kind, run in _runs(normalize(text)):
        if kind != "cjk":
            continue
        syllables = _syllables(run)
        terms.extend(syllables)
        terms.extend(a + b for a, b in pairwise(syllables))
        terms.extend(a[0] + b[0] for a, b in pairwise(syllables))
    return terms


@cache
def _all_syllables() -> frozenset[str]:
    """Every syllable of Mandarin as pypinyin reads the common characters."""
    chars = "".join(chr(code) for code in range(0x4E00, 0x9FA6))
    return frozenset(_syllables(chars))


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
    """One way a clause can match: all ``terms`` in ``stream`` (in order when ``phrase``)."""

    stream: str
    terms: tuple[str, ...]
    phrase: bool = False


@dataclass
class Clause:
    """Something typed that must match, one way or another."""

    typed: str
    alternatives: list[Alternative] = field(default_factory=list)


def _pinyin_alternative(word: str) -> Alternative | None:
    syllables = split_pinyin(word)
    if syllables:
        pairs = tuple(a + b for a, b in pairwise(syllables)) or tuple(syllables)
        return Alternative("pinyin", pairs)
    if 2 <= len(word) <= 8 and not any(ch in "aeiouv" for ch in word):  # initials: nb, nbs
        return Alternative("pinyin", tuple(a + b for a, b in pairwise(word)))
    return None


def parse(query: str) -> list[Clause]:
    """What a visitor typed as clauses that must all match."""
    text = normalize(query)[:500]
    clauses: list[Clause] = []
    for phrase in _PHRASE.findall(text):
        terms = tuple(t for t in index_terms(phrase) if len(t) > 1 or not re.match(rf"[{_CJK}]", t))
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
