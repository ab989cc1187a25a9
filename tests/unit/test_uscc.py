"""The unified social credit code rules of GB 32100-2015."""

import random

import pytest

from core.organizations import uscc

# Codes published on real business licences (public registry data).
REAL_CODES = ["91350100M000100Y43", "91110108551385082Q", "91440300708461136T"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_valid(code):
    assert uscc.validate(code) == code


def test_lowercase_and_spaces_are_normalized():
    assert uscc.validate(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert uscc.validate("9135 0100 M000 100Y43") == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("", "length"),
        ("91350100M000100Y4", "length"),
        ("91350100M000100Y433", "length"),
        ("91350100M000100I43", "charset"),  # I is not in the character set
        ("91350100M00O100Y43", "charset"),
        ("913501<0M000100Y43", "charset"),
        ("91ABCDEFM000100Y43", "division"),
        ("91350100M000100Y44", "check"),
        ("91350100M000100Y4Z", "charset"),
    ],
)
def test_invalid_codes_name_their_reason(code, reason):
    with pytest.raises(uscc.USCCError) as info:
        uscc.validate(code)
    assert info.value.code == reason


def test_a_single_changed_character_is_caught():
    code = REAL_CODES[0]
    for position in range(17):
        for replacement in "0A":
            if code[position] == replacement:
                continue
            changed = code[:position] + replacement + code[position + 1 :]
            assert not uscc.is_valid(changed), changed


def test_generated_codes_are_valid_and_distinct():
    rng = random.Random(1)
    codes = {uscc.generate(rng) for _ in range(500)}
    assert len(codes) == 500
    assert all(uscc.is_valid(c) for c in codes)


# The codes issue 14 names (real enterprises' public codes).
ISSUE_CODES = ["9144030071526726XG", "91330100799655058B", "91110108551385082Q", "91310000MA1FL1MMXL"]


@pytest.mark.parametrize("code", ISSUE_CODES)
def test_each_wrong_check_character_is_named_with_the_right_one(code):
    assert uscc.validate(code) == code
    for wrong in uscc.CHARSET:
        if wrong == code[-1]:
            continue
        with pytest.raises(uscc.USCCError) as info:
            uscc.validate(code[:17] + wrong)
        assert (info.value.code, info.value.found, info.value.expected) == ("check", wrong, code[-1])


def test_a_code_typed_in_a_search_box_is_told_apart_from_a_name():
    assert uscc.looks_like("9144 0300 7152 6726 xg")
    assert uscc.looks_like("9144030071526726X0")  # a code with a typing error is still a code
    assert not uscc.looks_like("宁波海曙精密阀门有限公司")
    assert not uscc.looks_like("ningbo valve")
    assert not uscc.looks_like("914403007152")
