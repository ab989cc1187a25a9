"""Unified social credit code (统一社会信用代码), GB 32100-2015.

18 characters from ``0-9`` and the capitals without I, O, S, V, Z. Position 18 is a check
character computed over the first 17 with weights 3^i mod 31.
"""

from __future__ import annotations

import random

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(CHARSET)}
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, 16, ...
# Registration authority codes (position 1) and the category codes valid under each (position 2).
AUTHORITIES = {
    "1": "129",
    "5": "1239",
    "9": "123",
    "Y": "1",
    "A": "19",
    "N": "12349",
    "2": "19",
    "3": "1234589",
    "4": "19",
    "6": "129",
    "7": "129",
    "8": "19",
}


class USCCError(ValueError):
    """A code that is not a valid USCC; ``code`` names the reason for the message."""

    def __init__(self, code: str, found: str | None = None, expected: str | None = None):
        super().__init__(code)
        self.code = code
        # For "check": the last character typed, and the one the first 17 call for.
        self.found = found
        self.expected = expected


def normalize(value: str) -> str:
    return "".join((value or "").split()).upper()


def check_character(first17: str) -> str:
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def validate(value: str) -> str:
    """Return the normalized code or raise USCCError('length'|'charset'|'division'|'check')."""
    code = normalize(value)
    if len(code) != 18:
        raise USCCError("length")
    if any(ch not in _VALUE for ch in code):
        raise USCCError("charset")
    if not code[2:8].isdigit():
        raise USCCError("division")
    expected = check_character(code[:17])
    if expected != code[17]:
        raise USCCError("check", found=code[17], expected=expected)
    return code


def looks_like(value: str) -> bool:
    """Whether a search box's text is meant as a code (18 letters and digits, spaces aside)
    rather than as a name: then it is checked, and a typing error is named."""
    code = normalize(value)
    return len(code) == 18 and code.isascii() and code.isalnum()


def is_valid(value: str) -> bool:
    try:
        validate(value)
    except USCCError:
        return False
    return True


def generate(rng: random.Random | None = None, division: str = "330200") -> str:
    """A syntactically valid code (for demo data and tests), enterprise category 91."""
    rng = rng or random.Random()
    body = "91" + division + "".join(rng.choice(CHARSET[:10] + CHARSET[10:]) for _ in range(9))
    return body + check_character(body)
