"""WCAG 2.x A/AA with axe-core, reflow at 320 px, and the skip link, on the main pages in both languages."""

from __future__ import annotations

import functools
import re
from unittest import mock

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, clean, org_factory
from tests.e2e.conftest import LANGS, sign_in, t

pytestmark = pytest.mark.e2e

# axe_playwright_python passes `options` to axe.run() as JSON; giving our own replaces its
# default ({"resultTypes": ["violations"]}), so that is repeated here.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
AXE = Axe()


def _signed_in(account_type: str, path: str, **user_fields):
    def open_page(page: Page, lang: str, request) -> None:
        # make_user hashes the password when it is set up: only the pages that need it ask for it
        make_user = request.getfixturevalue("make_user")
        user = make_user(account_type=account_type, lang=lang, **user_fields)
        if path == "/account/":  # through the form: the page the sign-in lands on, with its notice
            sign_in(page, user.email, lang)
            return
        _sign_in(page, request, user.email, lang)
        page.goto(f"/{lang}{path}")

    return open_page


def _sign_in(page: Page, request, email: str, lang: str) -> None:
    """Sign ``email`` in by giving the browser the session cookie the login form would have set
    (Flask-Login's login_user, and the last sign-in stored, as after the password check).

    Signing in through the form took a page, an Argon2 check and the account page per check here,
    more than the check itself: the form is checked as the "login" page and, with the page it
    lands on, as "account-home"; the browser flows sign in through it (tests/e2e/conftest.py).
    """
    from flask import session
    from flask_login import login_user

    from core.accounts.models import user_by_email
    from core.db import utcnow
    from core.extensions import db

    app = request.getfixturevalue("app")
    # The request the session is made in comes from the browser's address and user agent, as
    # the login form's would (Flask-Login's session protection compares them).
    agent = page.evaluate("navigator.userAgent")
    with app.test_request_context(
        f"/{lang}/account/login", headers={"User-Agent": agent}, environ_base={"REMOTE_ADDR": "127.0.0.1"}
    ):
        user = user_by_email(email)
        user.last_login_at = utcnow()
        db.session.commit()
        assert login_user(user), email
        value = app.session_interface.get_signing_serializer(app).dumps(dict(session))
    name, url = app.config["SESSION_COOKIE_NAME"], app.config["BASE_URL"]
    page.context.add_cookies([{"name": name, "value": value, "url": url, "httpOnly": True, "sameSite": "Lax"}])


def _shared(key: str, load):
    """Mark a page opener as one whose checks only read, on the data ``load(app)`` returns:
    the checks of such pages share one load of it (see _clean_database)."""

    def mark(open_page):
        open_page.shared = (key, load)
        return open_page

    return mark


def _no_data(app) -> None:
    return None


def _exhibitors(app) -> None:
    """Verified organizations, so the page lists some."""
    make_org = org_factory(app)
    make_org(name_zh="宁波海曙精密阀门有限公司", name_en="Ningbo Haishu Precision Valves Co., Ltd.")
    make_org(name_zh="杭州绿茶进出口有限公司", name_en="Hangzhou Green Tea Import & Export Co., Ltd.")


def _public(path: str, with_exhibitors: bool = False):
    @_shared("exhibitors", _exhibitors) if with_exhibitors else _shared("nothing", _no_data)
    def open_page(page: Page, lang: str, request) -> None:
        response = page.goto(f"/{lang}{path}")
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"

    return open_page


def _expo_data(app, make_org=None) -> dict:
    """A small published expo: categories, a hall with one booth, one product with an image."""
    import io

    from PIL import Image

    from core.extensions import db
    from core.media import thumbnails
    from core.organizations.models import Organization
    from marketplace.catalog.images import store_image
    from marketplace.catalog.models import Category, Product
    from marketplace.catalog.tree import load_categories
    from marketplace.expo.models import Booth, Exhibition, Hall
    from marketplace.expo.services import ensure_profile

    org = (make_org or org_factory(app))(name_zh="宁波海曙精密阀门有限公司", name_en="Ningbo Precision Valves")
    with app.test_request_context():
        load_categories()
        ex = Exhibition(slug="online-expo", name_zh="网上博览会", name_en="Online Expo", is_permanent=True)
        db.session.add(ex)
        db.session.flush()
        hall = Hall(exhibition_id=ex.id, slug="machinery", name_zh="机械馆", name_en="Machinery Hall")
        db.session.add(hall)
        db.session.flush()
        db.session.add(Booth(exhibition_id=ex.id, organization_id=org.id, hall_id=hall.id, status="approved"))
        profile = ensure_profile(db.session.get(Organization, org.id))
        profile.about_zh, profile.about_en = "专业生产工业阀门。", "We make industrial valves."
        category = db.session.scalar(db.select(Category).where(Category.slug == "industrial-valves"))
        product = Product(
            organization_id=org.id,
            category_id=category.id,
            status="published",
            sku="V1",
            title_zh="不锈钢闸阀",
            title_en="Stainless steel gate valve",
            slug="stainless-steel-gate-valve",
            price_min=12,
            price_max=18,
            currency="USD",
            moq=100,
            moq_unit="pieces",
            specs=[{"name": "Size", "value": "DN50"}],
            description_zh="<p>优质阀门</p>",
        )
        db.session.add(product)
        db.session.flush()
        out = io.BytesIO()
        Image.new("RGB", (400, 400), (30, 90, 160)).save(out, "JPEG")
        image = store_image(product, out.getvalue(), "valve.jpg", "闸阀", "Gate valve")
        image.thumbs = thumbnails(image.key)
        db.session.commit()
        return {
            "product": f"/products/{product.id}-{product.slug}/",
            "booth": f"/exhibitors/{profile.slug}/",
            "org_id": org.id,
            "product_id": product.id,
        }


