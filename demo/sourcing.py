"""The demo's buyer requests: 64 of them, in English and in Chinese, from the two demo buyers and
six more buyers abroad and at home. Most are published and open; some closed (by the buyer, or
their deadline passed), a few wait for review, one was returned with a reason, two are drafts.

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
from marketplace.sourcing.models import BuyerRequest

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
    return REQUESTS
