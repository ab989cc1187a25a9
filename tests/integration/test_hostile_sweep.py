"""Every form and every query parameter of the app, fed hostile values: no 5xx, no hang,
nothing stored.

The sweep finds the forms itself: it opens every page a visitor, an exporter and a staff
member can reach (with something in every queue, so that each queue's decision forms are on
the page), reads each ``<form method="post">`` and sends it back with every field, hidden ones
and the buttons' values included, set to one hostile value at a time. A form added later is
swept without touching this file. ``ROUTES_NOT_SWEPT`` names what is left out and why; a new
route that the sweep cannot reach fails ``test_the_sweep_reaches_every_route``.

"No hang" is a generous bound (``HANG_SECONDS``) that catches a value that freezes a worker
(``int(Decimal("1e400000"))`` took minutes); speed itself is measured by ``make bench``.
"""

from __future__ import annotations

import html
import io
import time
from datetime import date, timedelta
from html.parser import HTMLParser
from typing import NamedTuple
from urllib.parse import parse_qsl, urlsplit

import pytest
from sqlalchemy import select, text
from werkzeug.exceptions import HTTPException

from core.extensions import db
from tests.conftest import login
from tests.data import PRODUCT

HOSTILE = {
    "huge number": "9" * 5000,
    "exponent": "1e400000",
    "beyond 64 bits": "99999999999999999999999",
    "control and direction": "名\x00\u202e\x7f",
    "only invisible": "\u200b\u200b\u2060",
    "over-long": "x" * 100_000,
    "markup and SQL": "<script>alert(1)</script>' OR 1=1 --",
}
HANG_SECONDS = 5.0
QUERY_PARAMETERS = (
    "page",
    "q",
    "hall",
    "category",
    "district",
    "status",
    "sort",
    "next",
    "lang",
    "exhibition",
    "type",
    "tier",
    "certification",
    "verified",
    "price_min",
    "price_max",
    "moq_min",
    "moq_max",
    "country",
    "min_quantity",
    "posted",
    "closed",
    "product",
    "exhibitor",
    "unit",
    "industry",
    "industries",
    "validity",
    "from",
    "to",
    "kind",
    "kinds",
    "by",
)

# What the sweep does not post to, and why.
FORMS_NOT_SWEPT = {
    "/account/logout": "signs the sweeping client out; it takes no input",
}
ROUTES_NOT_SWEPT = {
    "core.root": "a redirect to a language",
    "core.media": "serves stored files by key; tests/integration/test_site.py tries bad keys",
    "core.sitemap_file": "test_bad_input.py tries page numbers past 2^63",
    "catalog_manage.export": "a download; no input",
    "catalog_manage.template": "a download; test_import.py covers it",
    "catalog_manage.import_errors": "a download of an import's report",
    "catalog_manage.import_progress": "JSON polled by the progress bar",
    "accounts.verify": "a token link; test_accounts.py tries bad tokens",
    "accounts.reset_password": "a token link; test_bad_input.py covers its form",
    "accounts.accept_invitation": "a token link; test_staff_and_invitations.py covers it",
    "catalog_manage.delete_image": "reached from a product with images, which the sweep's products have none of",
    "expo_manage.delete_photo": "reached from a gallery photo, which the sweep's booth has none of",
    "accounts.logout": "signs the sweeping client out",
    "accounts.resend_verification": "a button without input, for unconfirmed accounts; test_limits.py posts it",
    "catalog_manage.submit": "a button without input on a draft; test_catalog_manage.py posts it",
    "catalog_manage.restore": "a button without input on an archived product",
    "catalog_manage.import_status": "the page of one import; test_import.py reads it",
    "membership.checkout": "its buttons show only with Stripe keys; test_billing.py posts bad prices and attempts",
    "membership.checkout_return": "needs a Checkout Session; test_billing.py tries another's and garbage ids",
    "membership_manage.revoke": "a button without input on a grant; test_membership_grants.py posts it",
    "billing.portal": "its button shows only with Stripe keys and a customer; test_billing.py posts it",
    "stripe_webhook.webhook": "signed JSON, not a form; test_billing.py sends unsigned, tampered and stale events",
    "files.download": "a file download (binary); test_attachments.py tries ids, names and who may read",
    "staff.delete_synonym": "a button on a synonym group, which the sweep's world has none of; test_search_app.py",
    "publishing_manage.remove_file": "a button on a draft's file; test_publishing.py posts it",
    "credit_reports.report": "a PDF download; test_credit_report.py tries codes, the font and the limit",
    "credit_import.status": "the page of one import; test_credit_import.py reads it",
    "credit_import.progress": "JSON polled by the progress bar",
    "credit_import.report": "a download of an import's report; test_credit_import.py reads it",
    "credit_import.template": "a download; test_credit_import.py covers it",
}