def _expo_page(key: str):
    @_shared("expo", _expo_data)
    def open_page(page: Page, lang: str, request) -> None:
        paths = _shared_data(request)
        path = {
            "product": paths["product"],
            "booth": paths["booth"],
            "category": "/categories/pumps-valves/",
            "categories": "/categories/",
            "exhibition": "/expo/online-expo/",
            "hall": "/expo/online-expo/machinery/",
        }[key]
        response = page.goto(f"/{lang}{path}")
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"

    return open_page


def _expo_data_indexed(app) -> None:
    """The expo's data, and the search index drained from it."""
    from core import search

    _expo_data(app)
    with app.app_context():
        search.drain()


@_shared("expo-indexed", _expo_data_indexed)
def _search_results(page: Page, lang: str, request) -> None:
    """The results page with hits, tabs, facets and marks (the index drained from the data)."""
    response = page.goto(f"/{lang}/search?q=valve&type=product")
    assert response is not None and response.status == 200
    expect(page.locator(".hit-title")).to_have_count(1)


def _exhibitor_page(path: str):
    def open_page(page: Page, lang: str, request) -> None:
        from core.extensions import db
        from core.organizations.models import OrganizationMember

        app = request.getfixturevalue("app")
        paths = _expo_data(app, request.getfixturevalue("make_org"))
        user = request.getfixturevalue("make_user")(account_type="exhibitor", lang=lang)
        with app.app_context():
            db.session.add(OrganizationMember(user_id=user.id, organization_id=paths["org_id"], role="owner"))
            db.session.commit()
        _sign_in(page, request, user.email, lang)
        page.goto(f"/{lang}{path.format(product_id=paths['product_id'])}")

    return open_page


def _member_page(path: str):
    """An exhibitor's owner whose organization the bureau granted gold: the billing page has
    its grants table, inquiry analytics its tables, the membership page its own tier."""

    def open_page(page: Page, lang: str, request) -> None:
        from datetime import timedelta

        from core.db import utcnow
        from core.extensions import db
        from core.organizations.models import OrganizationMember
        from marketplace.membership import tiers
        from marketplace.membership.models import TierGrant

        app = request.getfixturevalue("app")
        paths = _expo_data(app, request.getfixturevalue("make_org"))
        user = request.getfixturevalue("make_user")(account_type="exhibitor", lang=lang)
        today = utcnow().date()
        with app.test_request_context(f"/{lang}/"):
            db.session.add(OrganizationMember(user_id=user.id, organization_id=paths["org_id"], role="owner"))
            db.session.add(TierGrant(organization_id=paths["org_id"], tier_code="gold", starts_on=today,
                                     ends_on=today + timedelta(days=200),
                                     reason="国际市场开拓资金支持的中小企业 (international-market fund)"))  # fmt: skip
            db.session.flush()
            tiers.apply_tier(paths["org_id"])
            db.session.commit()
        _sign_in(page, request, user.email, lang)
        page.goto(f"/{lang}{path}")

    return open_page


def _staff_page(path: str):
    """A staff page with something in its table: a pending organization and its applicant, a
    refused one (an audit entry), a failed job."""

    def open_page(page: Page, lang: str, request) -> None:
        from core import audit
        from core.extensions import db
        from core.jobs import JobRun, JobStatus
        from core.organizations.models import Organization

        app = request.getfixturevalue("app")
        make_org, make_exhibitor = request.getfixturevalue("make_org"), request.getfixturevalue("make_exhibitor")
        pending = make_org(
            status="pending",
            name_zh="宁波北仑港口机械设备制造有限公司",
            name_en="Ningbo Beilun Port Machinery Equipment Manufacturing Co., Ltd.",
            district="330206",
            industry="machinery",
            website="https://port-machinery.example.cn",
        )
        make_exhibitor(org=pending, email="a.very.long.applicant.name@port-machinery.example.cn", verified=False)
        user = request.getfixturevalue("make_user")(account_type="staff", lang=lang, roles=["admin"])
        with app.test_request_context(f"/{lang}/"):
            refused = make_org(status="rejected")
            audit.record("organization.rejected", db.session.get(Organization, refused.id), reason="执照照片不清晰" * 5)
            db.session.add(JobRun(name="catalog.thumbnails", queue="default", args=[1], status=JobStatus.FAILED,
                                  attempts=3, max_attempts=3, last_error="OSError: " + "x" * 300))  # fmt: skip
            db.session.commit()
        _sign_in(page, request, user.email, lang)
        page.goto(f"/{lang}{path}")

    return open_page


