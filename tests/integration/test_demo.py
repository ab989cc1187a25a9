"""The demo, as a newcomer meets it after `make run`: `flask demo load` (with 200 of the 6,000
generated credit records) prints the logins, and loading it again adds nothing. Then, on that
one load (it took 15-25 s, and each of these checks loaded it for itself):

- accounts and the marketplace: every demo account, the buyer requests in both languages with
  their quotes, exhibitors listed by district in both languages, the demo logins at work;
- the portal (demo.portal): the bureau's units, the Beilun staff, every item of the demo
  content in its final state (published with its history, scheduled and not yet public,
  withdrawn with its reason), policies linked both ways with their validity, guides with forms
  to download, news with photos, a project in Japanese;
- credit (demo.credit): a record for every demo exhibitor with the standing its booth shows
  (two on the abnormal-operations list, one on the serious-dishonesty list, one with a penalty
  within its period), generated enterprises found by part of their Chinese names, record pages
  with their repair paths and endings, statuses that are what the rules say.

The checks only read, but the last (credit) generates more records at its end; the module
leaves an empty database behind.
"""

from __future__ import annotations

import html
import random
import re
from collections import Counter
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from core.extensions import db
from demo.portal_content import ITEMS
from tests.conftest import clean, login

GENERATED = 200
DEMO_PASSWORD = "tradewindow-demo"


def _counts() -> dict:
    """What loading the demo again must not add to."""
    from core.accounts.models import User
    from core.attachments import Attachment
    from core.organizations.models import Organization
    from core.units import Unit
    from govportal.credit.models import CreditEnterprise, CreditFact
    from govportal.publishing.models import Publication, PublicationLink, PublicationVersion
    from marketplace.sourcing.models import BuyerRequest

    def number(model, *where):
        return db.session.scalar(select(func.count()).select_from(model).where(*where))

    return {
        "units": number(Unit),
        "users": number(User),
        "organizations": number(Organization),
        "requests": number(BuyerRequest),
        "publications": number(Publication),
        "versions": number(PublicationVersion),
        "links": number(PublicationLink),
        "files": number(Attachment, Attachment.owner_kind == "publication"),
        "credit records": number(CreditEnterprise),
        "credit facts": number(CreditFact),
    }


@dataclass
class Loaded:
    output: str  # of the first `flask demo load`
    counts: dict  # after it
    again: dict  # after the second


