"""Text helpers: names and short lines as people type them, readable URL slugs (pinyin for
Chinese), rich-text sanitizing and plain excerpts."""

from __future__ import annotations

import re
import unicodedata
from html import unescape

import nh3
from flask_babel import lazy_gettext as _l
from pypinyin import lazy_pinyin

_NON_SLUG = re.compile(r"[^a-z0-9]+")

# Never in a name or a line of text: C0 and C1 control characters, text-direction overrides,
# embeddings and isolates (they make "gpj.exe" look like "exe.jpg"), and lone surrogates.
_NOT_ALLOWED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_LINE_BREAKS = re.compile("[\t\n\r]")
# Invisible at either end of a value: spaces, the ideographic space, zero-width characters.
_EDGES = " \t\n\r\u00a0\u3000\u200b\u200c\u200d\u2060\ufeff"


class TextProblem(ValueError):
    """A value refused for what is in it; ``message`` says why, in the user's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _visible(char: str) -> bool:
    return unicodedata.category(char)[0] not in "CZM"


def plain_text(value, *, multiline: bool = False, identifier: bool = False, markup: bool = False) -> str:
    """A name, title, code or short text as it is kept, or ``TextProblem``.

    Composed to NFC (what looks the same is stored the same); invisible characters at the
    ends are dropped (they change nothing a reader sees); control characters and
    text-direction marks are refused, and so is a value of nothing but invisible characters.
    ``identifier`` (a SKU): NFKC, so full-width "ＧＶ－１００" is "GV-100", and no invisible
    character anywhere, so "SKU\u200b" cannot pass for "SKU". ``markup``: allow < and >.
    """
    text = unicodedata.normalize("NFKC" if identifier else "NFC", str(value))
    if text.strip() and not any(_visible(char) for char in text):  # spaces alone are just empty
        raise TextProblem(_l("This field has no visible characters."))
    text = text.strip(_EDGES)
    if _NOT_ALLOWED.search(_LINE_BREAKS.sub("", text)):
        raise TextProblem(_l("This field contains control characters or text-direction marks, which are not allowed."))
    if not multiline and _LINE_BREAKS.search(text):
        raise TextProblem(_l("Write this on one line."))
    if identifier and any(unicodedata.category(char) == "Cf" for char in text):
        raise TextProblem(_l("This field contains an invisible character (such as a zero-width space): type it again."))
    if not markup and ("<" in text or ">" in text):
        raise TextProblem(_l("Please do not use < or > in this field."))
    return text


ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
    "a",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def slugify(text: str | None, max_length: int = 80, fallback: str = "item") -> str:
    """``宁波华宇机械 Valve-200`` → ``ning-bo-hua-yu-ji-xie-valve-200``."""
    if not text:
        return fallback
    parts = lazy_pinyin(text, errors=lambda chars: [unicodedata.normalize("NFKD", chars)])
    ascii_text = " ".join(parts).encode("ascii", "ignore").decode().lower()
    slug = _NON_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or fallback


def sanitize_html(html: str | None) -> str | None:
    """Keep simple formatting, drop scripts, styles, events and foreign URLs schemes."""
    if not html or not html.strip():
        return None
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return cleaned.strip() or None


# A tag of sanitized HTML (quoted attribute values may hold ">"), and the tags that end a line.
_TAG = re.compile(r"""<(/?[a-zA-Z0-9]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
_BLOCK_TAGS = {"p", "br", "li", "ul", "ol", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "blockquote"}


def _tag_gap(match: re.Match) -> str:
    return " " if match.group(1).lstrip("/").lower() in _BLOCK_TAGS else ""


def plain_excerpt(html: str | None, length: int = 160) -> str:
    """The text of rich text that ``sanitize_html`` kept, whitespace collapsed, cut at ``length``.

    Block tags (paragraphs, list items, cells) become spaces, so "<li>MOQ 500</li><li>Lead
    time" does not read "MOQ 500Lead time"; inline tags vanish; entities become characters.
    A regular expression suffices: the stored HTML is nh3's well-formed output.
    """
    if not html:
        return ""
    text = " ".join(unescape(_TAG.sub(_tag_gap, html)).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