def _requests_page(key: str):
    """Buyer requests: a buyer with a published request (in both languages' words) and one
    waiting for review; the page as a visitor, the buyer or a moderator sees it."""

    def open_page(page: Page, lang: str, request) -> None:
        from datetime import timedelta

        from core.accounts.models import User
        from core.extensions import db
        from marketplace.catalog.tree import load_categories
        from marketplace.sourcing import services

        app = request.getfixturevalue("app")
        make_user = request.getfixturevalue("make_user")
        buyer = make_user(lang=lang, full_name="Anna Berg")
        moderator = make_user(account_type="staff", lang=lang, roles=["moderator"])
        with app.test_request_context(f"/{lang}/"):
            load_categories()
            ids = []
            for title, state in (("求购不锈钢球阀 DN50 / Stainless ball valves DN50", "published"),
                                 ("LED panel lights 600x600", "submitted")):  # fmt: skip
                clean, errors = services.clean_request({
                    "title": title, "language": "en", "category": "industrial-valves", "quantity": "5000",
                    "unit": "pieces", "target_price": "3.20", "currency": "USD", "trade_term": "FOB",
                    "country": "DE", "certifications": "CE, ISO 9001",
                    "deadline": (services.today() + timedelta(days=30)).isoformat(),
                    "details": "Body SS316, PN40.\nPacking: export cartons.",
                })  # fmt: skip
                assert not errors, errors
                item = services.create_request(db.session.get(User, buyer.id), clean)
                services.submit(item)
                if state == "published":
                    services.decide(item, db.session.get(User, moderator.id), "approve")
                ids.append(item.id)
            db.session.commit()
        exhibitor = None
        if key in ("quote", "my-quotes", "compare"):
            from marketplace.sourcing.models import Quote

            make_org, make_exhibitor = request.getfixturevalue("make_org"), request.getfixturevalue("make_exhibitor")
            own = make_org(name_zh="宁波海曙精密阀门有限公司", name_en="Ningbo Precision Valves")
            exhibitor = make_exhibitor(org=own, lang=lang)
            with app.app_context():
                for number, name in enumerate(("Yuyao Flow Control Equipment Co., Ltd.", "Cixi Valve Works")):
                    other = make_org(name_en=name)
                    db.session.add(Quote(request_id=ids[0], organization_id=other.id, unit_price=2.5 + number,
                                         currency="USD", trade_term="FOB", moq=1000, lead_time_days=25,
                                         valid_until=services.today() + timedelta(days=20), status="submitted",
                                         message="Body SS316, tested to PN40. 样品免费。"))  # fmt: skip
                db.session.commit()
        path = {
            "list": "/rfq/",
            "quote": f"/account/quotes/on/{ids[0]}",
            "my-quotes": "/account/quotes/",
            "compare": f"/account/requests/{ids[0]}/quotes",
            "detail": f"/rfq/{ids[0]}/",
            "mine": "/account/requests/",
            "edit": f"/account/requests/{ids[0]}/edit",
            "new": "/account/requests/new",
            "review": "/staff/expo/requests/",
        }[key]
        if key in ("mine", "edit", "new", "compare"):
            _sign_in(page, request, buyer.email, lang)
        elif exhibitor is not None:
            _sign_in(page, request, exhibitor.email, lang)
        elif key == "review":
            _sign_in(page, request, moderator.email, lang)
        response = page.goto(f"/{lang}{path}")
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"

    return open_page


def _inquiry_page(key: str):
    """A conversation between a buyer and an exhibitor, as either side sees it."""

    def open_page(page: Page, lang: str, request) -> None:
        from core.accounts.models import User
        from core.extensions import db
        from core.organizations.models import Organization
        from marketplace.sourcing import inquiries

        app = request.getfixturevalue("app")
        make_org, make_exhibitor = request.getfixturevalue("make_org"), request.getfixturevalue("make_exhibitor")
        buyer = request.getfixturevalue("make_user")(lang=lang, full_name="Anna Berg", company_name="Berg Import GmbH")
        org = make_org(name_zh="宁波海曙精密阀门有限公司", name_en="Ningbo Precision Valves")
        seller = make_exhibitor(org=org, lang=lang)
        with app.test_request_context(f"/{lang}/"):
            first = {"body": "Can you do PN40?\nWe ship to Hamburg.", "quantity": 2000}
            inquiry = inquiries.open_inquiry(
                db.session.get(User, buyer.id),
                db.session.get(Organization, org.id),
                "球阀 DN50 / Ball valve DN50",
                first,
            )
            inquiries.reply(inquiry, db.session.get(User, seller.id), {"body": "可以。Yes, PN40 is fine."})
            db.session.commit()
            inquiry_id = inquiry.id
        _sign_in(page, request, (seller if key == "inbox" else buyer).email, lang)
        path = {"thread": f"/account/inquiries/{inquiry_id}", "inbox": "/account/inquiries/",
                "new": f"/account/inquiries/new?exhibitor={org.id}"}[key]  # fmt: skip
        response = page.goto(f"/{lang}{path}")
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"

    return open_page


