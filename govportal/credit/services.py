"""Changing credit records: enterprises and their facts, status, follows, objections.

Every change of a fact goes through ``_changed``: it recomputes the enterprise's status by the
rules, hands the status to core's standing (the marketplace's badge and filter), writes the
audit entry and tells the followers, all in the caller's transaction. Nothing here commits.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from core import audit
from core.db import unique_error, utcnow
from core.errors import Conflict, DomainError, Forbidden, NotFound
from core.extensions import db
from core.inputs import Fields
from core.jobs import job
from core.notifications import tell
from core.organizations import standing, uscc as uscc_rules
from core.organizations.choices import DISTRICTS, INDUSTRIES
from core.organizations.services import uscc_message
from govportal.credit import rules
from govportal.credit.models import (
    FACT_KINDS,
    INSPECTION_RESULTS,
    REGISTRATION,
    SEVERITIES,
    SOURCES,
    CreditEnterprise,
    CreditFact,
    CreditFollow,
    CreditObjection,
    CreditReport,
)

OBJECTION_DAYS = 15  # staff decide an objection within this many days
MAX_FOLLOWS = 200


def today() -> date:
    """The day the rules are applied for, in Beijing (the bureau's day)."""
    return (utcnow() + timedelta(hours=8)).date()


class Duplicate(Conflict):
    default_message = _l("A record with this unified social credit code already exists.")


unique_error("uq_credit_enterprises_uscc", lambda: Duplicate(field="uscc"))
unique_error("uq_credit_follows_user_enterprise", lambda: Conflict(_l("You already follow this enterprise.")))


def clean_code(value: str) -> str:
    try:
        return uscc_rules.validate(value)
    except uscc_rules.USCCError as exc:
        raise DomainError(uscc_message(exc), field="uscc") from None


def enterprise_by_uscc(code: str) -> CreditEnterprise | None:
    return db.session.scalar(select(CreditEnterprise).where(CreditEnterprise.uscc == uscc_rules.normalize(code)))


def status_of_uscc(code: str) -> str | None:
    """What core's standing asks: the status of a code's record, None without a record."""
    return db.session.scalar(select(CreditEnterprise.status).where(CreditEnterprise.uscc == code))


# -- enterprises ----------------------------------------------------------------------------


def clean_enterprise(raw: dict, errors: list) -> dict:
    f = Fields(raw, errors)
    values = {
        "name_zh": f.text("name_zh", 200),
        "name_en": f.text("name_en", 200),
        "legal_rep": f.text("legal_rep", 100),
        "registered_on": f.day("registered_on", date(1949, 10, 1), today()),
        "district": f.choice("district", DISTRICTS, _l("Choose a district from the list.")),
        "industry": f.choice("industry", INDUSTRIES, _l("Choose an industry from the list.")),
        "address_zh": f.text("address_zh", 300),
        "address_en": f.text("address_en", 300),
    }
    former = f.text("former_names", 600, multiline=True) or ""
    names = []
    for name in former.replace("\n", "|").replace("；", "|").replace(";", "|").split("|"):
        name = name.strip()
        if name and name not in names:
            names.append(name)
    values["former_names"] = "|".join(names)[:600] or None
    if not values["name_zh"] and not values["name_en"] and not f.has_error("name_zh"):
        f.error("name_zh", _l("Give the enterprise's name in Chinese or in English."))
    return values


def save_enterprise(raw: dict, actor, enterprise: CreditEnterprise | None = None) -> CreditEnterprise:
    """Create a record (``raw["uscc"]``) or change its identity fields; DomainError lists the
    first problem (views show them all through ``clean_enterprise``)."""
    errors: list = []
    values = clean_enterprise(raw, errors)
    if errors:
        field, message = errors[0]
        raise DomainError(message, field=field)
    if enterprise is None:
        code = clean_code(raw.get("uscc") or "")
        if enterprise_by_uscc(code) is not None:
            raise Duplicate(field="uscc")
        enterprise = CreditEnterprise(uscc=code, status=standing.GOOD, facts_changed_at=utcnow())
        db.session.add(enterprise)
        action = "credit_enterprise.created"
    else:
        action = "credit_enterprise.edited"
    changed = {k: v for k, v in values.items() if getattr(enterprise, k) != v}
    for key, value in changed.items():
        setattr(enterprise, key, value)
    enterprise.original_language = "zh" if enterprise.name_zh else "en"
    db.session.flush()
    if changed or action.endswith("created"):
        audit.record(action, enterprise, actor=actor, fields=sorted(changed))
    recompute(enterprise)  # a new record's standing reaches the organization with its code
    return enterprise


# -- facts ----------------------------------------------------------------------------------

GRADES = {"penalty": SEVERITIES, "inspection": INSPECTION_RESULTS, "registration": REGISTRATION}
FACT_FIELDS = (
    "kind",
    "grade",
    "title_zh",
    "title_en",
    "reference",
    "authority_zh",
    "authority_en",
    "decided_on",
    "valid_until",
    "year",
    "detail_zh",
    "detail_en",
    "outcome_zh",
    "outcome_en",
    "as_of",
)


def clean_fact(raw: dict, errors: list, kind: str | None = None) -> dict:
    """A fact's fields from a form or an import row; problems go to ``errors``."""
    f = Fields(raw, errors)
    kind = kind or f.choice("kind", FACT_KINDS, _l("Choose a kind of fact from the list."))
    if kind is None and not f.has_error("kind"):
        f.error("kind", _l("Choose a kind of fact from the list."))
    values = {"kind": kind}
    grades = GRADES.get(kind or "")
    if grades:
        values["grade"] = f.choice("grade", grades, _l("Choose a value from the list."))
        if values["grade"] is None and not f.has_error("grade"):
            f.error("grade", _l("This field is required."))
    else:
        values["grade"] = None
    last = today()
    values.update(
        title_zh=f.text("title_zh", 300),
        title_en=f.text("title_en", 300),
        reference=f.text("reference", 80, identifier=True),
        authority_zh=f.text("authority_zh", 200),
        authority_en=f.text("authority_en", 200),
        decided_on=f.day("decided_on", date(1949, 10, 1), last),
        valid_until=f.day("valid_until", date(1949, 10, 1), date(2200, 12, 31)),
        year=f.whole("year", 1980, last.year),
        detail_zh=f.text("detail_zh", 5000, multiline=True),
        detail_en=f.text("detail_en", 5000, multiline=True),
        outcome_zh=f.text("outcome_zh", 1000, multiline=True),
        outcome_en=f.text("outcome_en", 1000, multiline=True),
        as_of=f.day("as_of", date(1949, 10, 1), last) or last,
    )
    if not values["authority_zh"] and not values["authority_en"] and not f.has_error("authority_zh"):
        f.error("authority_zh", _l("Name the authority that states this fact."))
    if kind == "annual_report" and values["year"] is None and not f.has_error("year"):
        f.error("year", _l("Give the year the annual report is for."))
    dated = ("penalty", "abnormal", "dishonesty", "inspection", "commendation", "licence")
    if kind in dated and values["decided_on"] is None and not f.has_error("decided_on"):
        f.error("decided_on", _l("Give the date of the decision."))
    titled = ("penalty", "abnormal", "dishonesty", "licence", "commendation")
    if kind in titled and not values["title_zh"] and not values["title_en"] and not f.has_error("title_zh"):
        f.error("title_zh", _l("Say in a few words what the entry is about."))
    if kind == "penalty" and not values["reference"] and not f.has_error("reference"):
        f.error("reference", _l("Give the decision number."))
    return values


def _apply(fact: CreditFact, values: dict) -> list[str]:
    changed = []
    for key in FACT_FIELDS:
        if key in values and getattr(fact, key) != values[key]:
            setattr(fact, key, values[key])
            changed.append(key)
    found = rules.periods(fact.kind, fact.grade, fact.decided_on)
    fact.shown_until, fact.repairable_on = found.shown_until, found.repairable_on
    return changed


def add_fact(enterprise: CreditEnterprise, raw: dict, actor, source: str = "staff", tell_followers=True) -> CreditFact:
    errors: list = []
    values = clean_fact(raw, errors)
    if errors:
        raise DomainError(errors[0][1], field=errors[0][0])
    if source not in SOURCES:
        raise DomainError()
    fact = CreditFact(enterprise=enterprise, source=source, created_by_id=getattr(actor, "id", None))
    _apply(fact, values)
    db.session.add(fact)
    db.session.flush()
    audit.record("credit_fact.added", fact, actor=actor, enterprise=enterprise.uscc, kind=fact.kind)
    _changed(enterprise, "added", fact, actor, tell_followers)
    return fact


def change_fact(fact: CreditFact, raw: dict, actor, reason: str, source: str | None = None) -> list[str]:
    """Correct a fact; ``reason`` is required and kept in the audit log."""
    reason = _reason(reason)
    errors: list = []
    values = clean_fact(raw, errors, kind=fact.kind)
    if errors:
        raise DomainError(errors[0][1], field=errors[0][0])
    changed = _apply(fact, values)
    if source:
        fact.source = source
    if changed:
        audit.record(
            "credit_fact.changed", fact, actor=actor, enterprise=fact.enterprise.uscc, fields=changed, reason=reason
        )
        _changed(fact.enterprise, "changed", fact, actor)
    return changed


# How an entry of a kind can end (the others change only by a correction or a new fact).
ENDS = {"penalty": "repaired", "abnormal": "removed", "dishonesty": "removed"}


def end_fact(fact: CreditFact, how: str, on: date | None, reason: str, actor) -> None:
    """A negative entry ends: repaired (a penalty, after its minimum period) or removed from a
    list (an abnormal-operations entry whose cause is cured; a serious-dishonesty entry)."""
    reason = _reason(reason)
    on = on or today()
    if ENDS.get(fact.kind) != how or fact.deleted_at is not None:
        raise DomainError(_l("This entry cannot end that way."))
    if fact.ended_on is not None:
        raise Conflict(_l("This entry has already ended."))
    if fact.repairable_on is not None and on < fact.repairable_on:
        raise DomainError(
            _l("This entry can be repaired or removed from %(day)s on.", day=fact.repairable_on.isoformat()),
            field="ended_on",
        )
    if on > today():
        raise DomainError(_l("The day cannot be in the future."), field="ended_on")
    fact.ended_on, fact.ended_how, fact.ended_reason = on, how, reason
    audit.record(f"credit_fact.{how}", fact, actor=actor, enterprise=fact.enterprise.uscc, reason=reason)
    _changed(fact.enterprise, how, fact, actor)


def delete_fact(fact: CreditFact, reason: str, actor) -> None:
    """Take out a fact entered in error (kept, with the reason, for the audit log)."""
    reason = _reason(reason)
    if fact.deleted_at is not None:
        raise Conflict(_l("This fact has already been taken out."))
    fact.deleted_at, fact.deleted_reason = utcnow(), reason
    audit.record("credit_fact.deleted", fact, actor=actor, enterprise=fact.enterprise.uscc, reason=reason)
    _changed(fact.enterprise, "removed", fact, actor)


def _reason(reason: str | None) -> str:
    errors: list = []
    value = Fields({"reason": reason}, errors).text("reason", 1000, required=True, multiline=True)
    if errors:
        raise DomainError(errors[0][1], field="reason")
    return value


def live_facts(enterprise: CreditEnterprise) -> list[CreditFact]:
    return [f for f in enterprise.facts if f.deleted_at is None]


def recompute(enterprise: CreditEnterprise, on: date | None = None) -> tuple[str, str]:
    """Apply the rules: (old status, new status); core's standing follows."""
    old = enterprise.status
    new = rules.status_of(live_facts(enterprise), on or today())
    told = ()
    if new != old:
        enterprise.status = new
        enterprise.status_changed_at = utcnow()
        told = [user.id for user in followers(enterprise)]  # the record's followers hear from it
    standing.set_for_uscc(enterprise.uscc, new, told=told)
    return old, new


def _changed(enterprise: CreditEnterprise, change: str, fact: CreditFact, actor, tell_followers: bool = True) -> None:
    db.session.flush()
    db.session.expire(enterprise, ["facts"])
    enterprise.facts_changed_at = utcnow()
    old, new = recompute(enterprise)
    if old != new:
        audit.record("credit_enterprise.status_changed", enterprise, actor=actor, old=old, new=new)
    if tell_followers:
        _tell_followers(enterprise, change, fact, old, new)


def tell_of_import(enterprise: CreditEnterprise, facts: list[CreditFact], old_status: str) -> None:
    """Followers hear once of what an import added to a record (its rows went through
    ``add_fact`` with ``tell_followers=False``): how many facts, the status before and after."""
    if facts:
        _tell_followers(enterprise, "imported", facts[0], old_status, enterprise.status, count=len(facts))


def _tell_followers(enterprise: CreditEnterprise, change: str, fact, old: str, new: str, count: int = 1) -> None:
    """In the app and by mail: what changed, with the old and the new status."""
    for user in followers(enterprise):
        tell(
            user,
            "credit_change",
            ("credit.record", {"uscc": enterprise.uscc}),
            enterprise=enterprise,
            fact=fact,
            change=change,
            old_status=old,
            new_status=new,
            standings=standing.STANDINGS,
            kinds=FACT_KINDS,
            count=count,
        )


@job("credit.refresh", label=_l("Credit statuses at the end of publication periods"))
def refresh(on: date | None = None) -> int:
    """Nightly: records whose status may change by the calendar (a penalty's period ends, a
    list entry expires) are recomputed; followers hear of a status that changed. Returns how
    many changed."""
    from core.db import commit

    on = on or today()
    changed = 0
    ids = db.session.scalars(
        select(CreditFact.enterprise_id)
        .where(
            CreditFact.deleted_at.is_(None),
            CreditFact.ended_on.is_(None),
            CreditFact.kind.in_(("penalty", "dishonesty", "inspection")),
        )
        .distinct()
    ).all()
    for enterprise_id in ids:
        enterprise = db.session.get(CreditEnterprise, enterprise_id)
        old, new = recompute(enterprise, on)
        if old != new:
            changed += 1
            enterprise.facts_changed_at = utcnow()
            audit.record("credit_enterprise.status_changed", enterprise, old=old, new=new, by="calendar")
            _tell_followers(enterprise, "period", None, old, new)
    commit()
    return changed


# -- follows --------------------------------------------------------------------------------


def followers(enterprise: CreditEnterprise) -> list:
    from core.accounts.models import User

    return db.session.scalars(
        select(User)
        .join(CreditFollow, CreditFollow.user_id == User.id)
        .where(CreditFollow.enterprise_id == enterprise.id, User.active.is_(True))
    ).all()


def is_following(user, enterprise: CreditEnterprise) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        db.session.scalar(
            select(CreditFollow.id).where(CreditFollow.user_id == user.id, CreditFollow.enterprise_id == enterprise.id)
        )
        is not None
    )


