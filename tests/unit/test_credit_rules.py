"""The credit rules at their boundaries: publication periods, repair days and the status
(govportal.credit.rules), as the national repair rules set them."""

from dataclasses import dataclass
from datetime import date

import pytest

from govportal.credit import rules


@dataclass
class F:
    kind: str
    grade: str | None = None
    decided_on: date | None = None
    shown_until: date | None = None
    repairable_on: date | None = None
    ended_on: date | None = None
    deleted_at: object = None
    id: int = 1

    @classmethod
    def made(cls, kind, grade=None, decided_on=None, **kw):
        found = rules.periods(kind, grade, decided_on)
        return cls(kind, grade, decided_on, found.shown_until, found.repairable_on, **kw)


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert rules.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert rules.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert rules.add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_a_minor_penalty_is_never_shown_and_counts_for_nothing():
    fact = F.made("penalty", "minor", date(2026, 5, 1))
    assert rules.periods("penalty", "minor", date(2026, 5, 1)).hidden
    assert not rules.is_public(fact, date(2026, 5, 1))
    assert rules.status_of([fact], date(2026, 5, 2)) == "good"


@pytest.mark.parametrize(
    ("grade", "last_shown", "repairable"),
    [("ordinary", date(2027, 3, 9), date(2026, 6, 10)), ("serious", date(2029, 3, 9), date(2027, 3, 10))],
)
def test_a_penalty_is_shown_for_its_period_and_repairable_after_its_minimum(grade, last_shown, repairable):
    decided = date(2026, 3, 10)
    fact = F.made("penalty", grade, decided)
    assert (fact.shown_until, fact.repairable_on) == (last_shown, repairable)
    assert rules.status_of([fact], decided) == "attention"
    assert rules.status_of([fact], last_shown) == "attention"  # the last day it is shown
    assert rules.is_public(fact, last_shown)
    after = date.fromordinal(last_shown.toordinal() + 1)
    assert not rules.is_public(fact, after)
    assert rules.status_of([fact], after) == "good"
    assert rules.next_change([fact], decided) == after


def test_a_repaired_penalty_leaves_the_record_from_the_day_of_repair():
    fact = F.made("penalty", "ordinary", date(2026, 1, 5), ended_on=date(2026, 4, 6))
    assert rules.status_of([fact], date(2026, 4, 5)) == "attention"
    assert rules.status_of([fact], date(2026, 4, 6)) == "good"
    assert not rules.is_public(fact, date(2026, 4, 6))


def test_an_abnormal_entry_lasts_until_removed_and_then_stays_visible_as_removed():
    fact = F.made("abnormal", None, date(2025, 7, 1))
    assert fact.repairable_on == date(2025, 7, 1)  # whenever the cause is cured
    assert rules.status_of([fact], date(2030, 1, 1)) == "abnormal"
    fact.ended_on = date(2026, 2, 1)
    assert rules.status_of([fact], date(2026, 1, 31)) == "abnormal"
    assert rules.status_of([fact], date(2026, 2, 1)) == "good"
    assert rules.is_public(fact, date(2026, 2, 1))  # the removal is part of the record


def test_the_serious_dishonesty_list_lasts_three_years_and_can_be_left_after_one():
    fact = F.made("dishonesty", None, date(2024, 6, 1))
    assert fact.repairable_on == date(2025, 6, 1)
    assert fact.shown_until == date(2027, 5, 31)
    assert rules.status_of([fact], date(2027, 5, 31)) == "serious"
    assert rules.status_of([fact], date(2027, 6, 1)) == "good"


def test_the_worst_reason_decides_and_each_is_listed():
    facts = [
        F.made("penalty", "ordinary", date(2026, 9, 1), id=1),
        F.made("abnormal", None, date(2026, 8, 1), id=2),
        F.made("dishonesty", None, date(2026, 7, 1), id=3),
    ]
    found = rules.reasons(facts, date(2026, 10, 1))
    assert [r.status for r in found] == ["serious", "abnormal", "attention"]
    assert rules.status_of(facts, date(2026, 10, 1)) == "serious"


def test_a_failed_inspection_counts_for_twelve_months():
    fact = F.made("inspection", "fail", date(2026, 2, 10))
    assert rules.status_of([fact], date(2027, 2, 9)) == "attention"
    assert rules.status_of([fact], date(2027, 2, 10)) == "good"
    assert rules.status_of([F.made("inspection", "pass", date(2026, 2, 10))], date(2026, 3, 1)) == "good"


def test_only_the_latest_registration_status_counts():
    revoked = F.made("registration", "revoked", date(2020, 1, 1), id=1)
    active = F.made("registration", "active", date(2022, 1, 1), id=2)
    assert rules.status_of([revoked], date(2026, 1, 1)) == "abnormal"
    assert rules.status_of([revoked, active], date(2026, 1, 1)) == "good"
    assert rules.status_of([F.made("registration", "cancelled", date(2025, 1, 1))], date(2026, 1, 1)) == "attention"


def test_a_fact_taken_out_as_entered_in_error_counts_for_nothing():
    fact = F.made("dishonesty", None, date(2026, 1, 1), deleted_at=object())
    assert not rules.is_public(fact, date(2026, 2, 1))
    assert rules.status_of([fact], date(2026, 2, 1)) == "good"
