"""The credit demo (demo.credit), as a newcomer meets it after `make run`: a record for every
demo exhibitor with the standing its booth shows (two on the abnormal-operations list, one on
the serious-dishonesty list, one with a penalty within its period), generated enterprises found
by part of their Chinese names, record pages with their repair paths and endings, statuses
that are what the rules say, and loading again adds nothing."""

from __future__ import annotations

import html
import random
from collections import Counter

from sqlalchemy import func, select

from core.extensions import db

GENERATED = 200


def _counts() -> tuple[int, int]:
    from govportal.credit.models import CreditEnterprise, CreditFact

    return (
        db.session.scalar(select(func.count()).select_from(CreditEnterprise)),
        db.session.scalar(select(func.count()).select_from(CreditFact)),
    )


def test_the_credit_demo_gives_exhibitors_records_and_generates_enterprises_by_the_rules(clean_app):
    from core.organizations.models import Organization
    from demo import load_demo
    from demo.credit import _exhibitor_orgs, _Maker, generate_enterprises, generated_count, load_credit
    from govportal.credit import rules, services
    from govportal.credit.models import CreditEnterprise, CreditFact

    app = clean_app
    with app.test_request_context("/en/"):
        logins = load_demo(enterprises=GENERATED)
    assert ("credit_officer", "credit@demo.tradewindow.example") in logins["accounts"]

    with app.test_request_context("/en/"):
        first = _counts()
        load_credit()  # again: nothing new
        assert generate_enterprises(GENERATED) == 0
        assert _counts() == first

        orgs = _exhibitor_orgs()
        assert len(orgs) == 40
        records = {
            e.uscc: e
            for e in db.session.scalars(
                select(CreditEnterprise).where(CreditEnterprise.uscc.in_([o.uscc for o in orgs]))
            )
        }
        assert set(records) == {o.uscc for o in orgs}, "every demo exhibitor has its record"
        # The booth's badge (the organization's standing) is the record's status.
        assert all(o.credit_status == records[o.uscc].status for o in orgs)
        assert Counter(o.credit_status for o in orgs) == {"good": 36, "abnormal": 2, "serious": 1, "attention": 1}
        by_index = {i: records[o.uscc] for i, o in enumerate(orgs)}
        attention, repaired, removed = by_index[1], by_index[2], by_index[3]
        abnormal = [e for e in records.values() if e.status == "abnormal"]
        serious = next(e for e in records.values() if e.status == "serious")
        assert attention.status == "attention" and repaired.status == "good" and removed.status == "good"
        assert generated_count() == GENERATED
        total = db.session.scalar(select(func.count()).select_from(CreditEnterprise))
        assert total == 40 + GENERATED

        # Statuses and periods are what the rules say when worked out again.
        today = services.today()
        facts = db.session.scalars(select(CreditFact)).all()
        by_enterprise: dict[int, list] = {}
        for fact in facts:
            by_enterprise.setdefault(fact.enterprise_id, []).append(fact)
            periods = rules.periods(fact.kind, fact.grade, fact.decided_on)
            assert (fact.shown_until, fact.repairable_on) == (periods.shown_until, periods.repairable_on)
        enterprises = db.session.scalars(select(CreditEnterprise)).all()
        for enterprise in enterprises:
            live = [f for f in by_enterprise.get(enterprise.id, []) if f.deleted_at is None]
            assert enterprise.status == rules.status_of(live, today), enterprise.uscc
            kinds = Counter(f.kind for f in live)
            assert kinds["registration"] == 1, enterprise.uscc
            if enterprise.registered_on.year <= today.year - 3:  # its reports are due
                assert kinds["annual_report"] >= 1, enterprise.uscc
        generated = [e for e in enterprises if e.uscc not in records]
        assert all(services.uscc_rules.is_valid(e.uscc) for e in generated)
        assert sum(1 for e in generated if e.former_names) >= GENERATED * 0.07
        assert sum(1 for e in generated if e.name_en) >= GENERATED * 0.75
        # A realistic spread: most in good standing, some not.
        statuses = Counter(e.status for e in generated)
        assert statuses["good"] >= GENERATED * 0.8 and statuses["good"] < GENERATED

        # Asking for more adds the ones a single larger call would have made (seeded by blocks).
        assert generate_enterprises(GENERATED + 30) == 30
        maker = _Maker(random.Random("tradewindow-credit-1-0"), today, set())
        expected = [maker.enterprise(0, True, None)[0]["uscc"] for _ in range(GENERATED + 30)]
        known = {o.uscc for o in db.session.scalars(select(Organization))}
        made = db.session.scalars(
            select(CreditEnterprise.uscc).where(CreditEnterprise.uscc.not_in(known)).order_by(CreditEnterprise.id)
        ).all()
        assert made == expected
        sample = next(e for e in generated if e.name_zh.startswith(("宁波北仑", "慈溪市", "余姚市")))
        # The brand and trade words of its name: what someone looking it up types.
        place = next(p for p in ("宁波北仑", "慈溪市", "余姚市") if sample.name_zh.startswith(p))
        part = sample.name_zh[len(place) : len(place) + 4]
        sample_code, sample_name = sample.uscc, sample.name_zh
        paths = {kind: str(text) for kind, text in rules.REPAIR_PATHS.items()}
        codes = {
            "attention": attention.uscc,
            "repaired": repaired.uscc,
            "removed": removed.uscc,
            "serious": serious.uscc,
            "abnormal": [e.uscc for e in abnormal],
        }

    client = app.test_client()
    found = client.get("/zh/gov/credit/", query_string={"q": part})
    assert found.status_code == 200
    page = html.unescape(found.get_data(as_text=True))
    assert f"/zh/gov/credit/{sample_code}/" in page and sample_name in page, part
    page = html.unescape(client.get("/zh/gov/credit/", query_string={"q": "港通汽车"}).get_data(as_text=True))
    assert f"/zh/gov/credit/{codes['attention']}/" in page

    # The penalty within its period: the reason, its repair path and from when.
    page = html.unescape(client.get(f"/en/gov/credit/{codes['attention']}/").get_data(as_text=True))
    assert "Needs attention" in page and "An administrative penalty is within its publication period." in page
    assert "How it can be repaired" in page and paths["penalty"] in page
    assert "Products without the required labelling" in page
    # The repaired penalty is no longer published; the removed entry shows how it ended.
    page = html.unescape(client.get(f"/en/gov/credit/{codes['repaired']}/").get_data(as_text=True))
    assert "Good standing" in page and "False advertising" not in page
    page = html.unescape(client.get(f"/en/gov/credit/{codes['removed']}/").get_data(as_text=True))
    assert "Good standing" in page and "Removed from the list" in page and "申请移出经营异常名录" in page
    for code in codes["abnormal"]:
        page = html.unescape(client.get(f"/en/gov/credit/{code}/").get_data(as_text=True))
        assert "It is on the abnormal-operations list." in page and paths["abnormal"] in page
    page = html.unescape(client.get(f"/en/gov/credit/{codes['serious']}/").get_data(as_text=True))
    assert "It is on the serious-dishonesty list." in page and paths["dishonesty"] in page
