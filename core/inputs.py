"""Numbers, days and ids that people type, files carry and URLs hold, checked by shape before any
conversion.

``int(Decimal("1e400000"))`` costs minutes of CPU and ``Decimal("1e-9")`` is a price of 0.00;
``"²".isdigit()`` is true and ``int("²")`` fails; an id beyond 2^63 reaches the database and
fails there. So every number of a form, an import, a query string or a URL goes through here:
its length first, then its shape (the ASCII digits 0-9, commas only between thousands, at
most the decimal places the field has: never rounded or reread without a word), then the
conversion, then the range. Full-width digits and commas (typed with a Chinese input method)
are read as ASCII ones; anything else (superscripts, other scripts' digits) is refused with a
message that says what to type.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter, ValidationError

MAX_ID = 2**63 - 1  # the largest id PostgreSQL's bigint and SQLite's integer hold
MAX_LENGTH = 40  # characters of a number as typed, separators and spaces included

_WHOLE = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.0+)?")
_DECIMAL = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?")
_ID = re.compile(r"[0-9]{1,19}")


class InputError(ValueError):
    """A value that is not the number asked for; ``message`` says so in the user's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# Full-width digits and signs (U+FF0B-FF19, as a Chinese input method types them) and the
# ideographic space. Not NFKC: that also reads "10\u00b2" as 102.
_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF0B, 0xFF1A)} | {0x3000: 0x20}


def halfwidth(text: str) -> str:
    """``text`` with full-width digits, signs and spaces as their ASCII forms."""
    return text.translate(_HALFWIDTH)


def _text(value) -> str:
    text = halfwidth(str(value)[: MAX_LENGTH * 4]).strip()
    if len(text) > MAX_LENGTH:
        raise InputError(_l("A number of at most %(n)s characters.", n=MAX_LENGTH))
    return text