def follow(user, enterprise: CreditEnterprise) -> bool:
    """Follow; False when already following (a double submit changes nothing)."""
    if is_following(user, enterprise):
        return False
    count = db.session.scalar(select(func.count()).where(CreditFollow.user_id == user.id))
    if count >= MAX_FOLLOWS:
        raise DomainError(_l("You can follow at most %(n)s enterprises.", n=MAX_FOLLOWS))
    db.session.add(CreditFollow(user_id=user.id, enterprise_id=enterprise.id))
    return True


def unfollow(user, enterprise: CreditEnterprise) -> bool:
    result = db.session.execute(
        delete(CreditFollow).where(CreditFollow.user_id == user.id, CreditFollow.enterprise_id == enterprise.id)
    )
    return bool(result.rowcount)


def followed(user) -> list[CreditEnterprise]:
    return db.session.scalars(
        select(CreditEnterprise)
        .join(CreditFollow, CreditFollow.enterprise_id == CreditEnterprise.id)
        .where(CreditFollow.user_id == user.id)
        .order_by(CreditFollow.created_at.desc())
    ).all()


# -- reports --------------------------------------------------------------------------------


def new_reference(prefix: str) -> str:
    """A reference number people can read out: prefix, day, and 8 characters without 0/O, 1/I."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return f"{prefix}-{today():%Y%m%d}-" + "".join(secrets.choice(alphabet) for _ in range(8))


def issue_report(enterprise: CreditEnterprise, lang: str) -> CreditReport:
    report = CreditReport(
        reference=new_reference("CR"),
        enterprise_id=enterprise.id,
        status=enterprise.status,
        facts_changed_at=enterprise.facts_changed_at,
        lang=lang,
    )
    db.session.add(report)
    db.session.flush()
    return report


def report_by_reference(reference: str) -> CreditReport | None:
    reference = (reference or "").strip().upper()[:24]
    return db.session.scalar(select(CreditReport).where(CreditReport.reference == reference))


# -- objections -----------------------------------------------------------------------------


def own_enterprise(user) -> CreditEnterprise | None:
    """The record of the user's organization, for its owner; None for anyone else, and while
    staff have not verified that the organization is who its code says (an objection speaks
    for the enterprise)."""
    member = getattr(user, "org_member", None)
    if member is None or member.role != "owner" or member.organization.status != "verified":
        return None
    return enterprise_by_uscc(member.organization.uscc)


def file_objection(user, fact_id, reason: str, uploads=()) -> CreditObjection:
    from core import attachments

    enterprise = own_enterprise(user)
    if enterprise is None:
        raise Forbidden()
    fact = db.session.get(CreditFact, fact_id) if isinstance(fact_id, int) else None
    if fact is None or fact.enterprise_id != enterprise.id or fact.deleted_at is not None:
        raise NotFound()
    errors: list = []
    text = Fields({"reason": reason}, errors).text("reason", 5000, required=True, multiline=True)
    if errors:
        raise DomainError(errors[0][1], field="reason")
    waiting = db.session.scalar(
        select(CreditObjection.id).where(CreditObjection.fact_id == fact.id, CreditObjection.status == "open")
    )
    if waiting is not None:
        raise Conflict(_l("An objection to this entry is already being handled."))
    objection = CreditObjection(
        reference=new_reference("YY"),
        enterprise_id=enterprise.id,
        fact_id=fact.id,
        organization_id=user.org_member.organization_id,
        filed_by_id=user.id,
        reason=text,
        status="open",
        due_on=today() + timedelta(days=OBJECTION_DAYS),
    )
    db.session.add(objection)
    db.session.flush()
    if uploads:
        attachments.attach("credit_objection", objection.id, uploads, user=user)
    audit.record("credit_objection.filed", objection, actor=user, enterprise=enterprise.uscc, fact=fact.id)
    for officer in credit_officers():
        tell(
            officer,
            "credit_objection_filed",
            ("credit_manage.objection", {"objection_id": objection.id}),
            objection=objection,
            enterprise=enterprise,
            fact=fact,
            kinds=FACT_KINDS,
        )
    return objection


def credit_officers() -> list:
    """Who is told of a new objection: the credit officers, or the admins while there are none."""
    from core.accounts.models import StaffRole, User

    def with_role(role: str):
        return db.session.scalars(
            select(User)
            .join(StaffRole, StaffRole.user_id == User.id)
            .where(StaffRole.role == role, User.active.is_(True), User.account_type == "staff")
            .order_by(User.id)
        ).all()

    return with_role("credit_officer") or with_role("admin")


def decide_objection(objection: CreditObjection, upheld: bool, decision: str, actor, correction: dict | None = None):
    """Staff decide: upheld (the fact is corrected, or taken out when ``correction`` is None,
    with a public note) or rejected, with reasons the enterprise reads."""
    if objection.status != "open":
        raise Conflict(_l("This objection has already been decided."))
    errors: list = []
    text = Fields({"decision": decision}, errors).text("decision", 5000, required=True, multiline=True)
    if errors:
        raise DomainError(errors[0][1], field="decision")
    fact = objection.fact
    if upheld and fact is not None:
        note = str(
            _l(
                "Corrected on %(day)s after the enterprise's objection %(ref)s.",
                day=today().isoformat(),
                ref=objection.reference,
            )
        )
        if correction and fact.deleted_at is not None:
            raise Conflict(_l("This fact has already been taken out."))
        if correction:
            change_fact(fact, correction, actor, reason=text, source="correction")
            fact.public_note = note
            # The note and the source change the public record even when no field did: a new
            # "as of" is a new cache key for the record page.
            fact.enterprise.facts_changed_at = utcnow()
        else:
            fact.public_note = note
            delete_fact(fact, text, actor)
    objection.status = "upheld" if upheld else "rejected"
    objection.decision = text
    objection.decided_at = utcnow()
    objection.decided_by_id = actor.id
    audit.record(f"credit_objection.{objection.status}", objection, actor=actor, reason=text)
    from core.accounts.models import User

    filer = db.session.get(User, objection.filed_by_id) if objection.filed_by_id else None
    if filer is not None:
        tell(filer, "credit_objection_decided", ("credit_own.index", {}), objection=objection)
