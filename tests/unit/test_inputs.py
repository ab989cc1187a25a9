"""core.inputs: numbers and ids checked by shape before any conversion."""

from decimal import Decimal

import pytest

from core import inputs


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1500", 1500),
        ("1,500", 1500),
        (" 1500.00 ", 1500),
        ("\uff11\uff0c\uff15\uff10\uff10", 1500),  # full-width, as a Chinese input method types it
        (1500, 1500),
        (1500.0, 1500),
        (Decimal("1500"), 1500),
    ],
)
def test_whole_numbers_in_every_usual_shape(typed, expected):
    assert inputs.whole_number(typed, 0, 10**9) == expected


@pytest.mark.parametrize(
    "typed",
    ["1e400000", "9" * 5000, "1,2,3", "15,00", "1.5", "-3", "\u00b2", "\u0663", "0x10", "1_000", "", "NaN", "inf",
     1.5, float("nan"), float("inf"), True, Decimal("1e400000"), [1]],
)  # fmt: skip
def test_what_is_not_a_whole_number_is_refused_with_a_message(typed):
    with pytest.raises(inputs.InputError) as error:
        inputs.whole_number(typed, 0, 10**9)
    assert str(error.value.message)


def test_a_whole_number_out_of_range_says_the_range():
    with pytest.raises(inputs.InputError, match="from 1 to 365"):
        inputs.whole_number("99999999999999999999", 1, 365)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12.5", "12.50"),
        ("1,250.00", "1250.00"),
        ("12.500", "12.50"),  # trailing zeros are no extra precision
        ("\uff11\uff12\uff0e\uff15", "12.50"),
        (12.5, "12.50"),
        (18, "18.00"),
        (Decimal("0.1"), "0.10"),
        ("0", "0.00"),
    ],
)
def test_amounts_in_every_usual_shape(typed, expected):
    assert str(inputs.amount(typed)) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12.345", "decimal places"),
        (12.345, "decimal places"),
        ("1,2,3", "such as 12.50"),
        ("1e-9", "such as 12.50"),
        (1e-9, "such as 12.50"),
        ("-1", "such as 12.50"),
        ("NaN", "such as 12.50"),
        (float("inf"), "such as 12.50"),
        ("1" * 13, "below"),
        ("9" * 100, "at most 40"),
        (Decimal("1e400000"), "such as 12.50"),
    ],
)
def test_amounts_are_never_rounded_or_reread_without_a_word(typed, message):
    with pytest.raises(inputs.InputError, match=message):
        inputs.amount(typed)


@pytest.mark.parametrize(
    ("given", "expected"),
    [("42", 42), (" 7 ", 7), ("0", None), ("-1", None), ("9" * 19, None), (str(2**63 - 1), 2**63 - 1),
     (str(2**63), None), ("\u00b2", None), ("\u0663", None), ("1e3", None), ("", None), (None, None)],
)  # fmt: skip
def test_record_ids_are_what_the_database_can_hold(given, expected):
    assert inputs.record_id(given) == expected


def test_a_bulk_list_of_ids_keeps_the_good_ones_up_to_its_limit():
    assert inputs.record_ids(["1", "x", "\u00b2", "99999999999999999999", "2", "3"], 2) == [1, 2]
