"""Countries and regions by ISO 3166 code, named in each language by Babel's CLDR data.

Taiwan, Hong Kong and Macao are named as Chinese government sites name them."""

from __future__ import annotations

from functools import cache

from babel import Locale

_NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "XK"}
_NAMES = {
    "zh": {"TW": "中国台湾", "HK": "中国香港", "MO": "中国澳门"},
    "en": {"TW": "Taiwan, China", "HK": "Hong Kong, China", "MO": "Macao, China"},
}


@cache
def _territories(lang: str) -> dict[str, str]:
    names = Locale.parse(lang).territories
    found = {code: name for code, name in names.items() if len(code) == 2 and code.isalpha()}
    for code in _NOT_COUNTRIES:
        found.pop(code, None)
    found.update(_NAMES.get(lang, {}))
    return found


def country_codes() -> frozenset[str]:
    return frozenset(_territories("en"))


def country_name(code: str | None, lang: str) -> str:
    return _territories(lang).get(code or "", code or "")


@cache
def country_choices(lang: str) -> tuple[tuple[str, str], ...]:
    """(code, name) sorted by name as the language sorts (Chinese by pinyin)."""
    names = _territories(lang)
    if lang == "zh":
        from pypinyin import lazy_pinyin

        return tuple(sorted(names.items(), key=lambda item: lazy_pinyin(item[1])))
    return tuple(sorted(names.items(), key=lambda item: item[1].casefold()))