class _Forms(HTMLParser):
    """The post forms of a page: their action, the values the page fills in (what a visitor
    who changes nothing sends) and the names of their buttons."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {"action": attrs.get("action"), "values": {}, "buttons": []}
            self.forms.append(self._form)
            return
        form, name = self._form, attrs.get("name")
        if form is None:
            return
        if tag == "option" and self._select and ("selected" in attrs or self._select not in form["values"]):
            form["values"][self._select] = attrs.get("value", "")
        if not name or attrs.get("type") == "file":
            return
        if tag == "button" or attrs.get("type") == "submit":
            form["buttons"].append(name)
        elif tag == "select":
            self._select = name
        elif tag == "textarea":
            self._textarea = name
            form["values"][name] = ""
        elif attrs.get("type") in ("checkbox", "radio"):
            if "checked" in attrs:
                form["values"][name] = attrs.get("value", "y")
            else:
                form["values"].setdefault(name, None)  # a field the sweep may still fill
        else:
            form["values"][name] = attrs.get("value", "")

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["values"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _snapshot() -> dict[str, object]:
    """Every stored row, as a digest per table: a form that changed a row shows, not only one
    that added or removed rows. PostgreSQL digests the rows itself, all tables in one query (a
    query per table took 35 ms a snapshot, a third of the sweep)."""
    # The fixture's own thumbnail jobs finish as they please.
    tables = [table.name for table in db.metadata.sorted_tables if table.name not in ("job_runs",)]
    if db.engine.dialect.name == "postgresql":
        digest = "SELECT '{0}', md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) FROM \"{0}\" r"
        return dict(db.session.execute(text(" UNION ALL ".join(digest.format(name) for name in tables))).all())
    digests = {}
    for name in tables:
        rows = sorted(repr(tuple(row)) for row in db.session.execute(select(db.metadata.tables[name])))
        digests[name] = hash(tuple(rows))
    return digests


@pytest.fixture()
def world(app, make_user, make_org, make_exhibitor, make_product, make_booth, make_credit):
    """Something in every queue: a verified exporter with a published and a submitted product
    and a booth change waiting, a pending organization, an application to a timed fair, a
    failed job; a buyer with a published, a submitted and a draft request; an admin who
    moderates."""
    from datetime import timedelta

    from core.db import utcnow
    from core.jobs import JobRun, JobStatus
    from marketplace.catalog.tree import load_categories
    from marketplace.expo.models import Booth, Exhibition, ExhibitorProfile, Hall

    with app.app_context():
        load_categories()
        db.session.commit()
    org = make_org()
    exporter = make_exhibitor(org=org)
    published = make_product(org.id, image=True)
    make_product(org.id, status="submitted", image=True, title_en="Waiting valve")
    make_booth(org=org, about_en="We make valves.")
    make_org(status="pending", name_en="Pending Co.")
    applicant = make_org(name_en="Applicant Co.")
    with app.app_context():
        profile = db.session.get(ExhibitorProfile, org.id)
        profile.pending_revision = {"about_en": "New text"}
        fair = Exhibition(slug="spring", name_en="Spring Fair", starts_at=utcnow() + timedelta(days=9),
                          ends_at=utcnow() + timedelta(days=19))  # fmt: skip
        db.session.add(fair)
        db.session.flush()
        db.session.add(Hall(exhibition_id=fair.id, slug="valves", name_en="Valves"))
        db.session.add(Booth(exhibition_id=fair.id, organization_id=applicant.id))  # waits for a decision
        db.session.add(JobRun(name="catalog.thumbnails", queue="default", args=[1], status=JobStatus.FAILED,
                              attempts=3, max_attempts=3, last_error="OSError"))  # fmt: skip
        db.session.commit()
        slug = profile.slug
    buyer = make_user()
    requests = _requests(app, buyer, org.id)
    portal = _portal(app, make_user)
    return {
        "portal": portal,
        "credit": _credit(app, make_credit, org.uscc, exporter, buyer),
        "exporter": exporter,
        "buyer": buyer,
        "requests": requests,
        "admin": make_user(account_type="staff", roles=["admin", "moderator"]),
        "product": published,
        "booth": slug,
    }


def _requests(app, buyer, quoting_org_id) -> dict[str, int]:
    from datetime import timedelta

    from core.accounts.models import User
    from marketplace.sourcing import services

    made = {}
    with app.test_request_context("/en/"):
        user = db.session.get(User, buyer.id)
        for state in ("published", "open", "submitted", "draft"):
            deadline = services.today() + timedelta(days=30)
            clean = {"title": f"Ball valves ({state})", "language": "en", "category_id": None, "quantity": 100,
                     "unit": None, "target_price": None, "currency": "USD", "country": "DE", "trade_term": "FOB",
                     "certifications": None, "details": None, "deadline": deadline}  # fmt: skip
            item = services.create_request(user, clean)
            if state != "draft":
                item.status = "published" if state == "open" else state
                item.published_at = None if state == "submitted" else item.created_at
            made[state] = item.id
        from marketplace.sourcing.models import Quote

        db.session.add(Quote(request_id=made["published"], organization_id=quoting_org_id, unit_price=3, currency="USD",
                             trade_term="FOB", valid_until=deadline, status="submitted"))  # fmt: skip
        from core.organizations.models import Organization
        from marketplace.sourcing import inquiries

        seller = db.session.get(Organization, quoting_org_id)
        inquiry = inquiries.open_inquiry(user, seller, "Valves", {"body": "Hello"})
        made["inquiry"] = inquiry.id
        reported = inquiries.open_inquiry(user, seller, "Cheap watches", {"body": "Visit my shop"})
        inquiries.report(reported, user, "Spam")  # in the moderators' queue
        from core.notifications import Notification
        from marketplace.following import services as following

        following.follow(user, following.find_target("exhibitor", quoting_org_id))
        following.follow(user, following.find_target("category", slug="industrial-valves"))
        note = Notification(user_id=user.id, template="quote_received", texts={"en": "New quote", "zh": "新报价"},
                            endpoint="sourcing_manage.index", args={})  # fmt: skip
        db.session.add(note)
        db.session.flush()
        made["notification"] = note.id
        made["unsubscribe"] = following.unsubscribe_url(user)
        # A file on the published request and on the draft (its remove button).
        from werkzeug.datastructures import FileStorage

        from core import attachments
        from tests.data import pdf

        for state in ("published", "draft"):
            upload = attachments.check_upload(FileStorage(io.BytesIO(pdf()), "spec.pdf"))
            made[f"{state} file"] = attachments.attach("rfq", made[state], [upload], user)[0].id
        db.session.commit()
    return made


def _portal(app, make_user) -> dict:
    """The portal's publishing in every state: a draft, one waiting for review, a published
    policy with a file and an amendment waiting, a scheduled notice, a withdrawn one; a
    district site; a subscription's links."""
    from datetime import timedelta

    from werkzeug.datastructures import FileStorage

    from core import attachments
    from core.accounts.models import User
    from core.db import utcnow
    from core.units import Unit, UnitKind
    from govportal.publishing import services, subscriptions
    from govportal.publishing.kinds import KINDS
    from tests.data import pdf

    with app.app_context():
        trade = Unit(slug="trade", kind=UnitKind.DEPARTMENT, name_zh="对外贸易处", name_en="Trade", position=1)
        beilun = Unit(
            slug="beilun", kind=UnitKind.DISTRICT, name_zh="北仑区商务局", name_en="Beilun", district="330206"
        )
        db.session.add_all([trade, beilun])
        db.session.commit()
        unit_id = trade.id
    writer = make_user(email="writer@bureau.gov.cn", account_type="staff", roles=["editor"], unit_id=unit_id)
    made = {}
    with app.test_request_context("/en/"):
        author = db.session.get(User, writer.id)
        base = {
            "unit_id": unit_id,
            "title_en": "Export measures",
            "body_zh": "<p>第一条</p>",
            "industries": ",machinery,",
        }
        for state in ("draft", "submitted", "published", "scheduled", "withdrawn"):
            kind = KINDS["policy" if state in ("draft", "published") else "notice"]
            values = {**base, "title_zh": f"出口措施（{state}）"}
            if kind.name == "policy":
                values["details"] = {"policy_type": "document", "issuer_zh": "市商务局", "dated_on": "2026-11-01"}
                values["doc_number"] = f"甬商务〔2026〕{len(made) + 1}号"
            if state == "scheduled":
                values["scheduled_for"] = utcnow() + timedelta(days=3)
            item = services.create(kind, author, values)
            if state != "draft":
                item.status, item.submitted_at = "submitted", utcnow()
            if state in ("published", "withdrawn"):
                item.status, item.published_at, item.version = "published", utcnow(), 1
            if state == "scheduled":
                item.status = "scheduled"
            if state == "withdrawn":
                item.status, item.withdrawn_at, item.withdrawn_reason = "withdrawn", utcnow(), "Superseded"
            made[state] = item.id
        published = db.session.get(services.Publication, made["published"])
        published.pending_revision = {"title_en": "Export measures (amended)", "change_note_zh": "修订"}
        upload = attachments.check_upload(FileStorage(io.BytesIO(pdf()), "form.pdf"))
        attachments.attach("publication", made["published"], [upload], author)
        found = subscriptions.subscribe("reader@example.com", "en", ["notice"], ["machinery"], [], "daily")
        subscriptions.confirm(found)
        made["confirm"] = subscriptions._url("portal_subscriptions.confirm", "confirm", found)
        made["manage"] = subscriptions._url("portal_subscriptions.manage", "manage", found)
        made["unsubscribe"] = subscriptions._url("portal_subscriptions.unsubscribe", "unsubscribe", found)
        made["preview"] = "/en/gov/preview/" + services.preview_token(published)
        db.session.commit()
    return {name: ("/" + value.split("/", 3)[3] if isinstance(value, str) and "://" in value else value)
            for name, value in made.items()}  # fmt: skip


