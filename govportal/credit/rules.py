"""The credit rules, as plain functions of facts and a day: how long a negative entry is
shown, from when it can be repaired, and the record's status with its reasons in plain words.

Publication periods follow the national rules on administrative-penalty publicity and credit
repair (市场监督管理行政处罚信息公示规定; 失信行为纠正后的信用信息修复管理办法):

- a **minor** penalty (简易程序: a warning or a small fine) is not published at all;
- an **ordinary** penalty is shown for one year and can be repaired after three months;
- a **serious** penalty is shown for three years and can be repaired after one year;
- an **abnormal-operations** entry stays until its cause is cured, then it is removed (at any
  time: filing the missing annual report cures it);
- a **serious-dishonesty** entry lasts three years and ends by itself; removal can be asked
  for after one year.

The rules read ``kind``, ``grade``, ``decided_on``, ``shown_until``, ``ended_on`` and
``deleted_at`` of a fact (a CreditFact, or anything with those attributes).

Status, worst first: **serious** (on the serious-dishonesty list), **abnormal** (on the
abnormal-operations list, or its business licence revoked), **attention** (a penalty still
shown, a failed inspection in the last year, or deregistered), otherwise **good**.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from core.organizations.standing import ABNORMAL, ATTENTION, GOOD, ORDER, SERIOUS

# (shown for, repairable after), in months, by penalty severity; minor: never shown.
PENALTY_MONTHS = {"ordinary": (12, 3), "serious": (36, 12)}
DISHONESTY_MONTHS = (36, 12)
INSPECTION_MONTHS = 12
DAY = timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day where it has no such day."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Periods:
    shown_until: date | None  # last day shown; None: shown while it lasts (or never, if hidden)
    repairable_on: date | None  # from this day the enterprise can ask for repair or removal
    hidden: bool = False  # never published (a minor penalty)


def periods(kind: str, grade: str | None, decided_on: date | None) -> Periods:
    """The publication period and repair day of a fact, from its kind, grade and date."""
    if kind == "penalty":
        if grade == "minor":
            return Periods(None, None, hidden=True)
        shown, repair = PENALTY_MONTHS.get(grade or "ordinary", PENALTY_MONTHS["ordinary"])
        if decided_on is None:
            return Periods(None, None)
        # Shown for ``shown`` months: the last day is the day before the anniversary.
        return Periods(add_months(decided_on, shown) - DAY, add_months(decided_on, repair))
    if kind == "dishonesty" and decided_on is not None:
        shown, repair = DISHONESTY_MONTHS
        return Periods(add_months(decided_on, shown) - DAY, add_months(decided_on, repair))
    if kind == "abnormal":
        return Periods(None, decided_on)  # removed once the cause is cured, whenever that is
    return Periods(None, None)


def is_public(fact, today: date) -> bool:
    """Whether the public record shows the fact today (ended entries stay, marked as ended,
    except penalties, which leave the record when repaired or past their period)."""
    if fact.deleted_at is not None:
        return False
    if fact.kind == "penalty":
        if fact.grade == "minor":
            return False
        if fact.ended_on is not None and fact.ended_on <= today:
            return False
        return fact.shown_until is None or today <= fact.shown_until
    return True


def is_active(fact, today: date) -> bool:
    """Whether a negative fact counts against the enterprise today."""
    if not is_public(fact, today):
        return False
    if fact.ended_on is not None and fact.ended_on <= today:
        return False
    if fact.kind == "dishonesty" and fact.shown_until is not None and today > fact.shown_until:
        return False
    if fact.kind == "inspection":
        if fact.grade != "fail" or fact.decided_on is None:
            return False
        return today < add_months(fact.decided_on, INSPECTION_MONTHS)
    if fact.kind == "registration":
        return fact.grade in ("revoked", "cancelled")
    return fact.kind in ("penalty", "abnormal", "dishonesty")


@dataclass(frozen=True)
class Reason:
    status: str
    text: object  # lazy string, the rule in plain words
    fact: object


def _latest_registration(facts):
    current = [f for f in facts if f.kind == "registration" and f.deleted_at is None]
    return max(current, key=lambda f: (f.decided_on or date.min, getattr(f, "id", 0) or 0), default=None)


def reasons(facts, today: date) -> list[Reason]:
    """Why the record is not good: one reason per fact that counts against it, worst first."""
    found = []
    registration = _latest_registration(facts)
    for fact in facts:
        if fact.kind == "registration" and fact is not registration:
            continue  # only the current registration status counts
        if not is_active(fact, today):
            continue
        if fact.kind == "dishonesty":
            found.append(Reason(SERIOUS, _l("It is on the serious-dishonesty list."), fact))
        elif fact.kind == "abnormal":
            found.append(Reason(ABNORMAL, _l("It is on the abnormal-operations list."), fact))
        elif fact.kind == "registration" and fact.grade == "revoked":
            found.append(Reason(ABNORMAL, _l("Its business licence has been revoked."), fact))
        elif fact.kind == "registration":
            found.append(Reason(ATTENTION, _l("It has been deregistered."), fact))
        elif fact.kind == "penalty":
            found.append(Reason(ATTENTION, _l("An administrative penalty is within its publication period."), fact))
        elif fact.kind == "inspection":
            found.append(Reason(ATTENTION, _l("It failed an inspection in the last twelve months."), fact))
    return sorted(found, key=lambda r: -ORDER.index(r.status))


def status_of(facts, today: date) -> str:
    found = reasons(facts, today)
    return found[0].status if found else GOOD


def next_change(facts, today: date) -> date | None:
    """The first day after ``today`` on which the status may change by itself (a period ends):
    the nightly refresh recomputes records whose day has come."""
    days = []
    for fact in facts:
        if fact.deleted_at is not None or (fact.ended_on is not None and fact.ended_on <= today):
            continue
        if fact.kind in ("penalty", "dishonesty") and fact.shown_until is not None and fact.shown_until >= today:
            days.append(fact.shown_until + DAY)
        elif fact.kind == "inspection" and fact.grade == "fail" and fact.decided_on is not None:
            end = add_months(fact.decided_on, INSPECTION_MONTHS)
            if end > today:
                days.append(end)
    return min(days, default=None)


REPAIR_PATHS = {
    "penalty": _l(
        "After the minimum period the enterprise can apply for credit repair: it shows that it has "
        "carried out the penalty and corrected the conduct, and commits to comply. Once repaired, the "
        "penalty is no longer published."
    ),
    "abnormal": _l(
        "The entry is removed once its cause is cured, for example by filing the missing annual report "
        "or registering the correct address, on the enterprise's application to the authority."
    ),
    "dishonesty": _l(
        "The entry ends three years after listing. After one year the enterprise can apply for early "
        "removal if it has corrected the conduct and carried out the penalty."
    ),
    "inspection": _l("A failed inspection counts for twelve months; a later inspection that passes is recorded too."),
    "registration": _l("The registration status changes with the registration authority's record."),
}
