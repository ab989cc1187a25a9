"""What the search box suggests: words of titles and whole names, each found by how it is
spelled, by its full pinyin and by its initials (水泵: ``水泵``, ``shuibeng``, ``sb``)."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pypinyin import Style, lazy_pinyin

from search.analysis import normalize

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_WORD = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,8}$")
_LATIN_WORD = re.compile(r"[a-z][a-z0-9-]{2,30}")
STOPWORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "that",
        "this",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "not",
        "but",
        "you",
        "your",
        "our",
        "its",
        "into",
        "per",
        "can",
        "all",
        "any",
        "out",
        "new",
        "use",
        "used",
        "using",
        "made",
        "make",
        "also",
        "more",
        "most",
        "very",
        "such",
        "than",
        "then",
        "them",
        "they",
        "their",
        "there",
        "these",
        "those",
        "will",
        "when",
        "where",
        "which",
        "while",
        "who",
        "why",
        "how",
        "what",
    ]
)
WHOLE_LENGTH = 40  # a name up to this length is offered whole


@cache
def _segmenter():
    import rjieba

    return rjieba


@lru_cache(maxsize=200_000)
def sound_keys(text: str) -> tuple[str, ...]:
    """Full pinyin and initials of the Chinese in ``text`` (no spaces)."""
    if not _CJK.search(text):
        return ()
    syllables = [s for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s.isascii() and s.isalpha()]
    if not syllables:
        return ()
    return ("".join(syllables), "".join(s[0] for s in syllables))


@lru_cache(maxsize=200_000)
def _keys(display: str) -> tuple[str, ...]:
    compact = "".join(display.split())
    keys = [compact]
    words = display.split()
    keys += ["".join(words[i:]) for i in range(1, min(len(words), 4))]
    keys += sound_keys(display)
    return tuple(dict.fromkeys(k for k in keys if k))


def suggestion_words(text: str, whole: bool = False) -> list[tuple[str, str]]:
    """(key, display) pairs a field's value offers as suggestions."""
    folded = normalize(text)
    out: list[tuple[str, str]] = []
    if whole and 2 <= len(text.strip()) <= WHOLE_LENGTH:
        display = " ".join(text.split())
        out += [(key, display) for key in _keys(normalize(display))]
    for word in _LATIN_WORD.findall(folded):
        if word not in STOPWORDS and word[-1] != "-":
            out.append((word, word))
    for word in _segmenter().cut(folded):
        if _CJK_WORD.match(word):
            out += [(key, word) for key in _keys(word)]
    return list(dict.fromkeys(out))