def _credit(app, make_credit, code, owner, follower) -> dict:
    """The exporter's credit record (its organization's code) with a penalty that counts against
    it and that an open objection, filed by the exporter with a PDF, is about; followed by the
    buyer (whose record page has the unfollow button; the exporter's has the follow one); and a
    report issued."""
    from werkzeug.datastructures import FileStorage

    from core import attachments
    from core.accounts.models import User
    from core.db import commit
    from govportal.credit import services
    from tests.data import pdf

    day = (date.today() - timedelta(days=20)).isoformat()
    penalty = {"kind": "penalty", "grade": "ordinary", "title_zh": "未备案经营", "reference": "甬商罚〔2026〕8号",
               "authority_zh": "宁波市商务局", "decided_on": day}  # fmt: skip
    registration = {"kind": "registration", "grade": "active", "authority_zh": "市监局"}
    record = make_credit(uscc=code, legal_rep="王建国", facts=[registration, penalty])
    with app.test_request_context("/en/"):
        enterprise = db.session.get(services.CreditEnterprise, record.id)
        fact = next(f for f in enterprise.facts if f.kind == "penalty")
        services.follow(db.session.get(User, follower.id), enterprise)
        report = services.issue_report(enterprise, "en")
        upload = attachments.check_upload(FileStorage(io.BytesIO(pdf()), "evidence.pdf"))
        objection = services.file_objection(db.session.get(User, owner.id), fact.id, "Wrong", [upload])
        made = {"uscc": code, "report": report.reference, "fact": fact.id, "objection": objection.id}
        commit()
    return made