def _leads_page(key: str):
    """The leads around an inquiry as each side sees them: the overview's panels, notifications,
    follows, a reported thread in the moderators' queue, the digest's unsubscribe page."""

    def open_page(page: Page, lang: str, request) -> None:
        from core.accounts.models import User
        from core.extensions import db
        from core.organizations.models import Organization
        from marketplace.following import services as following
        from marketplace.sourcing import inquiries, metrics

        app = request.getfixturevalue("app")
        paths = _expo_data(app, request.getfixturevalue("make_org"))
        buyer = request.getfixturevalue("make_user")(lang=lang, full_name="Anna Berg")
        seller = request.getfixturevalue("make_user")(account_type="exhibitor", lang=lang, full_name="Li Wei")
        moderator = request.getfixturevalue("make_user")(account_type="staff", roles=["moderator"], lang=lang)
        with app.test_request_context(f"/{lang}/"):
            org = db.session.get(Organization, paths["org_id"])
            from core.organizations.models import OrganizationMember

            db.session.add(OrganizationMember(user_id=seller.id, organization_id=org.id, role="owner"))
            db.session.flush()
            user = db.session.get(User, buyer.id)
            first = {"body": "Price list, please.", "quantity": 500}
            inquiry = inquiries.open_inquiry(user, org, "Ball valve DN50", first)
            inquiries.reply(inquiry, db.session.get(User, seller.id), {"body": "Attached below."})
            inquiries.report(inquiry, user, "Spam: the link is an advert")
            following.follow(user, following.find_target("exhibitor", org.id))
            following.follow(user, following.find_target("category", slug="industrial-valves"))
            metrics.refresh([org.id])
            db.session.commit()
            token = following.unsubscribe_url(user).rsplit("/", 1)[-1]
        who = {"buyer-overview": buyer, "exhibitor-overview": seller, "notifications": buyer, "following": buyer,
               "reported": moderator}.get(key)  # fmt: skip
        if who is not None:
            _sign_in(page, request, who.email, lang)
        path = {"buyer-overview": "/account/", "exhibitor-overview": "/account/",
                "notifications": "/account/notifications/", "following": "/account/following/",
                "reported": "/staff/expo/inquiries/", "unsubscribe": f"/digest/unsubscribe/{token}"}[key]  # fmt: skip
        response = page.goto(f"/{lang}{path}")
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"

    return open_page


def _portal_data(app) -> dict:
    """The portal's demo (demo.portal), as `make run` shows it: the bureau's units, the Beilun
    staff and every item of the demo content in its final state; the items' ids by their ref."""
    from sqlalchemy import select

    from core.db import commit
    from core.extensions import db
    from demo.portal import load_portal
    from demo.portal_content import ITEMS
    from govportal.publishing.models import Publication

    # The demo staff's password hashed once for the run (these pages never sign them in): each
    # load hashed it anew, slowly on purpose.
    with app.test_request_context("/en/"), mock.patch("demo.portal.hash_password", _demo_password_hash):
        load_portal()
        commit()
        ids = {(p.title_zh, p.kind): p.id for p in db.session.scalars(select(Publication))}
    return {content["ref"]: ids[(content["title_zh"], content["kind"])] for content in ITEMS}


@functools.cache
def _demo_password_hash(password: str) -> str:
    from core.accounts.services import hash_password

    return hash_password(password)


def _portal_page(key: str):
    """A public page of the portal, on the demo's content."""

    @_shared("portal", _portal_data)
    def open_page(page: Page, lang: str, request) -> None:
        ids = _shared_data(request)
        path = {
            "home": "/gov/",
            "finder": "/gov/policies/?validity=in_force",
            # amended by a later policy (links both ways) with minor and major changes (history)
            "policy": f"/gov/policies/{ids['pol-trade-growth']}/",
            "guide": f"/gov/guides/{ids['guide-sme-fund']}/",
            "notice": f"/gov/notices/{ids['notice-sme-fund-call']}/",
            "project": f"/gov/projects/{ids['proj-yinzhou-medical']}/",
            "project-ja": f"/gov/projects/{ids['proj-yinzhou-medical']}/ja/",
            "district": "/gov/districts/beilun/",
        }[key]
        response = page.goto(f"/{lang}{path}")
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        if key == "finder":
            expect(page.locator(".publication-list > li").first).to_be_visible()

    return open_page


