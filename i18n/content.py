"""Content stored in several languages.

A multilingual model keeps one column per language (``name_zh``, ``name_en``), which stays
indexable and sortable, plus ``original_language``: the language its author wrote in.
``localized(obj, "name", lang)`` gives the value in ``lang`` or, when that is empty, the
original-language value marked as a fallback so the page can say so (and set ``lang=``).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

CONTENT_LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class LocalizedText:
    text: str
    lang: str
    requested: str

    @property
    def is_fallback(self) -> bool:
        return self.lang != self.requested

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    def __html__(self) -> str:
        """Rendered in a template: the text, with its language and a fallback note when needed."""
        if not self.is_fallback:
            return str(escape(self.text))
        from flask_babel import gettext

        note = gettext("(original language)")
        return str(
            Markup('<span lang="{lang}">{text}</span> <small class="fallback-note">{note}</small>').format(
                lang=self.lang, text=self.text, note=note
            )
        )


class Localizable:
    """``obj.localized("name", lang)`` for anything with ``name_zh``, ``name_en`` and
    ``original_language`` attributes (models and read models alike)."""

    __slots__ = ()

    def localized(self, field: str, lang: str) -> LocalizedText:
        return localized(self, field, lang)


class Multilingual(Localizable):
    """Mixin for models with per-language columns; subclasses list them in ``__multilingual__``."""

    __multilingual__: tuple[str, ...] = ()
    original_language: Mapped[str] = mapped_column(String(8), default="zh")

    def set_localized(self, field: str, lang: str, value: str | None) -> None:
        if lang not in CONTENT_LANGUAGES:
            raise ValueError(f"unsupported content language {lang!r}")
        setattr(self, f"{field}_{lang}", (value or "").strip() or None)


def localized(obj, field: str, lang: str) -> LocalizedText:
    value = getattr(obj, f"{field}_{lang}", None)
    if value:
        return LocalizedText(value, lang, lang)
    original = getattr(obj, "original_language", None) or CONTENT_LANGUAGES[0]
    order = [original] + [code for code in CONTENT_LANGUAGES if code != original]
    for code in order:
        value = getattr(obj, f"{field}_{code}", None)
        if value:
            return LocalizedText(value, code, lang)
    return LocalizedText("", lang, lang)