def _pages(world) -> dict[str, list[str]]:
    product, booth = world["product"], world["booth"]
    public = ["/en/", "/zh/", "/en/expo/", "/en/expo/spring/", "/en/expo/spring/valves/", "/en/categories/",
              "/en/categories/industrial-valves/", "/en/exhibitors/", f"/en/exhibitors/{booth}/",
              f"/en/products/{product.id}-{product.slug}/", "/en/search", "/en/help/search", "/api/v1/search",
              "/api/v1/suggest", "/api/v1/openapi.json", "/en/gov/", "/healthz", "/robots.txt",
              "/sitemap.xml", "/en/account/login", "/en/account/signup", "/en/account/signup/buyer",
              "/en/account/signup/exhibitor", "/en/account/password/forgot", "/en/account/verify/again",
              "/en/rfq/", f"/en/rfq/{world['requests']['published']}/", world["requests"]["unsubscribe"],
              "/en/membership/", "/zh/membership/"]  # fmt: skip
    portal = world["portal"]
    public += [
        "/en/gov/policies/",
        "/zh/gov/notices/",
        f"/en/gov/policies/{portal['published']}/",
        f"/zh/gov/notices/{portal['withdrawn']}/",
        "/en/gov/districts/",
        "/en/gov/districts/beilun/",
        "/en/gov/policies/feed.atom",
        "/en/gov/districts/beilun/feed.atom",
        "/en/gov/subscribe/",
        portal["confirm"],
        portal["manage"],
        portal["unsubscribe"],
        portal["preview"],
        "/en/gov/projects/1/ja/",
        "/api/v1/gov/publications",
        f"/api/v1/gov/publications/{portal['published']}",
    ]
    credit = world["credit"]
    public += [
        "/en/gov/credit/",
        "/zh/gov/credit/?q=阀门",
        f"/en/gov/credit/{credit['uscc']}/",
        f"/zh/gov/credit/{credit['uscc']}/",
        "/en/gov/credit/reports/",
        f"/en/gov/credit/reports/{credit['report']}/",
        "/api/v1/gov/credit/enterprises?q=valve",
        f"/api/v1/gov/credit/enterprises/{credit['uscc']}",
    ]
    requests = world["requests"]
    exporter_quotes = ["/en/account/quotes/", f"/en/account/quotes/on/{requests['open']}",
                       f"/en/account/quotes/on/{requests['published']}", "/en/account/inquiries/",
                       f"/en/account/inquiries/{requests['inquiry']}", "/en/account/inquiries/analytics"]  # fmt: skip
    buyer = ["/en/account/requests/", "/en/account/requests/new",
             *(f"/en/account/requests/{requests[state]}/edit" for state in ("published", "draft")),
             f"/en/account/requests/{requests['published']}/quotes", "/en/account/inquiries/",
             f"/en/account/inquiries/{requests['inquiry']}", f"/en/account/inquiries/new?product={product.id}",
             f"/en/account/inquiries/new?exhibitor={product.organization_id}", "/en/account/following/",
             f"/en/account/following/new?exhibitor={product.organization_id}",
             "/en/account/following/new?category=machine-tools", "/en/account/notifications/",
             f"/en/account/notifications/{requests['notification']}", "/en/gov/credit/following/",
             f"/en/gov/credit/{world['credit']['uscc']}/"]  # fmt: skip
    exporter = ["/en/account/", "/en/account/profile", "/en/account/organization", "/en/account/catalog/",
                "/en/account/catalog/new", f"/en/account/catalog/{product.id}/edit", "/en/account/catalog/import",
                "/en/account/booth/", "/en/account/booth/exhibitions", "/en/account/credit/",
                f"/en/account/credit/objections/new?fact={credit['fact']}", f"/en/gov/credit/{credit['uscc']}/",
                f"/en/account/credit/objections/{credit['objection']}/", "/en/gov/credit/following/",
                "/en/membership/", "/en/account/billing/"]  # fmt: skip
    staff = ["/en/staff/", "/en/staff/organizations/", "/en/staff/jobs/", "/en/staff/audit/", "/en/staff/people/",
             "/en/staff/expo/products/", "/en/staff/expo/booths/", "/en/staff/expo/applications/",
             "/en/staff/expo/history/", "/en/staff/synonyms/", "/en/staff/expo/requests/",
             "/en/staff/expo/inquiries/", "/en/staff/portal/", "/en/staff/portal/review/", "/en/staff/credit/import/",
             *(f"/en/staff/portal/new/{kind}" for kind in ("policy", "announcement", "notice", "guide", "project",
                                                           "news")),
             *(f"/en/staff/portal/{portal[state]}/" for state in ("draft", "submitted", "published", "scheduled",
                                                                  "withdrawn")),
             f"/en/staff/portal/{portal['published']}/history", "/en/staff/membership/"]  # fmt: skip
    code, fact = credit["uscc"], credit["fact"]
    staff += ["/en/staff/credit/", "/en/staff/credit/new", f"/en/staff/credit/{code}/", f"/en/staff/credit/{code}/edit",
              f"/en/staff/credit/{code}/facts/new?kind=penalty", f"/en/staff/credit/facts/{fact}/edit",
              f"/en/staff/credit/facts/{fact}/end", f"/en/staff/credit/facts/{fact}/delete",
              "/en/staff/credit/objections/", f"/en/staff/credit/objections/{credit['objection']}/"]  # fmt: skip
    return {"visitor": public, "exporter": exporter + exporter_quotes, "buyer": buyer, "admin": staff}