def _portal_staff_page(key: str):
    """The portal's staff screens, as a city-level editor and reviewer sees them on the demo's
    content: a draft policy of theirs with a file, and an amendment of the demo's amended policy
    that a colleague sent (waiting for their decision)."""

    def open_page(page: Page, lang: str, request) -> None:
        import io

        from sqlalchemy import select
        from werkzeug.datastructures import FileStorage

        from core import attachments
        from core.accounts.models import User
        from core.db import commit
        from core.extensions import db
        from core.units import Unit
        from demo.portal import _pdf
        from govportal.publishing import files, manage, services
        from govportal.publishing.kinds import KINDS
        from govportal.publishing.models import Publication

        app, make_user = request.getfixturevalue("app"), request.getfixturevalue("make_user")
        ids = _portal_data(app)
        policy = KINDS["policy"]
        colleague = make_user(account_type="staff", lang=lang, roles=["editor"], full_name="钱编辑")
        with app.test_request_context(f"/{lang}/"):
            amended = db.session.get(Publication, ids["pol-trade-growth"])
            raw = manage._form_data(amended, policy)
            raw.update(body_en=(amended.body_en or "") + "<p>Applications close on 31 March each year.</p>",
                       change_note_zh="补充申报截止日期。", change_note_en="Adds the closing date for applications.",
                       major_change="y")  # fmt: skip
            author = db.session.get(User, colleague.id)
            values, errors = services.clean(policy, raw, author, amended)
            assert not errors, errors
            services.update(amended, author, values)
            commit()
        # The viewer joins after the amendment was sent, so the header has no unread-notification
        # badge: at 320 px that badge wraps the core header's account links onto a third line,
        # which is the header's matter, not these pages'.
        viewer = make_user(account_type="staff", lang=lang, roles=["editor", "reviewer"], full_name="王审核")
        with app.test_request_context(f"/{lang}/"):
            trade = db.session.scalar(select(Unit.id).where(Unit.slug == "foreign-trade"))
            me = db.session.get(User, viewer.id)
            values, errors = services.clean(policy, {
                "unit_id": str(trade), "title_zh": "关于支持外贸企业拓展国际市场的若干措施（征求意见稿）",
                "title_en": "Measures to help exporters reach international markets (draft for comment)",
                "summary_zh": "支持企业参加境外展会。", "summary_en": "Support for enterprises exhibiting abroad.",
                "body_zh": "<p>第一条 为支持外贸企业参加境外展会，制定本措施。</p>",
                "body_en": "<p>Article 1. These measures support exporters exhibiting at fairs abroad.</p>",
                "policy_type": "document", "doc_number": "甬商务〔2026〕99号", "issuer_zh": "宁波市商务局",
                "issuer_en": "Ningbo Municipal Bureau of Commerce", "dated_on": "2026-11-20",
                "industries": ["machinery", "electronics"], "districts": ["330206"],
            }, me)  # fmt: skip
            assert not errors, errors
            draft = services.create(policy, me, values)
            upload = attachments.check_upload(FileStorage(io.BytesIO(_pdf("Draft measures")), "draft-measures.pdf"))
            attachments.attach(files.FILES, draft.id, [upload], me)
            commit()
            draft_id = draft.id
        _sign_in(page, request, viewer.email, lang)
        path = {
            "list": "/staff/portal/",
            "queue": "/staff/portal/review/",
            "draft": f"/staff/portal/{draft_id}/",
            "amendment": f"/staff/portal/{ids['pol-trade-growth']}/",
            "history": f"/staff/portal/{ids['pol-trade-growth']}/history",
        }[key]
        response = page.goto(f"/{lang}{path}")
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"

    return open_page


CREDIT_CODE = "91330100799655058B"
SMR, MOC = "宁波市市场监督管理局", "宁波市商务局"


def _credit_data(app) -> dict:
    """An exporter's credit record with an entry of each common kind (one penalty still counting
    against it, an abnormal-list entry removed), its organization, and a report issued."""
    from datetime import date, timedelta

    from core.db import commit
    from core.extensions import db
    from govportal.credit import services

    make_org = org_factory(app)
    org = make_org(uscc=CREDIT_CODE, name_zh="宁波海曙精密阀门有限公司", name_en="Ningbo Haishu Precision Valves")
    day = (date.today() - timedelta(days=40)).isoformat()
    with app.test_request_context("/en/"):
        record = services.save_enterprise({"uscc": CREDIT_CODE, "name_zh": "宁波海曙精密阀门有限公司",
                                           "name_en": "Ningbo Haishu Precision Valves", "legal_rep": "王建国",
                                           "former_names": "宁波海曙阀门厂", "district": "330203"}, None)  # fmt: skip
        for fact in (
            {"kind": "registration", "grade": "active", "authority_zh": SMR, "decided_on": "2008-03-01"},
            {"kind": "trade_filing", "reference": "03301234", "authority_zh": MOC, "decided_on": "2009-05-01"},
            {"kind": "annual_report", "year": "2025", "title_zh": "2025年度报告", "authority_zh": SMR,
             "decided_on": "2026-04-20"},
            {"kind": "penalty", "grade": "ordinary", "title_zh": "未按规定办理对外贸易经营者备案",
             "title_en": "Traded without the foreign-trade operator filing", "reference": "甬商罚〔2026〕8号",
             "authority_zh": MOC, "authority_en": "Ningbo Bureau of Commerce",
             "outcome_zh": "警告，罚款人民币五千元", "decided_on": day},
            {"kind": "abnormal", "title_zh": "未按规定报送年度报告", "authority_zh": SMR,
             "decided_on": "2024-07-01"},
        ):  # fmt: skip
            added = services.add_fact(record, fact, None)
        services.end_fact(added, "removed", None, "已补报年度报告", None)
        report = services.issue_report(record, "en")
        made = {"org_id": org.id, "report": report.reference,
                "penalty": next(f.id for f in record.facts if f.kind == "penalty")}  # fmt: skip
        commit()
    del db
    return made