@pytest.fixture(scope="module")
def loaded(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load", "--enterprises", str(GENERATED)])
    assert first.exit_code == 0, first.output
    with app.app_context():
        counts = _counts()
    second = runner.invoke(args=["demo", "load", "--enterprises", str(GENERATED)])
    assert second.exit_code == 0, second.output
    with app.app_context():
        again = _counts()
    yield Loaded(first.output, counts, again)
    clean(app)


def _printed(output: str, role: str, email: str) -> bool:
    """Whether the command's list of demo logins has ``role`` with ``email``."""
    return re.search(rf"^  {re.escape(role)} +{re.escape(email)}$", output, re.MULTILINE) is not None


def test_loading_the_demo_again_adds_nothing_and_the_command_prints_the_logins(app, loaded):
    assert loaded.again == loaded.counts, "loading the demo twice duplicated something"
    assert "admin@demo.tradewindow.example" in loaded.output
    assert _printed(loaded.output, "editor (Beilun)", "editor.beilun@demo.tradewindow.example")
    assert _printed(loaded.output, "reviewer (Beilun)", "reviewer.beilun@demo.tradewindow.example")
    assert _printed(loaded.output, "credit_officer", "credit@demo.tradewindow.example")
    with app.app_context():
        from core.accounts.models import User
        from core.organizations import uscc
        from core.organizations.models import Organization
        from demo.accounts import ACCOUNTS
        from demo.portal import STAFF
        from demo.sourcing import BUYERS, REQUESTS
        from marketplace.sourcing.models import BuyerRequest

        assert db.session.scalar(select(func.count()).select_from(User)) == len(ACCOUNTS) + len(BUYERS) + len(STAFF)
        requests = db.session.scalars(select(BuyerRequest)).all()
        assert len(requests) == REQUESTS >= 60 and {r.language for r in requests} == {"zh", "en"}
        codes = db.session.scalars(select(Organization.uscc)).all()
        assert len(codes) == len(set(codes)) and all(uscc.is_valid(c) for c in codes)
    client = app.test_client()
    login(client, "admin@demo.tradewindow.example", DEMO_PASSWORD)
    assert client.get("/en/staff/people/").status_code == 200
    en = client.get("/en/exhibitors/?district=330203").get_data(as_text=True)
    zh = client.get("/zh/exhibitors/?district=330203").get_data(as_text=True)
    assert "Ningbo Haishu Huayu Machinery" in en and "宁波海曙华宇机械有限公司" in zh
    # An organization without an English name shows its Chinese name, marked as the original.
    en = client.get("/en/exhibitors/?district=330226").get_data(as_text=True)
    assert "宁海县文具之家有限公司" in en and "fallback-note" in en
    # Buyer requests in both languages, open ones listed, and a demo buyer sees their own.
    assert "求购" in client.get("/zh/rfq/").get_data(as_text=True)
    buyer = app.test_client()
    login(buyer, "buyer@demo.tradewindow.example", DEMO_PASSWORD)
    mine = buyer.get("/en/account/requests/").get_data(as_text=True)
    assert "Open for quotes" in mine
    # Quotes: the demo exhibitor has quoted (last month) and can still quote this month.
    exhibitor = app.test_client()
    login(exhibitor, "exhibitor@demo.tradewindow.example", DEMO_PASSWORD)
    quotes = exhibitor.get("/en/account/quotes/").get_data(as_text=True)
    assert "Quotes left this month: 3 of 3" in quotes and "quote-" in quotes
    with app.app_context():
        from marketplace.sourcing.models import BuyerRequest, Quote

        counts = {}
        for quote in db.session.scalars(select(Quote)):
            counts[quote.request_id] = counts.get(quote.request_id, 0) + 1
        assert len(counts) >= 20
        assert all(db.session.get(BuyerRequest, rid).quotes_count == n for rid, n in counts.items())


# ---------------------------------------------------------------- the portal
EXPECTED = {
    ("policy", "published"): 8,
    ("guide", "published"): 4,
    ("notice", "published"): 4,
    ("notice", "scheduled"): 1,
    ("notice", "withdrawn"): 1,
    ("announcement", "published"): 4,
    ("project", "published"): 3,
    ("news", "published"): 4,
    ("news", "scheduled"): 1,
}
CONTENT = {content["ref"]: content for content in ITEMS}


def _links_in(page: str, prefix: str) -> list[str]:
    return re.findall(rf'href="({re.escape(prefix)}[^"]+)"', page)


def test_the_portal_demo_has_every_item_in_its_final_state(app, loaded):
    from core.accounts.models import User
    from core.organizations import uscc
    from core.units import Unit
    from govportal.publishing.models import Publication, PublicationVersion

    with app.app_context():
        assert loaded.counts["units"] == 7
        units = {u.slug: u for u in db.session.scalars(select(Unit))}
        assert (
            units["beilun"].district == "330206" and units["yinzhou"].name_en == "Yinzhou District Bureau of Commerce"
        )
        people = {u.email: u for u in db.session.scalars(select(User).where(User.account_type == "staff"))}
        beilun_editor = people["editor.beilun@demo.tradewindow.example"]
        assert beilun_editor.unit_id == units["beilun"].id and beilun_editor.roles == {"editor"}
        assert people["reviewer.beilun@demo.tradewindow.example"].roles == {"reviewer"}

        items = {(p.title_zh, p.kind): p for p in db.session.scalars(select(Publication))}
        assert len(items) == len(ITEMS)
        by_ref = {ref: items[(c["title_zh"], c["kind"])] for ref, c in CONTENT.items()}
        ids = {ref: item.id for ref, item in by_ref.items()}
        assert Counter((p.kind, p.status) for p in items.values()) == EXPECTED
        # Beilun's items were written and approved in Beilun, the others at city level.
        assert by_ref["proj-beilun-diecasting"].author_id == beilun_editor.id
        assert by_ref["proj-beilun-diecasting"].reviewed_by_id == people["reviewer.beilun@demo.tradewindow.example"].id
        assert by_ref["pol-cbec"].author_id == people["editor@demo.tradewindow.example"].id
        # Versions: first publication, then one per change; nothing yet for a scheduled item.
        amended = by_ref["pol-trade-growth"]
        versions = db.session.scalars(
            select(PublicationVersion)
            .where(PublicationVersion.publication_id == amended.id)
            .order_by(PublicationVersion.number)
        ).all()
        assert [(v.number, v.major) for v in versions] == [(1, True), (2, False), (3, True)]
        assert amended.version == 3 and versions[0].note_zh == "首次发布" and versions[0].snapshot["title_zh"]
        assert amended.updated_at > amended.published_at
        webinar = by_ref["notice-cbec-insurance-webinar"]
        assert webinar.version == 0 and webinar.published_at is None and webinar.scheduled_for is not None
        # Validity follows the links and the dates.
        validity = {ref: by_ref[ref].validity for ref in CONTENT if CONTENT[ref]["kind"] == "policy"}
        assert validity == {
            "pol-sme-fund-2025": "repealed",
            "pol-cbec": "expired",
            "pol-trade-growth": "amended",
            "pol-trade-growth-amend": "in_force",
            "pol-sme-fund": "in_force",
            "pol-sme-fund-interp": "in_force",
            "pol-fdi-reward": "not_yet",
            "pol-fdi-reward-interp": "in_force",
        }
        assert by_ref["pol-trade-growth-amend"].details["links"] == {"amends": ids["pol-trade-growth"]}
        assert by_ref["pol-sme-fund-interp"].doc_number is None
        assert by_ref["proj-yinzhou-medical"].texts["ja"]["title"] == CONTENT["proj-yinzhou-medical"]["title_ja"]
        assert by_ref["notice-canton-fair"].industries == ",machinery,electronics,home,textiles,"
        for ref in ("ann-auction-hanlan", "ann-odi-jincheng"):
            code = by_ref[ref].details["applicant_uscc"]
            assert uscc.validate(code) == code and by_ref[ref].details["decided_on"]

    client = app.test_client()
    # Scheduled items are not public yet.
    assert client.get(f"/zh/gov/notices/{ids['notice-cbec-insurance-webinar']}/").status_code == 404
    assert client.get(f"/en/gov/news/{ids['news-expo-winter-home']}/").status_code == 404
    # The withdrawn notice keeps its page with the reason, and is out of the list.
    withdrawn = client.get(f"/zh/gov/notices/{ids['notice-beilun-japan-buyers']}/")
    assert withdrawn.status_code == 200
    assert CONTENT["notice-beilun-japan-buyers"]["withdrawn"]["reason_zh"] in withdrawn.get_data(as_text=True)
    listed = client.get("/zh/gov/notices/").get_data(as_text=True)
    assert f"/zh/gov/notices/{ids['notice-canton-fair']}/" in listed
    assert f"/zh/gov/notices/{ids['notice-beilun-japan-buyers']}/" not in listed

    # The amended policy and its amendment name each other; the repealed one says so.
    page = client.get(f"/en/gov/policies/{ids['pol-trade-growth']}/").get_data(as_text=True)
    assert (
        "<dt>Validity</dt><dd>Amended</dd>" in page
        and "Amended by" in page
        and f"/en/gov/policies/{ids['pol-trade-growth-amend']}/" in page
    )
    assert CONTENT["pol-trade-growth"]["changes"][1]["note_en"] in page  # a major change in the history
    page = client.get(f"/en/gov/policies/{ids['pol-trade-growth-amend']}/").get_data(as_text=True)
    assert "Amends" in page and f"/en/gov/policies/{ids['pol-trade-growth']}/" in page
    page = client.get(f"/en/gov/policies/{ids['pol-sme-fund-2025']}/").get_data(as_text=True)
    assert "<dt>Validity</dt><dd>Repealed</dd>" in page and "Repealed by" in page
    assert f"/en/gov/policies/{ids['pol-sme-fund']}/" in page
    page = client.get(f"/en/gov/policies/{ids['pol-sme-fund-interp']}/").get_data(as_text=True)
    assert "Interprets" in page and f"/en/gov/policies/{ids['pol-sme-fund']}/" in page
    page = client.get(f"/en/gov/policies/{ids['pol-sme-fund']}/").get_data(as_text=True)
    assert "Interpretations" in page and f"/en/gov/policies/{ids['pol-sme-fund-interp']}/" in page

    # A guide's forms are downloads.
    page = client.get(f"/en/gov/guides/{ids['guide-sme-fund']}/").get_data(as_text=True)
    assert "Forms to download" in page
    forms = _links_in(page, "/en/files/")
    assert len(forms) == len(CONTENT["guide-sme-fund"]["forms"])
    for url in forms:
        download = client.get(url)
        assert download.status_code == 200, url
        assert download.headers["Content-Disposition"].startswith("attachment")
        assert download.data[:4] in (b"PK\x03\x04", b"%PDF")
    notice = client.get(f"/en/gov/notices/{ids['notice-sme-fund-call']}/").get_data(as_text=True)
    pdf = next(url for url in _links_in(notice, "/en/files/") if url.endswith(".pdf"))
    assert client.get(pdf).data.startswith(b"%PDF-")
    # News photos are pictures.
    page = client.get(f"/en/gov/news/{ids['news-trade-q3']}/").get_data(as_text=True)
    photos = re.findall(r'<img src="(/en/files/[^"]+)"', page)
    assert len(photos) == 2 and "container-terminal-at-ningbo-zhoushan-port.jpg" in photos[0]
    assert client.get(photos[0]).mimetype == "image/jpeg"

    # A project reads in Japanese too.
    project = ids["proj-yinzhou-medical"]
    page = client.get(f"/en/gov/projects/{project}/").get_data(as_text=True)
    assert 'hreflang="ja"' in page and f"/en/gov/projects/{project}/ja/" in page
    japanese = client.get(f"/en/gov/projects/{project}/ja/")
    assert japanese.status_code == 200
    assert CONTENT["proj-yinzhou-medical"]["title_ja"] in japanese.get_data(as_text=True)


# ---------------------------------------------------------------- credit (last: it generates more records)
def _credit_counts() -> tuple[int, int]:
    from govportal.credit.models import CreditEnterprise, CreditFact

    return (
        db.session.scalar(select(func.count()).select_from(CreditEnterprise)),
        db.session.scalar(select(func.count()).select_from(CreditFact)),
    )


def test_the_credit_demo_gives_exhibitors_records_and_generates_enterprises_by_the_rules(app, loaded):
    from core.organizations.models import Organization
    from demo.credit import _exhibitor_orgs, _Maker, generate_enterprises, generated_count, load_credit
    from govportal.credit import rules, services
    from govportal.credit.models import CreditEnterprise, CreditFact

    with app.test_request_context("/en/"):
        first = _credit_counts()
        load_credit()  # again: nothing new
        assert generate_enterprises(GENERATED) == 0
        assert _credit_counts() == first

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
