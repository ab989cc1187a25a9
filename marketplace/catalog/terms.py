"""Trade terms buyers read in their own language: order units, FOB ports, specification names.

A product stores the code of its order unit (``pieces``) and of its FOB port (``ningbo``), and
every page shows the name in the reader's language ("件" / "pieces", "宁波" / "Ningbo"). Forms
offer the lists; a spreadsheet may give the code, the name in either language or a usual
abbreviation ("pcs", "PC", "个"), and anything else is refused with the list. A stored value
from before the lists (free text) is shown as it was written.

A specification's name may be written in both languages, ``材质 / Material``; each reader sees
the half in their language (``spec_name``).
"""

from __future__ import annotations

import re
import unicodedata

# code: (English name, Chinese name, other ways a file writes it). The names of both languages
# are here rather than in the message catalogue: they are data a file may hold in either.
UNITS = {
    "pieces": ("pieces", "件", ("pcs", "pc", "piece", "个", "只")),
    "sets": ("sets", "套", ("set",)),
    "pairs": ("pairs", "双", ("pair", "对")),
    "units": ("units", "台", ("unit",)),
    "dozens": ("dozens", "打", ("dozen", "doz")),
    "boxes": ("boxes", "盒", ("box",)),
    "cartons": ("cartons", "箱", ("carton", "ctn", "ctns")),
    "bags": ("bags", "袋", ("bag",)),
    "rolls": ("rolls", "卷", ("roll",)),
    "meters": ("meters", "米", ("meter", "m", "metres")),
    "square_meters": ("square meters", "平方米", ("m2", "sqm", "square meter")),
    "kg": ("kilograms", "千克", ("kilogram", "kilograms", "kgs", "公斤")),
    "tons": ("tons", "吨", ("ton", "t", "tonnes", "mt")),
    "liters": ("liters", "升", ("liter", "l", "litres")),
}

PORTS = {
    "ningbo": ("Ningbo", "宁波", ()),
    "ningbo-zhoushan": ("Ningbo-Zhoushan", "宁波舟山", ("ningbo zhoushan",)),
    "shanghai": ("Shanghai", "上海", ()),
    "shenzhen": ("Shenzhen", "深圳", ("yantian", "shekou")),
    "guangzhou": ("Guangzhou", "广州", ("nansha",)),
    "qingdao": ("Qingdao", "青岛", ()),
    "tianjin": ("Tianjin", "天津", ("xingang",)),
    "xiamen": ("Xiamen", "厦门", ()),
    "dalian": ("Dalian", "大连", ()),
    "hong-kong": ("Hong Kong", "香港", ("hongkong",)),
}


def _normal(text) -> str:
    text = unicodedata.normalize("NFKC", str(text or "")).casefold().strip()
    return re.sub(r"[\s_]+", " ", text).removesuffix(".")


def _index(table: dict) -> dict[str, str]:
    found = {}
    for code, (english, chinese, others) in table.items():
        for name in (code, code.replace("_", " "), english, chinese, *others):
            found[_normal(name)] = code
    return found


_UNIT_INDEX = _index(UNITS)
_PORT_INDEX = _index(PORTS)


def unit_code(value) -> str | None:
    """The unit a form or a file names, or None (empty or not one of ours)."""
    return _UNIT_INDEX.get(_normal(value)) if value not in (None, "") else None


def port_code(value) -> str | None:
    return _PORT_INDEX.get(_normal(value)) if value not in (None, "") else None


def _name(table: dict, code: str | None, lang: str) -> str:
    if not code:
        return ""
    entry = table.get(code)
    if entry is None:
        return code  # free text from before the lists
    english, chinese, _others = entry
    return chinese if lang == "zh" else english


def unit_name(code: str | None, lang: str) -> str:
    return _name(UNITS, code, lang)


def port_name(code: str | None, lang: str) -> str:
    return _name(PORTS, code, lang)


def unit_choices(lang: str) -> list[tuple[str, str]]:
    return [(code, unit_name(code, lang)) for code in UNITS]


def port_choices(lang: str) -> list[tuple[str, str]]:
    return [(code, port_name(code, lang)) for code in PORTS]


_CJK = re.compile(r"[\u3400-\u9fff]")


def spec_name(name: str, lang: str) -> str:
    """``材质 / Material`` read in one language: the half in that language; a name written in
    one language only is shown as written."""
    parts = [part.strip() for part in re.split(r"\s*[/／]\s*", name or "") if part.strip()]
    if len(parts) == 2:
        chinese = [p for p in parts if _CJK.search(p)]
        other = [p for p in parts if not _CJK.search(p)]
        if len(chinese) == 1 and len(other) == 1:
            return chinese[0] if lang == "zh" else other[0]
    return name