def _credit_page(key: str):
    """The public credit pages, on one record."""

    @_shared("credit", _credit_data)
    def open_page(page: Page, lang: str, request) -> None:
        made = _shared_data(request)
        path = {
            "lookup": "/gov/credit/?q=精密阀门",
            "record": f"/gov/credit/{CREDIT_CODE}/",
            "verify": f"/gov/credit/reports/{made['report']}/",
        }[key]
        response = page.goto(f"/{lang}{path}")
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"

    return open_page


def _credit_signed_in(key: str):
    """The credit pages of the owner of the recorded exporter, and of a credit officer."""

    def open_page(page: Page, lang: str, request) -> None:
        from core.extensions import db
        from core.organizations.models import OrganizationMember

        app = request.getfixturevalue("app")
        made = _credit_data(app)
        make_user = request.getfixturevalue("make_user")
        if key.startswith("own"):
            user = make_user(account_type="exhibitor", lang=lang)
            with app.app_context():
                db.session.add(OrganizationMember(user_id=user.id, organization_id=made["org_id"], role="owner"))
                db.session.commit()
        else:
            user = make_user(account_type="staff", lang=lang, roles=["credit_officer"])
        _sign_in(page, request, user.email, lang)
        path = {
            "own": "/account/credit/",
            "own-objection": f"/account/credit/objections/new?fact={made['penalty']}",
            "staff": "/staff/credit/",
            "staff-record": f"/staff/credit/{CREDIT_CODE}/",
            "staff-fact": f"/staff/credit/{CREDIT_CODE}/facts/new?kind=penalty",
            "staff-import": "/staff/credit/import/",
        }[key]
        response = page.goto(f"/{lang}{path}")
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"

    return open_page


@_shared("nothing", _no_data)
def _not_found(page: Page, lang: str, request) -> None:
    response = page.goto(f"/{lang}/no-such-page")
    assert response is not None and response.status == 404


@_shared("nothing", _no_data)
def _signup_error(page: Page, lang: str, request) -> None:
    page.goto(f"/{lang}/account/signup/buyer")
    page.get_by_label(t(lang, "Email address"), exact=True).fill("not-an-email")
    page.get_by_label(t(lang, "Password"), exact=True).fill(PASSWORD)
    page.get_by_label(t(lang, "Repeat the password"), exact=True).fill(PASSWORD + "-typo")
    page.get_by_role("button", name=t(lang, "Create my account"), exact=True).click()
    expect(page.locator(".error-summary")).to_be_visible()


PAGES = {
    "home": _public("/", with_exhibitors=True),
    "expo": _public("/expo/"),
    "exhibitors": _public("/exhibitors/", with_exhibitors=True),
    "gov": _public("/gov/"),
    "login": _public("/account/login"),
    "signup-buyer": _public("/account/signup/buyer"),
    "signup-exhibitor": _public("/account/signup/exhibitor"),
    "forgot-password": _public("/account/password/forgot"),
    # an unverified buyer, as right after sign-up: the page also shows the "confirm your address" notice
    "account-home": _signed_in("buyer", "/account/", verified=False),
    "staff-dashboard": _signed_in("staff", "/staff/", roles=["admin"]),
    "not-found": _not_found,
    "product": _expo_page("product"),
    "booth": _expo_page("booth"),
    "category": _expo_page("category"),
    "categories": _expo_page("categories"),
    "exhibition": _expo_page("exhibition"),
    "hall": _expo_page("hall"),
    "my-catalog": _exhibitor_page("/account/catalog/"),
    "product-edit": _exhibitor_page("/account/catalog/{product_id}/edit"),
    "catalog-import": _exhibitor_page("/account/catalog/import"),
    "my-booth": _exhibitor_page("/account/booth/"),
    "my-exhibitions": _exhibitor_page("/account/booth/exhibitions"),
    "product-review": _signed_in("staff", "/staff/expo/products/", roles=["moderator"]),
    "staff-organizations": _staff_page("/staff/organizations/"),
    "staff-audit": _staff_page("/staff/audit/"),
    "staff-jobs": _staff_page("/staff/jobs/"),
    "staff-people": _staff_page("/staff/people/"),
    "signup-buyer-errors": _signup_error,
    "search": _search_results,
    "search-help": _public("/help/search"),
    "staff-synonyms": _staff_page("/staff/synonyms/"),
    "rfq-list": _requests_page("list"),
    "rfq": _requests_page("detail"),
    "my-requests": _requests_page("mine"),
    "request-edit": _requests_page("edit"),
    "request-new": _requests_page("new"),
    "request-review": _requests_page("review"),
    "quote-form": _requests_page("quote"),
    "my-quotes": _requests_page("my-quotes"),
    "quotes-compare": _requests_page("compare"),
    "inquiry-thread": _inquiry_page("thread"),
    "inquiries": _inquiry_page("inbox"),
    "inquiry-new": _inquiry_page("new"),
    "buyer-overview": _leads_page("buyer-overview"),
    "exhibitor-overview": _leads_page("exhibitor-overview"),
    "notifications": _leads_page("notifications"),
    "following": _leads_page("following"),
    "reported-inquiries": _leads_page("reported"),
    "unsubscribe": _leads_page("unsubscribe"),
    "portal-home": _portal_page("home"),
    "portal-finder": _portal_page("finder"),
    "portal-policy": _portal_page("policy"),
    "portal-guide": _portal_page("guide"),
    "portal-notice": _portal_page("notice"),
    "portal-project": _portal_page("project"),
    "portal-project-ja": _portal_page("project-ja"),
    "portal-district": _portal_page("district"),
    "portal-subscribe": _public("/gov/subscribe/"),
    "portal-staff-list": _portal_staff_page("list"),
    "portal-review-queue": _portal_staff_page("queue"),
    "portal-draft-edit": _portal_staff_page("draft"),
    "portal-amendment": _portal_staff_page("amendment"),
    "portal-history": _portal_staff_page("history"),
    "credit-lookup": _credit_page("lookup"),
    "credit-record": _credit_page("record"),
    "credit-report-verify": _credit_page("verify"),
    "credit-own": _credit_signed_in("own"),
    "credit-objection-new": _credit_signed_in("own-objection"),
    "credit-staff": _credit_signed_in("staff"),
    "credit-staff-record": _credit_signed_in("staff-record"),
    "credit-staff-fact": _credit_signed_in("staff-fact"),
    "credit-staff-import": _credit_signed_in("staff-import"),
    "membership": _public("/membership/"),
    "membership-member": _member_page("/membership/"),
    "billing": _member_page("/account/billing/"),
    "inquiry-analytics": _member_page("/account/inquiries/analytics"),
    "staff-membership": _staff_page("/staff/membership/"),
}