def whole_number(value, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``: ``1500``, ``1,500``, ``1500.0`` or a file's number."""
    if isinstance(value, bool):
        raise InputError(_l("Enter a whole number, such as 500 or 1,500."))
    if isinstance(value, int):
        number = value
    elif isinstance(value, (float, Decimal)):
        if not (value == value and abs(value) < 10**18) or value != int(value):  # NaN, huge, a fraction
            raise InputError(_l("Enter a whole number, such as 500 or 1,500."))
        number = int(value)
    else:
        text = _text(value)
        if not _WHOLE.fullmatch(text):
            raise InputError(_l("Enter a whole number, such as 500 or 1,500."))
        number = int(text.split(".", 1)[0].replace(",", ""))
    if not low <= number <= high:
        raise InputError(_l("Enter a number from %(low)s to %(high)s.", low=low, high=high))
    return number


def amount(value, places: int = 2, high: Decimal = Decimal("1e12")) -> Decimal:
    """A non-negative amount below ``high`` with at most ``places`` decimals: ``12.5``,
    ``1,250.00`` or a file's number. ``12.345`` is refused, not rounded."""
    if isinstance(value, bool):
        raise InputError(_l("Enter a price such as 12.50 or 1,250.00."))
    if isinstance(value, float):
        if not math.isfinite(value) or value < 0:
            raise InputError(_l("Enter a price such as 12.50 or 1,250.00."))
        value = repr(value)  # the shortest text of the float: 12.345, not 12.3449999...
        if "e" in value or "E" in value:
            raise InputError(_l("Enter a price such as 12.50 or 1,250.00."))
    if isinstance(value, (int, Decimal)):
        value = str(value)
    text = _text(value)
    found = _DECIMAL.fullmatch(text)
    if not found:
        raise InputError(_l("Enter a price such as 12.50 or 1,250.00."))
    if found.group(1) is not None and len(found.group(1).rstrip("0")) > places:
        raise InputError(_l("At most %(n)s decimal places: 12.35, not 12.345.", n=places))
    number = Decimal(text.replace(",", ""))
    if number >= high:
        raise InputError(_l("Enter an amount below %(high)s.", high=f"{high:,.0f}"))
    return number.quantize(Decimal(1).scaleb(-places))


def record_id(value) -> int | None:
    """The id a query string or form names, or None: only 1 to 2^63 - 1 in ASCII digits."""
    if value is None:
        return None
    text = str(value).strip()
    if not _ID.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def record_ids(values, limit: int) -> list[int]:
    """The ids of a list (checkboxes of a bulk action), at most ``limit``, the rest dropped."""
    found = []
    for value in values:
        number = record_id(value)
        if number is not None:
            found.append(number)
            if len(found) == limit:
                break
    return found


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: a number past what the database holds is no page (404),
    not a database error; a digit string longer than any id is refused before ``int()``."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)

    def to_python(self, value: str):
        if len(value) > 19:
            raise ValidationError()
        return super().to_python(value)


_DAY = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def calendar_day(value, low: date | None = None, high: date | None = None) -> date:
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        match = _DAY.match(halfwidth(str(value)[:40]).strip())
        try:
            value = date(*(int(part) for part in match.groups())) if match else None
        except ValueError:
            value = None
        if value is None:
            raise InputError(_l("Enter a date as year-month-day, for example 2026-03-01."))
    if (low and value < low) or (high and value > high):
        raise InputError(_l("Enter a date between %(low)s and %(high)s.", low=low or "", high=high or ""))
    return value


class Fields:
    """One record's values as a form or a spreadsheet row sent them, cleaned field by field.

    Each method returns the clean value, or None when the field is empty or wrong; a wrong value
    adds ``(field, message)`` to ``errors`` (which a service returns beside the clean values, and
    a view shows at the field). Every domain that takes records in (products, buyer requests,
    quotes) cleans them here."""

    def __init__(self, raw: dict, errors: list | None = None):
        self.raw = raw
        self.errors: list = [] if errors is None else errors

    def error(self, field: str, message) -> None:
        self.errors.append((field, message))

    def has_error(self, field: str) -> bool:
        return any(name == field for name, _message in self.errors)

    def _given(self, field: str):
        value = self.raw.get(field)
        return None if value is None or str(value).strip() == "" else value

    def _parsed(self, field: str, parse):
        value = self._given(field)
        if value is None:
            return None
        try:
            return parse(value)
        except InputError as error:
            self.error(field, error.message)
            return None

    def whole(self, field: str, low: int = 0, high: int = 10**9) -> int | None:
        return self._parsed(field, lambda value: whole_number(value, low, high))

    def money(self, field: str, places: int = 2) -> Decimal | None:
        return self._parsed(field, lambda value: amount(value, places))

    def text(
        self, field: str, limit: int | None = None, *, required=False, multiline=False, identifier=False, markup=False
    ):
        """Plain text (core.text.plain_text: nothing invisible or ambiguous), at most ``limit``;
        ``markup``: < and > allowed (kept as text, escaped wherever it is shown)."""
        from core.text import TextProblem, plain_text

        value = self.raw.get(field)
        try:
            value = (
                "" if value is None else plain_text(value, identifier=identifier, multiline=multiline, markup=markup)
            )
        except TextProblem as problem:
            self.error(field, problem.message)
            return None
        if limit and len(value) > limit:
            self.error(field, _l("At most %(n)s characters.", n=limit))
            return None
        if required and not value:
            self.error(field, _l("This field is required."))
        return value or None

    def choice(self, field: str, allowed, message, *, default=None):
        """One of ``allowed`` (codes), or ``default`` when empty; anything else gets ``message``."""
        value = self._given(field)
        if value is None:
            return default
        value = str(value).strip()[:100]
        if value not in allowed:
            self.error(field, message)
            return None
        return value

    def day(self, field: str, low: date | None = None, high: date | None = None) -> date | None:
        """A calendar day: 2026-03-01, 2026/3/1, 2026年3月1日, or a date a spreadsheet cell holds."""
        return self._parsed(field, lambda value: calendar_day(value, low, high))