def _client(app, world, role):
    client = app.test_client()
    if role != "visitor":
        login(client, world[role].email)
    return client


def _timed(call):
    started = time.perf_counter()
    response = call()
    return response, time.perf_counter() - started


# What a visitor types into the forms that start empty, so that each hostile field is the only
# thing wrong with what is sent.
BASELINES = {
    "/en/account/signup/buyer": {"full_name": "Anna", "email": "anna@example.com", "password": "a-long-password-1",
                                 "confirm": "a-long-password-1", "preferred_language": "en"},
    "/en/account/signup/exhibitor": {"full_name": "Li", "email": "li@example.cn", "password": "a-long-password-1",
                                     "confirm": "a-long-password-1", "preferred_language": "en",
                                     "name_zh": "测试公司", "uscc": "91350100M000100Y43", "district": "330203",
                                     "industry": "machinery"},
    "/en/account/catalog/new": {**PRODUCT, "sku": "SWEEP-1"},
    "/en/account/password/forgot": {"email": "nobody@example.com"},
    "/en/account/verify/again": {"email": "nobody@example.com"},
    "/en/staff/synonyms/": {"terms": "水泵 = pump", "note": "sweep"},
    "/en/gov/subscribe/": {"email": "reader@example.org", "kinds": "notice", "frequency": "immediate"},
    "/en/staff/people/": {"full_name": "Wang", "email": "wang@bureau.gov.cn", "preferred_language": "zh",
                          "roles": "editor"},
}  # fmt: skip
# Hostile values no field of any form may store: what is invisible, ambiguous or too long.
NEVER_STORED = ("control and direction", "only invisible", "over-long")