# ---------------------------------------------------------------- data shared by read-only checks
# A statement that writes (or may write): after a check that sent one, its shared data is dropped.
WRITES = re.compile(r"\b(INSERT|UPDATE|DELETE|TRUNCATE|MERGE|CREATE|ALTER|DROP|COPY|NEXTVAL|SETVAL)\b", re.IGNORECASE)


class SharedData:
    """The data that a run of read-only page checks share, loaded once for them.

    pytest runs a parametrized test's cases in order, so the checks of the pages on the same data
    (the portal's demo, the small expo ...) follow each other: loading the portal's demo before
    each of them and deleting it after took ~1.7 s a check. The data stays while the checks only
    read it; a check that writes anything, through the app or the test, drops it (the next one
    loads it afresh), and so does a check on other data or on none (which gets clean_app).
    """

    LOADING = object()

    def __init__(self):
        self.key = None
        self.value = None

    def use(self, app, key: str, load):
        if self.key != key:
            self.drop(app)
            self.key = self.LOADING  # a load that fails leaves rows behind: drop() cleans them
            self.value = load(app)
            self.key = key
        return self.value

    def drop(self, app) -> None:
        if self.key is not None:
            self.key = self.value = None
            clean(app)


SHARED = SharedData()


@pytest.fixture(scope="module", autouse=True)
def _drop_shared_data(app):
    """The module leaves an empty database behind, as every browser test does."""
    yield
    SHARED.drop(app)


@pytest.fixture(autouse=True)
def _clean_database(request, app, monkeypatch):
    """Overrides the e2e conftest's: the page's shared data (see SharedData) if it has some, else
    an empty database and clean_app. Yields the shared data."""
    from sqlalchemy import event

    from core import cache, reads
    from core.extensions import db, limiter

    shared = getattr(PAGES[request.node.callspec.params["name"]], "shared", None)
    if shared is None:
        SHARED.drop(app)
        request.getfixturevalue("clean_app")
        yield None
        return
    value = SHARED.use(app, *shared)
    writes = []

    def on_execute(conn, cursor, statement, *args):
        if WRITES.search(statement):
            writes.append(statement)

    driver_execute = reads._execute  # core.reads' driver path bypasses SQLAlchemy's events

    def watched_driver_execute(engine, compiled, params):
        on_execute(None, None, compiled.sql)
        return driver_execute(engine, compiled, params)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", on_execute)
    monkeypatch.setattr(reads, "_execute", watched_driver_execute)
    try:
        yield value
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
        monkeypatch.setattr(reads, "_execute", driver_execute)
        # what clean_app does besides emptying the database and the search index
        with app.app_context():
            limiter.reset()
        cache.clear()
        if writes:
            SHARED.drop(app)


def _shared_data(request):
    return request.getfixturevalue("_clean_database")


@pytest.fixture(scope="module")
def _one_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    yield {"page": page, "viewport": page.viewport_size}
    context.close()


@pytest.fixture()
def page(_one_page) -> Page:
    """One browser page for the module's checks instead of a new one each (a new page, with its
    renderer, took ~0.2 s, a fifth of a check): each check starts on a blank page, signed out
    (no cookies), at the default viewport. The pages here keep nothing else in the browser."""
    if _one_page["page"].is_closed():  # a check that crashed it
        _one_page["page"] = _one_page["page"].context.new_page()
    page = _one_page["page"]
    page.goto("about:blank")
    page.context.clear_cookies()
    page.set_viewport_size(_one_page["viewport"])
    return page


