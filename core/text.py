"""Text helpers: readable URL slugs (pinyin for Chinese), rich-text sanitizing and plain excerpts."""

from __future__ import annotations

import re
import unicodedata
from html import unescape

import nh3
from pypinyin import lazy_pinyin

_NON_SLUG = re.compile(r"[^a-z0-9]+")
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