def _forms_of(client, page_url):
    page = client.get(page_url)
    if page.status_code != 200 or "html" not in page.content_type:
        return []
    parser = _Forms()
    parser.feed(page.get_data(as_text=True))
    found = []
    for form in parser.forms:
        target = html.unescape(form["action"]) if form["action"] else page_url
        if any(urlsplit(target).path.endswith(skipped) for skipped in FORMS_NOT_SWEPT):
            continue
        baseline = {k: v for k, v in form["values"].items() if k != "csrf_token" and v is not None}
        baseline.update(BASELINES.get(urlsplit(target).path, {}))
        fields = [*(k for k in form["values"] if k != "csrf_token"), *form["buttons"]]
        if fields:  # a button alone (archive, submit) has no input to make hostile
            found.append((target, baseline, list(dict.fromkeys(fields))))
    return found


@pytest.mark.parametrize("role", ["visitor", "exporter", "buyer", "admin"])
def test_every_field_of_every_form_refuses_hostile_values(app, world, role):
    """Each field in turn gets each hostile value while the rest of the form is as a visitor
    would send it; invisible, ambiguous and over-long values are never stored."""
    client = _client(app, world, role)
    swept = 0
    for page_url in _pages(world)[role]:
        for target, baseline, fields in _forms_of(client, page_url):
            for name in fields:
                # The page opens again after the last field's hostile values (and gives the token)
                token = _token(client, page_url)
                after = None  # the rows after the last post, while nothing else ran since
                for label, value in HOSTILE.items():
                    if _session_token(app, client) != token.raw:
                        token, after = _token(client, page_url), None
                    data = {"csrf_token": token.signed, **baseline, name: value}
                    watch = label in NEVER_STORED
                    if watch:
                        before = after
                        if before is None:
                            with app.app_context():
                                before = _snapshot()
                    response, seconds = _timed(lambda url=target, form=data: client.post(url, data=form))
                    assert response.status_code < 500, (role, target, name, label, response.status_code)
                    assert seconds < HANG_SECONDS, (role, target, name, label, f"{seconds:.1f} s")
                    after = None
                    if watch:
                        with app.app_context():
                            after = _snapshot()
                        assert before == after, (
                            role,
                            target,
                            name,
                            label,
                            sorted(t for t in before if before[t] != after[t]),
                        )
                    swept += 1
    assert swept >= {"visitor": 150, "exporter": 300, "buyer": 100, "admin": 120}[role], swept


