"""Tiers the bureau grants (marketplace.membership.grants and its staff page): an admin grants
gold or premium to an organization for a period with a reason, without online payment; the
owner sees it and its quota follows; revoking hides the products beyond the free quota (kept,
back with a new grant); bad input changes nothing; only admins reach the page; the daily job
mails the owners a week before the end, once, and drops the tier after it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from core.extensions import db
from tests.conftest import csrf_from, login

PAGE = "/en/staff/membership/"
LONG_AFTER = 90


def _today() -> date:
    from core.db import utcnow

    return utcnow().date()


def _at(day: date, hour: int = 3) -> str:
    return datetime.combine(day, time(hour), tzinfo=UTC).isoformat()


@pytest.fixture()
def admin(clean_app, make_user):
    user = make_user(account_type="staff", roles=["admin"], full_name="Chen Admin")
    client = clean_app.test_client()
    login(client, user.email)
    client.user = user
    return client


@pytest.fixture()
def owner(clean_app, make_exhibitor):
    """An exhibitor owner (of a verified organization) and its signed-in client."""
    user = make_exhibitor()
    client = clean_app.test_client()
    login(client, user.email)
    client.user = user
    with clean_app.app_context():
        from core.organizations.models import Organization

        client.uscc = db.session.get(Organization, user.organization_id).uscc
    return client


def _post_grant(admin, **fields):
    data = {
        "uscc": "",
        "tier": "gold",
        "starts_on": "",
        "ends_on": (_today() + timedelta(days=LONG_AFTER)).isoformat(),
        "reason": "Sponsored under the international-market fund, 2027 round.",
    }
    data.update(fields)
    page = admin.get(PAGE)
    assert page.status_code == 200
    return admin.post(PAGE, data={"csrf_token": csrf_from(page.get_data(as_text=True)), **data})


def _grant(admin, uscc, **fields):
    response = _post_grant(admin, uscc=uscc, **fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return admin.get(response.headers["Location"]).get_data(as_text=True)


def _grants(app) -> list:
    from marketplace.membership.models import TierGrant

    with app.app_context():
        rows = db.session.scalars(select(TierGrant).order_by(TierGrant.id)).all()
        db.session.expunge_all()
        return rows


def _tier(app, organization_id) -> str:
    from marketplace.expo.models import ExhibitorProfile
    from marketplace.membership import tiers

    with app.app_context():
        profile = db.session.get(ExhibitorProfile, organization_id)
        standing = tiers.effective_tier(organization_id)
        assert profile is None or (profile.tier_code or "free") == standing.code
        return standing.code


def _publish(app, organization_id, n, first=1) -> list[tuple[int, str]]:
    """``n`` published products of the organization, one a minute apart (the first the oldest):
    [(id, slug)]."""
    from core.db import utcnow
    from marketplace.catalog.models import Category, Product
    from marketplace.catalog.tree import load_categories

    with app.app_context():
        if db.session.scalar(select(Category.id).limit(1)) is None:
            load_categories()
        category_id = db.session.scalar(select(Category.id).where(Category.slug == "industrial-valves"))
        start = utcnow() - timedelta(days=1)
        made = [
            Product(
                organization_id=organization_id,
                category_id=category_id,
                sku=f"GV-{i}",
                title_en=f"Gate valve {i}",
                slug=f"gate-valve-{i}",
                status="published",
                published_at=start + timedelta(minutes=i),
            )
            for i in range(first, first + n)
        ]
        db.session.add_all(made)
        db.session.commit()
        return [(p.id, p.slug) for p in made]


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


# ---------------------------------------------------------------- granting


def test_an_admin_grants_gold_without_online_payment_and_the_owner_has_it(clean_app, admin, owner):
    from core.audit import AuditEntry
    from marketplace.membership.models import TierGrant
    from marketplace.membership.services import QuotaExceeded, check_quota

    org_id = owner.user.organization_id
    products = _publish(clean_app, org_id, 50)
    with clean_app.app_context(), pytest.raises(QuotaExceeded):
        check_quota(org_id)  # free: 50 published, no 51st

    ends_on = _today() + timedelta(days=LONG_AFTER)
    page = _grant(admin, owner.uscc)
    assert f"Test Trading Co., Ltd. has the Gold tier from {_today().isoformat()} to {ends_on.isoformat()}." in page
    row = re.search(r'<tr id="grant-\d+">.*?</tr>', page, re.S).group(0)
    assert owner.uscc in row and "Gold" in row and "Chen Admin" in row and "Active" in row
    assert "international-market fund, 2027 round" in row and ">Revoke<" in row

    assert _tier(clean_app, org_id) == "gold"
    with clean_app.app_context():
        check_quota(org_id, adding=450)  # gold: 500
        with pytest.raises(QuotaExceeded):
            check_quota(org_id, adding=451)
        grant = db.session.scalar(select(TierGrant))
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "membership.grant"))
        assert entry.actor_id == admin.user.id and entry.object_id == str(grant.id)
        assert entry.detail["tier"] == "gold" and entry.detail["ends_on"] == ends_on.isoformat()
        assert entry.detail["organization_id"] == org_id

    billing = owner.get("/en/account/billing/").get_data(as_text=True)
    assert "Your tier: Gold" in billing
    assert "Granted by the bureau until" in billing
    assert "50 of 500" in billing
    assert "international-market fund, 2027 round" in billing
    membership = owner.get("/en/membership/").get_data(as_text=True)
    assert "Apply to the bureau" in membership
    assert "/membership/checkout" not in membership and 'name="price"' not in membership
    # 50 is all free allowed; now more is published and shown
    more = _publish(clean_app, org_id, 3, first=51)
    visitor = clean_app.test_client()
    for product_id, slug in (products[0], more[-1]):
        assert visitor.get(f"/en/products/{product_id}-{slug}/").status_code == 200


def test_revoking_returns_to_free_hides_products_beyond_its_quota_and_a_new_grant_shows_them(clean_app, admin, owner):
    from core.audit import AuditEntry
    from marketplace.catalog.models import Product

    org_id = owner.user.organization_id
    _grant(admin, owner.uscc)
    products = _publish(clean_app, org_id, 53)
    grant = _grants(clean_app)[0]

    page = admin.get(PAGE).get_data(as_text=True)
    response = admin.post(f"/en/staff/membership/{grant.id}/revoke", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "The Gold tier granted to Test Trading Co., Ltd. is revoked" in page
    row = re.search(rf'<tr id="grant-{grant.id}">.*?</tr>', page, re.S).group(0)
    assert "Revoked" in row and ">Revoke<" not in row

    assert _tier(clean_app, org_id) == "free"
    with clean_app.app_context():
        hidden = db.session.scalars(select(Product.id).where(Product.over_quota.is_(True)).order_by(Product.id)).all()
        assert hidden == [product_id for product_id, _slug in products[50:]]  # the newest three
        assert db.session.scalar(select(func.count()).select_from(Product)) == 53  # kept, not deleted
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "membership.revoke"))
        assert entry.actor_id == admin.user.id and entry.object_id == str(grant.id)
    oldest, newest = products[0], products[-1]
    visitor = clean_app.test_client()
    assert visitor.get(f"/en/products/{oldest[0]}-{oldest[1]}/").status_code == 200
    assert visitor.get(f"/en/products/{newest[0]}-{newest[1]}/").status_code == 404
    billing = owner.get("/en/account/billing/").get_data(as_text=True)
    assert "Your tier: Free" in billing and "3 published products are hidden from the public" in billing
    assert "Revoked" in billing

    # revoking twice says so and changes nothing
    response = admin.post(f"/en/staff/membership/{grant.id}/revoke", data={"csrf_token": csrf_from(page)})
    assert "This grant was already revoked." in admin.get(response.headers["Location"]).get_data(as_text=True)

    _grant(admin, owner.uscc, tier="premium")
    assert _tier(clean_app, org_id) == "premium"
    assert visitor.get(f"/en/products/{newest[0]}-{newest[1]}/").status_code == 200
    with clean_app.app_context():
        assert db.session.scalar(select(func.count()).where(Product.over_quota.is_(True))) == 0


def test_the_list_shows_grants_in_force_first_then_to_come_ended_and_revoked(clean_app, admin, make_org, make_user):
    from core.db import utcnow
    from marketplace.membership.models import TierGrant

    today = _today()
    orgs = {name: make_org(name_en=f"{name.title()} Co.") for name in ("ended", "revoked", "upcoming", "active")}
    periods = {
        "ended": (today - timedelta(days=60), today - timedelta(days=1)),
        "revoked": (today - timedelta(days=5), today + timedelta(days=30)),
        "upcoming": (today + timedelta(days=3), today + timedelta(days=30)),
        "active": (today - timedelta(days=3), today + timedelta(days=30)),
    }
    with clean_app.app_context():
        for name, (first, last) in periods.items():
            db.session.add(
                TierGrant(
                    organization_id=orgs[name].id,
                    tier_code="gold",
                    starts_on=first,
                    ends_on=last,
                    reason=f"{name} grant",
                    granted_by_id=admin.user.id,
                    revoked_at=utcnow() if name == "revoked" else None,
                    revoked_by_id=admin.user.id if name == "revoked" else None,
                )
            )
        db.session.commit()
    page = admin.get(PAGE).get_data(as_text=True)
    assert re.findall(r"(\w+) grant</td>", page) == ["active", "upcoming", "ended", "revoked"]
    rows = re.findall(r'<tr id="grant-\d+">.*?</tr>', page, re.S)
    assert [">Revoke<" in row for row in rows] == [True, True, False, False]

    ended = _grants(clean_app)[0]
    response = admin.post(f"/en/staff/membership/{ended.id}/revoke", data={"csrf_token": csrf_from(page)})
    assert "This grant has already ended." in admin.get(response.headers["Location"]).get_data(as_text=True)
    assert _grants(clean_app)[0].revoked_at is None

    zh = admin.get("/zh/staff/membership/")
    assert zh.status_code == 200
    html = zh.get_data(as_text=True)
    assert 'lang="zh' in html and "测试贸易有限公司" in html and "金牌会员" in html


# ---------------------------------------------------------------- bad input


def _unknown_code() -> str:
    import random

    from core.organizations import uscc

    return uscc.generate(random.Random(99))


BAD = {
    "empty": ({"uscc": "", "tier": "", "ends_on": "", "reason": ""}, "This field is required."),
    "unknown code": ({"uscc": "UNKNOWN"}, "No organization on the platform has this unified social credit code."),
    "a code with more typed after it": ({"uscc": "OWNER+X"}, "A unified social credit code has 18 characters."),
    "a tier that is not granted": ({"tier": "free"}, "Choose gold or premium."),
    "last day before the first": (
        {"starts_on": "+10", "ends_on": "+5"},
        "The last day comes on or after the first.",
    ),
    "a day that does not exist": ({"ends_on": "2026-02-30"}, "Enter a date as year-month-day"),
    "a last day past three years": ({"ends_on": "+1200"}, "Enter a date between"),
    "a reason of 10,000 characters": ({"reason": "x" * 10_000}, "At most 500 characters."),
    "a reason of control characters": ({"reason": "fund\x07"}, "control characters"),
}


def _fill(fields: dict, owner_code: str, unknown: str) -> dict:
    today = _today()
    filled = {}
    for name, value in fields.items():
        if value.startswith("+"):
            value = (today + timedelta(days=int(value[1:]))).isoformat()
        filled[name] = value.replace("OWNER", owner_code).replace("UNKNOWN", unknown)
    filled["uscc"] = filled.get("uscc", owner_code).replace("+", "")
    return filled


@pytest.mark.parametrize("case", list(BAD))
def test_bad_grant_input_gets_a_clear_message_and_changes_nothing(clean_app, admin, owner, case):
    fields, message = BAD[case]
    response = _post_grant(admin, **_fill(fields, owner.uscc, _unknown_code()))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _escape(message) in html
    assert 'class="field-error"' in html
    assert _grants(clean_app) == []
    assert _tier(clean_app, owner.user.organization_id) == "free"


def test_an_overlapping_grant_of_the_same_tier_is_refused(clean_app, admin, owner):
    today = _today()
    _grant(admin, owner.uscc, ends_on=(today + timedelta(days=30)).isoformat())
    response = _post_grant(
        admin,
        uscc=owner.uscc,
        starts_on=(today + timedelta(days=30)).isoformat(),
        ends_on=(today + timedelta(days=60)).isoformat(),
    )
    assert response.status_code == 200
    assert "This organization already has this tier granted for part of that period." in response.get_data(as_text=True)
    assert len(_grants(clean_app)) == 1
    # the day after the last is no overlap: a renewal
    _grant(
        admin,
        owner.uscc,
        starts_on=(today + timedelta(days=31)).isoformat(),
        ends_on=(today + timedelta(days=60)).isoformat(),
    )
    assert len(_grants(clean_app)) == 2


def test_markup_in_a_reason_is_kept_as_text_and_escaped_where_it_is_shown(clean_app, admin, owner):
    reason = '<script>alert("x")</script> <b>Fund</b> & co'
    page = _grant(admin, owner.uscc, reason=reason)
    assert _grants(clean_app)[0].reason == reason
    billing = owner.get("/en/account/billing/").get_data(as_text=True)
    for html in (page, billing):
        assert "<script>alert" not in html and "<b>Fund</b>" not in html
        assert _escape(reason) in html


def test_a_post_without_its_csrf_token_changes_nothing(clean_app, admin, owner):
    response = admin.post(PAGE, data={"uscc": owner.uscc, "tier": "gold", "ends_on": "2030-01-01", "reason": "x"})
    assert response.status_code in (200, 400)
    assert _grants(clean_app) == []


# ---------------------------------------------------------------- who may


def test_only_admins_open_the_page_grant_and_revoke(clean_app, admin, owner, make_user):
    _grant(admin, owner.uscc)
    grant = _grants(clean_app)[0]
    others = []
    for roles in (["moderator"], ["editor", "reviewer"], ["credit_officer"]):
        user = make_user(account_type="staff", roles=roles)
        client = clean_app.test_client()
        login(client, user.email)
        others.append(client)
    others.append(owner)
    for client in others:
        token = csrf_from(client.get("/en/").get_data(as_text=True))
        assert client.get(PAGE).status_code == 403
        assert client.get("/zh/staff/membership/").status_code == 403
        assert (
            client.post(
                PAGE, data={"csrf_token": token, "uscc": owner.uscc, "tier": "premium", "ends_on": "2030-01-01"}
            ).status_code
            == 403
        )
        assert client.post(f"/en/staff/membership/{grant.id}/revoke", data={"csrf_token": token}).status_code == 403
    anonymous = clean_app.test_client()
    assert anonymous.get(PAGE).status_code in (302, 401, 403)
    rows = _grants(clean_app)
    assert len(rows) == 1 and rows[0].revoked_at is None
    assert _tier(clean_app, owner.user.organization_id) == "gold"


# ---------------------------------------------------------------- the daily job


def _daily(app, day: date) -> dict:
    from marketplace.membership import billing

    with app.test_request_context():
        return billing.daily(at=_at(day))


def test_the_owners_are_mailed_a_week_before_the_end_once_and_the_tier_drops_after_it(
    clean_app, admin, owner, make_exhibitor, mailbox
):
    from core.organizations.models import Organization
    from marketplace.membership.models import TierGrant

    with clean_app.app_context():
        organization = db.session.get(Organization, owner.user.organization_id)
    editor = make_exhibitor(role="editor", org=organization)
    today = _today()
    ends_on = today + timedelta(days=7)
    _grant(admin, owner.uscc, starts_on=(today - timedelta(days=20)).isoformat(), ends_on=ends_on.isoformat())
    _publish(clean_app, owner.user.organization_id, 52)

    def endings(address):
        return [m for m in mailbox.to(address) if "ends on" in str(m["Subject"])]

    _daily(clean_app, today - timedelta(days=1))  # 8 days before the end
    assert endings(owner.user.email) == []
    for day in (today, today, today + timedelta(days=1)):
        _daily(clean_app, day)
    mails = endings(owner.user.email)
    assert len(mails) == 1
    assert "Gold" in str(mails[0]["Subject"])
    text = mailbox.text_of(mails[0])
    assert "/en/account/billing/" in text and "hidden, not deleted" in text
    assert endings(editor.email) == []  # owners only
    assert _tier(clean_app, owner.user.organization_id) == "gold"

    # Eight days pass: the grant's days move back by as much (the pages read today's date).
    with clean_app.app_context():
        row = db.session.scalar(select(TierGrant))
        row.starts_on -= timedelta(days=8)
        row.ends_on -= timedelta(days=8)
        db.session.commit()
    assert _tier_on_profile(clean_app, owner.user.organization_id) == "gold"
    result = _daily(clean_app, today)
    assert result["grants_applied"] == 1
    assert _tier(clean_app, owner.user.organization_id) == "free"
    assert _grants(clean_app)[0].ended_at is not None
    billing = owner.get("/en/account/billing/").get_data(as_text=True)
    assert "Your tier: Free" in billing and "2 published products are hidden" in billing
    assert "Ended" in billing
    _daily(clean_app, today + timedelta(days=1))
    assert len(endings(owner.user.email)) == 1


def _tier_on_profile(app, organization_id) -> str:
    from marketplace.expo.models import ExhibitorProfile

    with app.app_context():
        return db.session.get(ExhibitorProfile, organization_id).tier_code


def test_a_grant_starts_even_when_the_job_missed_its_first_day(clean_app, admin, owner):
    today = _today()
    _grant(
        admin,
        owner.uscc,
        starts_on=(today + timedelta(days=2)).isoformat(),
        ends_on=(today + timedelta(days=30)).isoformat(),
    )
    assert "Upcoming" in admin.get(PAGE).get_data(as_text=True)
    assert _tier(clean_app, owner.user.organization_id) == "free"
    _daily(clean_app, today + timedelta(days=3))  # the job did not run on the first day
    assert _tier_on_profile(clean_app, owner.user.organization_id) == "gold"


def test_a_renewed_grant_sends_no_ending_mail(clean_app, admin, owner, mailbox):
    today = _today()
    ends_on = today + timedelta(days=20)
    _grant(admin, owner.uscc, ends_on=ends_on.isoformat())
    _grant(
        admin,
        owner.uscc,
        starts_on=(ends_on + timedelta(days=1)).isoformat(),
        ends_on=(ends_on + timedelta(days=200)).isoformat(),
    )
    _daily(clean_app, ends_on - timedelta(days=7))
    assert [m for m in mailbox.to(owner.user.email) if "ends on" in str(m["Subject"])] == []


def test_featured_places_and_quotes_follow_the_tier(clean_app, admin, make_org):
    """The expo's featured exhibitors are the highest tiers first: a free exhibitor beyond the
    six featured places is featured, first, once it is granted gold, and leaves when the grant is
    revoked; its quotes a month follow the tier too."""
    from core.organizations.models import Organization
    from marketplace.expo.services import ensure_profile
    from marketplace.membership.services import quote_quota_for

    orgs = [make_org(name_en=f"Featured Test Exporter {n:02d}") for n in range(7)]
    with clean_app.app_context():
        for org in orgs:
            ensure_profile(db.session.get(Organization, org.id))
        db.session.commit()
        free_quotes = quote_quota_for(orgs[-1].id)
    last = orgs[-1]
    visitor = clean_app.test_client()

    def featured() -> list[str]:
        html = visitor.get("/en/expo/").get_data(as_text=True)
        return re.findall(r"Featured Test Exporter (\d\d)", html)

    assert "06" not in featured()  # six places, the free ones by age
    _grant(admin, last.uscc)
    assert featured()[0] == "06"
    with clean_app.app_context():
        assert quote_quota_for(last.id) > free_quotes
        grant_id = db.session.scalar(select(func.max(db.metadata.tables["tier_grants"].c.id)))
    page = admin.get(PAGE)
    response = admin.post(f"{PAGE}{grant_id}/revoke", data={"csrf_token": csrf_from(page.get_data(as_text=True))})
    assert response.status_code == 302
    assert "06" not in featured()
    with clean_app.app_context():
        assert quote_quota_for(last.id) == free_quotes


def test_hidden_products_leave_search_and_archiving_a_public_one_brings_the_oldest_hidden_back(clean_app, admin, owner):
    """Search shows what the public may see: a product hidden beyond the quota is not found;
    when the owner archives a public one, the oldest hidden product takes its place at once."""
    from tests.conftest import post_with_token

    org_id = owner.user.organization_id
    _grant(admin, owner.uscc)
    products = _publish(clean_app, org_id, 52)
    grant = _grants(clean_app)[0]
    page = admin.get(PAGE).get_data(as_text=True)
    admin.post(f"{PAGE}{grant.id}/revoke", data={"csrf_token": csrf_from(page)})
    visitor = clean_app.test_client()

    def found(number: int) -> bool:
        html = visitor.get("/en/search", query_string={"q": f"gate valve {number}"}).get_data(as_text=True)
        return f"Gate valve {number}<" in html

    assert found(50) and not found(51) and not found(52)
    first_id = products[0][0]
    response = post_with_token(owner, f"/en/account/catalog/{first_id}/archive", token_page="/en/account/catalog/")
    assert response.status_code == 302
    assert found(51) and not found(52)
    assert visitor.get(f"/en/products/{products[50][0]}-{products[50][1]}/").status_code == 200
    catalog = owner.get("/en/account/catalog/").get_data(as_text=True)
    assert "1 published product is hidden from the public" in catalog
    assert "Hidden: beyond your tier&#39;s quota" in catalog or "Hidden: beyond your tier's quota" in catalog


def test_the_membership_page_shows_a_changed_price_at_once(clean_app):
    """A signed-out visitor's membership page is kept (render_shared) under the plans it shows:
    a price the bureau changes is on the next visit."""
    from marketplace.membership.models import TierPrice

    visitor = clean_app.test_client()
    assert "¥299.00" in visitor.get("/en/membership/").get_data(as_text=True)
    with clean_app.app_context():
        price = db.session.scalar(select(TierPrice).where(TierPrice.stripe_price == "tradewindow_gold_month_cny"))
        price_id, old = price.id, price.amount
        price.amount = 39_900
        db.session.commit()
    try:
        html = visitor.get("/en/membership/").get_data(as_text=True)
        assert "¥399.00" in html and "¥299.00" not in html
    finally:
        with clean_app.app_context():
            db.session.get(TierPrice, price_id).amount = old
            db.session.commit()