@pytest.fixture()
def open_page(page: Page, request):
    """Open one of PAGES in ``lang``, with the data and the signed-in user it needs."""

    def opener(name: str, lang: str) -> Page:
        PAGES[name](page, lang, request)
        return page

    return opener


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:5]:
            lines.append(f"    target {', '.join(map(str, node['target']))}")
            lines.append(f"      html {node['html'][:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.append("      " + summary.replace("\n", "\n      "))
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more elements")
    return "\n".join(lines)


NO_HORIZONTAL_SCROLL = """() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    wider: [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .filter(el => !el.closest('.visually-hidden, .skip-link'))
        .slice(0, 8)
        .map(el => {
            const id = el.id ? '#' + el.id : '';
            const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
            const right = Math.round(el.getBoundingClientRect().right);
            return `${el.tagName.toLowerCase()}${id}${cls} (right edge ${right}px)`;
        }),
})"""

FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), "
    "textarea:not([disabled]), [tabindex]:not([tabindex='-1'])"
)


# The account and staff pages that must also read at 320 px (check_account_page_reads_at_320_px).
ACCOUNT_PAGES = ["my-catalog", "my-booth", "staff-organizations", "staff-audit", "staff-jobs", "staff-people",
                 "my-requests", "request-review", "my-quotes", "quotes-compare", "inquiry-thread",
                 "inquiries", "exhibitor-overview", "following", "portal-staff-list", "billing",
                 "inquiry-analytics", "staff-membership"]  # fmt: skip
assert set(ACCOUNT_PAGES) <= set(PAGES), set(ACCOUNT_PAGES) - set(PAGES)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(PAGES))
def test_no_wcag_a_or_aa_violations(open_page, page: Page, name, lang):
    """axe at the default viewport (1280 x 720 px); then, on the same visit at 1280 x 800 px, the
    reflow and skip-link checks of test_reflow_and_skip_link (which makes them at 320 px): a visit of
    its own for them cost as much as this whole test, the data and the sign-in over again."""
    open_page(name, lang)
    results = AXE.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    message = f"{results.violations_count} axe violation(s) on {name} ({lang}) {page.url}:\n{describe(violations)}"
    if violations:
        print(message)
    assert results.violations_count == 0, message
    page.set_viewport_size({"width": 1280, "height": 800})
    check_reflow_and_skip_link(page, name, lang, 1280)


@pytest.mark.parametrize("width", [320])  # and 1280 px: test_no_wcag_a_or_aa_violations
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(PAGES))
def test_reflow_and_skip_link(open_page, page: Page, name, lang, width):
    """At 320 x 800 px; an account or staff page first at 320 x 640 px for the checks of
    check_account_page_reads_at_320_px, on the same visit (a visit of their own cost as much
    as this test, the data and the sign-in over again)."""
    if name in ACCOUNT_PAGES:
        page.set_viewport_size({"width": 320, "height": 640})
        open_page(name, lang)
        check_account_page_reads_at_320_px(page, name, lang)
        page.set_viewport_size({"width": width, "height": 800})
    else:
        page.set_viewport_size({"width": width, "height": 800})
        open_page(name, lang)
    check_reflow_and_skip_link(page, name, lang, width)


def check_reflow_and_skip_link(page: Page, name: str, lang: str, width: int) -> None:
    # WCAG 1.4.10 Reflow: nothing scrolls sideways, down to 320 CSS pixels
    layout = page.evaluate(NO_HORIZONTAL_SCROLL)
    assert layout["scrollWidth"] <= layout["clientWidth"], (
        f"{name} ({lang}) scrolls horizontally at {width}px: scrollWidth {layout['scrollWidth']} > "
        f"clientWidth {layout['clientWidth']}; elements past the right edge: {layout['wider']}"
    )

    # The skip link is the first thing the keyboard reaches ...
    skip = page.get_by_role("link", name=t(lang, "Skip to main content"), exact=True)
    first_in_dom = page.locator(FOCUSABLE).first
    expect(first_in_dom).to_have_class("skip-link")
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    # ... it shows when focused (WCAG 2.4.7), inside the viewport ...
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0 and box["x"] >= 0 and box["x"] + box["width"] <= width, (
        f"focused skip link is off-screen: {box}"
    )
    # ... and Enter moves the focus to the main content
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    assert page.url.endswith("#main")


def check_account_page_reads_at_320_px(page: Page, name: str, lang: str) -> None:
    """At 320 px the page's own content comes first (the menu follows it), and tables are lists:
    nothing, not even inside a table, reaches past the right edge."""
    heading = page.locator(".account-main h1").first
    box = heading.bounding_box()
    assert box is not None and box["y"] < 400, f"{name}: the heading starts {box and box['y']}px down"
    wider = page.evaluate(
        """() => [...document.querySelectorAll('.account-main *')]
            .filter(el => el.getBoundingClientRect().width > 0)
            .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
            .filter(el => !el.closest('.visually-hidden, thead, details:not([open])'))
            .slice(0, 5)
            .map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))"""
    )
    assert wider == [], f"{name} ({lang}) at 320px: {wider}"
    expect(page.locator("#account-menu")).to_be_attached()