class _Token(NamedTuple):
    signed: str  # what the form sends
    raw: str | None  # what the session holds, that the signed token must match


def _token(client, page_url) -> _Token:
    """The CSRF token of the page (which must open), and the session's, that it stands for.

    Flask-WTF's token is good for as long as the session keeps its own (and WTF_CSRF_TIME_LIMIT):
    the sweep uses it for every hostile value of a field, and opens the page again for a new one
    only when a post changed the session's (a sign-in or sign-out): else the posts that follow
    would be refused for their token, not for their values, and test nothing.
    """
    from tests.conftest import csrf_from

    signed = csrf_from(client.get(page_url).get_data(as_text=True))
    return _Token(signed, _session_token(client.application, client))


def _session_token(app, client) -> str | None:
    """The CSRF token in the client's session cookie (Flask's signed cookie, read, not changed)."""
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    if cookie is None:
        return None
    return app.session_interface.get_signing_serializer(app).loads(cookie.value).get("csrf_token")


@pytest.mark.parametrize("role", ["visitor", "exporter", "buyer", "admin"])
def test_every_page_takes_hostile_query_parameters(app, world, role):
    client = _client(app, world, role)
    for page_url in _pages(world)[role]:
        for label, value in HOSTILE.items():
            if label == "over-long":
                value = value[:6000]  # a URL, not a body: servers stop at about 8 KB
            path, _, own = page_url.partition("?")
            query = {**dict(parse_qsl(own)), **dict.fromkeys(QUERY_PARAMETERS, value)}
            response, seconds = _timed(lambda url=path, q=query: client.get(url, query_string=q))
            assert response.status_code < 500, (role, page_url, label, response.status_code)
            assert seconds < HANG_SECONDS, (role, page_url, label, f"{seconds:.1f} s")


def test_the_sweep_reaches_every_route(app, world):
    """A route the sweep neither opens nor posts to must say why in ROUTES_NOT_SWEPT."""
    pages = [url for urls in _pages(world).values() for url in urls]
    reached = set()
    adapter = app.url_map.bind("localhost")

    def reach(path, method):
        try:
            reached.add(adapter.match(path, method=method)[0])
        except HTTPException:
            pass  # not a route of ours (an absolute link elsewhere)

    for url in pages:
        reach(urlsplit(url).path, "GET")
    # Post-only routes are reached through the forms of these pages.
    for role, urls in _pages(world).items():
        client = _client(app, world, role)
        for url in urls:
            parser = _Forms()
            parser.feed(client.get(url).get_data(as_text=True))
            for form in parser.forms:
                reach(urlsplit(html.unescape(form["action"] or url)).path, "POST")
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    missing = endpoints - reached - set(ROUTES_NOT_SWEPT)
    assert not missing, f"routes the hostile sweep does not reach; add a page or say why: {sorted(missing)}"
