"""The demo's buyer requests and leads: 64 requests, in English and in Chinese, from the two demo buyers and
six more buyers abroad and at home. Most are published and open; some closed (by the buyer, or
their deadline passed), a few wait for review, one was returned with a reason, two are drafts.
Two thirds of the published ones have quotes from the demo's verified exhibitors; on some the
buyer accepted one (and the others were declined). The demo exhibitor's own quotes are dated
last month, so its free tier still has this month's quotes to try quoting with.

Written as rows with their review state set (a demo has no staff to click through them); the
rules they follow are the services' (marketplace.sourcing.services).
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from core.accounts.models import User
from core.accounts.services import hash_password
from core.db import utcnow
from core.extensions import db
from core.review import ReviewStatus
from demo.accounts import DEMO_PASSWORD
from demo.bulk import ADJECTIVES, NOUNS
from marketplace.catalog.models import Category
from marketplace.catalog.terms import unit_code, unit_name
from marketplace.sourcing.models import BuyerRequest, Quote

REQUESTS = 64
# email, name, language, country, company
BUYERS = [
    ("buyer.us@demo.tradewindow.example", "Michael Carter", "en", "US", "Carter Supply LLC"),
    ("buyer.ae@demo.tradewindow.example", "Omar Haddad", "en", "AE", "Gulf Trading FZE"),
    ("buyer.br@demo.tradewindow.example", "Ana Souza", "en", "BR", "Souza Importadora Ltda"),
    ("buyer.fr@demo.tradewindow.example", "Claire Martin", "en", "FR", "Martin Distribution SARL"),
    ("buyer.sh@demo.tradewindow.example", "王静", "zh", "CN", "上海锦程贸易有限公司"),
    ("buyer.gz@demo.tradewindow.example", "黄志强", "zh", "CN", "广州恒通进出口有限公司"),
]
MAIN_BUYERS = {"buyer@demo.tradewindow.example": "DE", "buyer.cn@demo.tradewindow.example": "CN"}
DESTINATIONS = ["DE", "US", "AE", "BR", "FR", "GB", "AU", "JP", "KR", "VN", "ZA", "MX", "SA", "NL", "IT", "CN"]
QUANTITIES = [(200, "pieces"), (500, "pieces"), (1000, "pieces"), (5000, "pieces"), (300, "sets"), (800, "cartons"),
              (20, "tons"), (10000, "meters")]  # fmt: skip
TERMS = ["FOB", "CIF", "EXW", "FOB", "CFR", "DAP", None]
CERTIFICATIONS = ["CE", "CE, RoHS", "ISO 9001", "UL", "FDA", "SGS", None, None]
TITLES_EN = ["{adj} {noun}", "Looking for {noun}", "{noun}, {quantity} {unit}", "Need {adj} {noun} for {country}"]
TITLES_ZH = ["求购{adj}{noun}", "采购{noun}", "长期采购{noun}", "急购{noun} {quantity}{unit}"]
DETAILS_EN = (
    "We are a distributor and buy regularly.\n"
    "Please quote your best {term} price with packing details and lead time.\n"
    "Samples wanted before the first order."
)
DETAILS_ZH = "我们是长期合作的批发商。\n请报{term}价格，注明包装和交货期。\n首单前需要样品。"


def _buyers() -> list[User]:
    found = {u.email: u for u in db.session.scalars(select(User).where(User.account_type == "buyer"))}
    password_hash = None
    for email, name, lang, country, company in BUYERS:
        if email not in found:
            password_hash = password_hash or hash_password(DEMO_PASSWORD)
            user = User(email=email, full_name=name, account_type="buyer", preferred_language=lang,
                        password_hash=password_hash, email_verified_at=utcnow(), company_name=company,
                        country=country)  # fmt: skip
            db.session.add(user)
            found[email] = user
    db.session.flush()
    return [found[e] for e in (*MAIN_BUYERS, *(b[0] for b in BUYERS)) if e in found]


def load_requests(seed: int = 12) -> int:
    """The demo requests, once (nothing when the database has requests already)."""
    if db.session.scalar(select(func.count()).select_from(BuyerRequest)):
        return 0
    rng = random.Random(seed)
    buyers = _buyers()
    leaves = {c.slug: c.id for c in db.session.scalars(select(Category).where(Category.slug.in_(list(NOUNS))))}
    leaf_slugs = sorted(leaves)
    moderator = db.session.scalar(select(User).where(User.account_type == "staff"))
    now = utcnow()
    states = [ReviewStatus.SUBMITTED] * 5 + [ReviewStatus.RETURNED] + [ReviewStatus.DRAFT] * 2  # the rest are published
    for number in range(REQUESTS):
        buyer = buyers[number % len(buyers)]
        lang = buyer.preferred_language
        slug = leaf_slugs[number % len(leaf_slugs)]
        noun_zh, noun_en = rng.choice(NOUNS[slug])
        adj_zh, adj_en = rng.choice(ADJECTIVES)
        quantity, unit = rng.choice(QUANTITIES)
        country = buyer.country if buyer.country and buyer.country != "CN" else rng.choice(DESTINATIONS)
        term = rng.choice(TERMS)
        if lang == "zh":
            named = unit_name(unit, "zh")
            title = rng.choice(TITLES_ZH).format(adj=adj_zh, noun=noun_zh, quantity=quantity, unit=named)
            details = DETAILS_ZH.format(term=term or "FOB")
        else:
            title = rng.choice(TITLES_EN).format(
                adj=adj_en, noun=noun_en, quantity=f"{quantity:,}", unit=unit, country=country
            )
            details = DETAILS_EN.format(term=term or "FOB")
        posted = now - timedelta(days=rng.randint(0, 75), hours=rng.randint(0, 23))
        if number >= len(leaf_slugs):  # the last few (machinery, the demo exhibitor's trade) are fresh
            posted = now - timedelta(days=number - len(leaf_slugs), hours=3)
        state = states[number] if number < len(states) else ReviewStatus.PUBLISHED
        item = BuyerRequest(
            buyer_id=buyer.id,
            language=lang,
            title=title[:200],
            details=details,
            category_id=leaves.get(slug),
            quantity=quantity,
            unit=unit_code(unit),
            target_price=Decimal(rng.choice(["2.50", "12.00", "48.00", "150.00"])) if rng.random() < 0.5 else None,
            currency="USD",
            country=country,
            trade_term=term,
            certifications=rng.choice(CERTIFICATIONS),
            deadline=(posted + timedelta(days=rng.choice([21, 30, 45, 60]))).date(),
            status=state,
            submitted_at=posted if state != ReviewStatus.DRAFT else None,
            published_at=posted if state == ReviewStatus.PUBLISHED else None,
            reviewed_by_id=moderator.id
            if moderator and state in (ReviewStatus.PUBLISHED, ReviewStatus.RETURNED)
            else None,
            return_reason="请写明所需的规格和包装要求。" if state == ReviewStatus.RETURNED else None,
        )
        if state == ReviewStatus.DRAFT or state == ReviewStatus.SUBMITTED:
            item.deadline = (now + timedelta(days=40)).date()
        if state == ReviewStatus.PUBLISHED and number % 13 == 0:
            item.closed_at, item.close_reason = posted + timedelta(days=5), "buyer"
        db.session.add(item)
    db.session.flush()
    _quotes(rng)
    return REQUESTS


QUOTE_MESSAGES = [
    ("Price includes export carton packing. Samples in 7 days.", "价格含出口纸箱包装，7天内可寄样品。"),
    ("We supply this to buyers in Europe; CE certificate attached on request.", "我们长期供应欧洲客户，可提供CE证书。"),
    ("Lead time can be shortened for repeat orders.", "返单可缩短交期。"),
]


def _quotes(rng: random.Random) -> None:
    from core.organizations.models import Organization, OrganizationMember

    organizations = db.session.scalars(
        select(Organization).where(Organization.status == "verified").order_by(Organization.id)
    ).all()
    demo_exhibitor = db.session.scalar(
        select(OrganizationMember.organization_id)
        .join(User, User.id == OrganizationMember.user_id)
        .where(User.email == "exhibitor@demo.tradewindow.example")
    )
    now = utcnow()
    last_month = now.replace(day=1) - timedelta(days=3)
    published = db.session.scalars(
        select(BuyerRequest).where(BuyerRequest.status == ReviewStatus.PUBLISHED).order_by(BuyerRequest.id)
    ).all()
    for number, item in enumerate(published):
        if number % 3 == 0 or not organizations:
            continue
        chosen = rng.sample(organizations, k=min(len(organizations), 1 + number % 3))
        if number % 4 == 1 and demo_exhibitor and all(o.id != demo_exhibitor for o in chosen):
            chosen[0] = next(o for o in organizations if o.id == demo_exhibitor)
        quotes = []
        for organization in chosen:
            message_en, message_zh = rng.choice(QUOTE_MESSAGES)
            created = item.published_at + timedelta(days=rng.randint(1, 4))
            if organization.id == demo_exhibitor:
                created = min(created, last_month)
            quote = Quote(
                request_id=item.id,
                organization_id=organization.id,
                unit_price=Decimal(rng.choice(["2.30", "2.85", "11.50", "45.00", "139.00"])),
                currency="USD",
                moq=rng.choice([100, 500, 1000]),
                lead_time_days=rng.choice([15, 25, 35]),
                trade_term=item.trade_term or "FOB",
                valid_until=item.deadline + timedelta(days=30),
                message=message_zh if item.language == "zh" else message_en,
                status="submitted",
                created_at=min(created, now),
            )
            quotes.append(quote)
            db.session.add(quote)
        item.quotes_count = len(quotes)
        if number % 7 == 1 and item.closed_at is None:
            quotes[0].status, quotes[0].decided_at = "accepted", now
            for other in quotes[1:]:
                other.status, other.decided_at = "declined", now
                other.decline_reason = "The buyer accepted another offer."
            item.closed_at, item.close_reason = now, "accepted"
        elif number % 5 == 2:
            quotes[0].status = "shortlisted"
    db.session.flush()


# ---------------------------------------------------------------- leads

# (buyer's language, opening message, the exhibitor's answer or None, hours until answered)
THREADS = [
    (
        "en",
        "Could you send your price list and MOQ for this item? We ship to Hamburg.",
        "Thank you for your inquiry. Price list attached below; MOQ is 500 pieces.",
        3,
    ),
    ("zh", "请问这款产品支持OEM吗？需要印我们的商标。", "支持OEM，商标印刷起订量1000件。", 5),
    (
        "en",
        "Do you have CE and RoHS certificates for this model?",
        "Yes, both. We can send copies with the quotation.",
        20,
    ),
    ("en", "What is your lead time for 2,000 units in March?", None, None),  # not answered yet
    ("zh", "能否提供样品？运费我们承担。", "可以，样品3天内寄出。", 30),  # answered late
    ("en", "Please quote CIF Jebel Ali for one 40ft container.", "declined", 2),
]


def load_leads(seed: int = 21) -> int:
    """Inquiry threads with the demo's exhibitors (answered, late, unanswered, declined), the demo
    buyer's follows with a weekly digest, routings of the newest requests, and the response
    figures they make. Nothing when the database has inquiries already."""
    from core.organizations.models import Organization, OrganizationMember
    from marketplace.following.models import DigestSetting, Follow
    from marketplace.sourcing import metrics
    from marketplace.sourcing.models import Inquiry, InquiryMessage, RequestRouting

    if db.session.scalar(select(func.count()).select_from(Inquiry)):
        return 0
    rng = random.Random(seed)
    now = utcnow()
    buyers = {u.email: u for u in db.session.scalars(select(User).where(User.account_type == "buyer"))}
    organizations = db.session.scalars(
        select(Organization).where(Organization.status == "verified").order_by(Organization.id)
    ).all()
    if not buyers or not organizations:
        return 0
    demo_exhibitor = db.session.scalar(
        select(OrganizationMember.organization_id)
        .join(User, User.id == OrganizationMember.user_id)
        .where(User.email == "exhibitor@demo.tradewindow.example")
    )
    targets = sorted(organizations, key=lambda o: o.id != demo_exhibitor)  # the demo exhibitor's first
    english = [u for u in buyers.values() if u.preferred_language == "en"]
    chinese = [u for u in buyers.values() if u.preferred_language == "zh"] or english
    count = 0
    for number in range(24):
        organization = targets[number % min(len(targets), 6)]
        lang, opening, answer, hours = THREADS[(number + number // 6) % len(THREADS)]  # each a mix
        buyer = rng.choice(chinese if lang == "zh" else english)
        created = now - timedelta(days=rng.randint(1, 25), hours=rng.randint(0, 12))
        subject = organization.localized("name", lang).text
        inquiry = Inquiry(
            buyer_id=buyer.id, organization_id=organization.id, subject=subject[:200],
            quantity=rng.choice([None, 500, 2000]), last_message_at=created, created_at=created,
        )  # fmt: skip
        inquiry.messages.append(InquiryMessage(author_id=buyer.id, side="buyer", body=opening, created_at=created))
        if answer == "declined":
            inquiry.declined_at = inquiry.first_response_at = created + timedelta(hours=hours)
            inquiry.decline_reason = "We do not ship to this destination." if lang == "en" else "暂不发往该目的地。"
            inquiry.buyer_unread = 1
        elif answer is not None:
            answered = created + timedelta(hours=hours)
            inquiry.first_response_at = inquiry.last_message_at = answered
            inquiry.messages.append(InquiryMessage(side="exhibitor", body=answer, created_at=answered))
            inquiry.buyer_unread = number % 2
        else:
            inquiry.exhibitor_unread = 1
        db.session.add(inquiry)
        count += 1
    main = buyers.get("buyer@demo.tradewindow.example")
    if main is not None and demo_exhibitor:
        db.session.add(Follow(user_id=main.id, kind="exhibitor", target_id=demo_exhibitor, created_at=now))
        valves = db.session.scalar(select(Category.id).where(Category.slug == "industrial-valves"))
        if valves:
            db.session.add(Follow(user_id=main.id, kind="category", target_id=valves, created_at=now))
        db.session.add(DigestSetting(user_id=main.id, frequency="weekly", covered_until=now - timedelta(days=7)))
    newest = db.session.scalars(
        select(BuyerRequest)
        .where(BuyerRequest.status == ReviewStatus.PUBLISHED, BuyerRequest.closed_at.is_(None))
        .order_by(BuyerRequest.published_at.desc())
        .limit(12)
    ).all()
    for item in newest:
        told = rng.sample(organizations, k=min(len(organizations), 3))
        for organization in told:
            told_at = item.published_at
            db.session.add(RequestRouting(request_id=item.id, organization_id=organization.id, created_at=told_at))
        item.routed_at, item.notified_count = item.published_at, len(told)
    db.session.flush()
    metrics.refresh(now=now)
    return count
