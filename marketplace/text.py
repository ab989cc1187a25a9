"""Text helpers for the expo: readable URL slugs (pinyin for Chinese) and rich-text sanitizing."""

from __future__ import annotations

import re
import unicodedata

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


def plain_excerpt(html: str | None, length: int = 160) -> str:
    if not html:
        return ""
    text = nh3.clean(html, tags=set()).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
