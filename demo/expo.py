"""Demo expo: exhibitions, halls, the category tree, 40 exhibitors and 400 products with images.

Idempotent: exhibitions and halls by slug, organizations by name, products by (organization, SKU).
"""

from __future__ import annotations

import io
import random
from datetime import UTC, datetime, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from core.media import thumbnails
from core.organizations import uscc
from core.organizations.models import Organization
from core.storage import get_storage
from core.text import slugify
from marketplace.catalog.models import Category, Product, ProductImage
from marketplace.catalog.tree import load_categories
from marketplace.expo.models import Booth, Exhibition, Hall
from marketplace.expo.services import ensure_profile

EXHIBITIONS = [
    (
        "online-expo",
        "网上博览会（常年展）",
        "Year-round Online Expo",
        True,
        None,
        None,
        "商务之窗常年网上展会：本市出口企业全年在线展示，采购商随时洽谈。",
        "The year-round online fair of the city's exporters: visit booths and talk to suppliers any day of the year.",
    ),
    (
        "consumer-goods-2026",
        "2026消费品网上博览会",
        "Consumer Goods Online Expo 2026",
        False,
        datetime(2026, 10, 15, tzinfo=UTC),
        datetime(2026, 12, 31, 16, tzinfo=UTC),
        "聚焦家电、家居、文具、服装等消费品，集中展示本市优质出口产品。",
        "Home appliances, housewares, stationery and garments: the best consumer goods the city exports.",
    ),
    (
        "agri-supplies-2027",
        "2027农资产品网上交易会",
        "Agricultural Supplies Online Fair 2027",
        False,
        datetime(2027, 3, 1, tzinfo=UTC),
        datetime(2027, 4, 30, 16, tzinfo=UTC),
        "农业机械、农资与农产品专场。",
        "Agricultural machinery, supplies and produce.",
    ),
]
HALLS = [
    # exhibition slug, hall slug, zh, en, category slug
    ("online-expo", "machinery", "机械设备馆", "Machinery Hall", "machinery"),
    ("online-expo", "electronics", "电子电器馆", "Electronics Hall", "electronics"),
    ("online-expo", "auto-parts", "汽车配件馆", "Auto Parts Hall", "auto-parts"),
    ("online-expo", "chemicals-metals", "化工五金馆", "Chemicals and Hardware Hall", "metals-hardware"),
    ("consumer-goods-2026", "home-kitchen", "家居厨房馆", "Home and Kitchen Hall", "home-kitchen"),
    ("consumer-goods-2026", "textiles", "纺织服装馆", "Textiles and Garments Hall", "textiles-garments"),
    ("consumer-goods-2026", "stationery-gifts", "文具礼品馆", "Stationery and Gifts Hall", "stationery-office"),
    ("agri-supplies-2027", "agriculture", "农产品食品馆", "Agricultural Products Hall", "agriculture-food"),
]
# For each top-level category: company name stems and product nouns (zh, en).
INDUSTRY = {
    "machinery": (
        ["精工机械", "恒力泵阀", "东海机床"],
        ["Precision Machinery", "Hengli Pumps & Valves", "Donghai Machine Tools"],
        [
            ("离心泵", "Centrifugal pump"),
            ("不锈钢闸阀", "Stainless steel gate valve"),
            ("数控车床", "CNC lathe"),
            ("全自动封箱机", "Automatic carton sealer"),
        ],
    ),
    "electronics": (
        ["明光电子", "星辰电器", "华信线缆"],
        ["Mingguang Electronics", "Star Electric", "Huaxin Cable"],
        [
            ("蓝牙音箱", "Bluetooth speaker"),
            ("LED吸顶灯", "LED ceiling light"),
            ("铜芯电缆", "Copper core cable"),
            ("智能插座", "Smart socket"),
        ],
    ),
    "auto-parts": (
        ["港通汽配", "安驰制动", "联众汽车电子"],
        ["Gangtong Auto Parts", "Anchi Brakes", "Lianzhong Auto Electronics"],
        [("陶瓷刹车片", "Ceramic brake pad"), ("活塞环", "Piston ring"), ("行车记录仪", "Dash camera")],
    ),
    "metals-hardware": (
        ["永固五金", "金盾锁业", "利工工具"],
        ["Yonggu Hardware", "Jindun Locks", "Ligong Tools"],
        [
            ("不锈钢螺栓", "Stainless steel bolt"),
            ("智能门锁", "Smart door lock"),
            ("组合扳手套装", "Combination spanner set"),
        ],
    ),
    "home-kitchen": (
        ["金太阳家电", "美厨厨具", "乐居家居"],
        ["Golden Sun Appliances", "Meichu Cookware", "Leju Home"],
        [
            ("电热水壶", "Electric kettle"),
            ("不粘炒锅", "Non-stick wok"),
            ("陶瓷餐具套装", "Ceramic dinnerware set"),
            ("收纳箱", "Storage box"),
        ],
    ),
    "textiles-garments": (
        ["雅戈纺织", "申洲针织", "锦绣家纺"],
        ["Yage Textiles", "Shenzhou Knitting", "Jinxiu Home Textiles"],
        [
            ("纯棉T恤", "Cotton T-shirt"),
            ("羽绒服", "Down jacket"),
            ("床上四件套", "Bedding set"),
            ("针织面料", "Knitted fabric"),
        ],
    ),
    "stationery-office": (
        ["文具之家", "得力办公", "广博纸品"],
        ["Stationery House", "Deli Office", "Guangbo Paper"],
        [("中性笔", "Gel pen"), ("笔记本", "Notebook"), ("碎纸机", "Paper shredder")],
    ),
    "agriculture-food": (
        ["海鲜食品", "四明茶业", "绿野果蔬"],
        ["Seafood Foods", "Siming Tea", "Lvye Produce"],
        [("冷冻带鱼", "Frozen hairtail fish"), ("绿茶", "Green tea"), ("冷冻西兰花", "Frozen broccoli")],
    ),
}
MARKETS = [
    ("欧盟、北美", "EU, North America"),
    ("东南亚、中东", "Southeast Asia, Middle East"),
    ("日本、韩国", "Japan, Korea"),
    ("南美、非洲", "South America, Africa"),
]
PORTS = ["ningbo", "shanghai", "ningbo-zhoushan"]  # codes of marketplace.catalog.terms
UNITS = ["pieces", "sets", "cartons", "meters", "kg"]
TIERS = ["free"] * 5 + ["gold"] * 3 + ["premium"] * 2


def _image(rng: random.Random, index: int) -> bytes:
    """A simple product-like picture: a coloured object on a light background."""
    hue = rng.randrange(360)
    colour = tuple(int(c) for c in _hsv(hue, 0.55, 0.75))
    image = Image.new("RGB", (480, 480), (246, 248, 251))
    draw = ImageDraw.Draw(image)
    shape = index % 3
    if shape == 0:
        draw.rounded_rectangle((110, 140, 370, 380), radius=28, fill=colour)
        draw.rectangle((170, 90, 310, 150), fill=tuple(max(0, c - 40) for c in colour))
    elif shape == 1:
        draw.ellipse((100, 100, 380, 380), fill=colour)
        draw.ellipse((190, 190, 290, 290), fill=(246, 248, 251))
    else:
        draw.polygon([(240, 80), (400, 380), (80, 380)], fill=colour)
    draw.rectangle((0, 440, 480, 480), fill=(11, 79, 138))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _hsv(h, s, v):
    import colorsys

    r, g, b = colorsys.hsv_to_rgb(h / 360, s, v)
    return r * 255, g * 255, b * 255


def _exhibitions() -> dict[str, Exhibition]:
    found = {}
    for position, (slug, zh, en, permanent, start, end, dzh, den) in enumerate(EXHIBITIONS):
        ex = db.session.scalar(select(Exhibition).where(Exhibition.slug == slug))
        if ex is None:
            ex = Exhibition(
                slug=slug,
                name_zh=zh,
                name_en=en,
                is_permanent=permanent,
                starts_at=start,
                ends_at=end,
                description_zh=dzh,
                description_en=den,
                position=position,
                original_language="zh",
            )
            db.session.add(ex)
            db.session.flush()
        found[slug] = ex
    return found


def _halls(exhibitions) -> list[Hall]:
    halls = []
    for position, (ex_slug, slug, zh, en, cat_slug) in enumerate(HALLS):
        ex = exhibitions[ex_slug]
        hall = db.session.scalar(select(Hall).where(Hall.exhibition_id == ex.id, Hall.slug == slug))
        if hall is None:
            category = db.session.scalar(select(Category).where(Category.slug == cat_slug))
            hall = Hall(
                exhibition_id=ex.id,
                slug=slug,
                name_zh=zh,
                name_en=en,
                position=position,
                category_id=category.id if category else None,
                original_language="zh",
            )
            db.session.add(hall)
            db.session.flush()
        halls.append(hall)
    return halls


def _leaf_categories(top_slug: str) -> list[Category]:
    top = db.session.scalar(select(Category).where(Category.slug == top_slug))
    children = list(db.session.scalars(select(Category).where(Category.parent_id == top.id)))
    return children or [top]


DISTRICTS = ["330203", "330205", "330206", "330211", "330212", "330213", "330281", "330282", "330225", "330226"]


def load_expo() -> None:
    rng = random.Random(2026)
    load_categories()
    exhibitions = _exhibitions()
    halls = _halls(exhibitions)
    storage = get_storage()
    now = utcnow()
    # The first verified organizations are the core demo's; bulk benchmark data comes after them.
    verified = list(
        db.session.scalars(
            select(Organization).where(Organization.status == "verified").order_by(Organization.id).limit(40)
        )
    )
    industries = list(INDUSTRY)
    orgs: list[tuple[Organization, str]] = [(org, industries[i % len(industries)]) for i, org in enumerate(verified)]
    n = 0
    while len(orgs) < 40:
        industry = industries[n % len(industries)]
        stems_zh, stems_en, _nouns = INDUSTRY[industry]
        district = DISTRICTS[n % len(DISTRICTS)]
        series = n // len(industries) + 1
        name_zh = f"宁波{stems_zh[n % len(stems_zh)]}{'有限公司' if series == 1 else f'第{series}分公司'}"
        name_en = f"Ningbo {stems_en[n % len(stems_en)]} {'Co., Ltd.' if series == 1 else f'Branch {series}'}"
        org = db.session.scalar(select(Organization).where(Organization.name_zh == name_zh))
        if org is None:
            org = Organization(
                uscc=uscc.generate(rng, division=district),
                name_zh=name_zh,
                name_en=name_en,
                original_language="zh",
                district=district,
                industry=None,
                status="verified",
                verified_at=now,
                contact_phone=f"0574-8{rng.randrange(10**6, 10**7)}",
            )
            db.session.add(org)
            db.session.flush()
        orgs.append((org, industry))
        n += 1

    hall_by_category = {h.category_id: h for h in halls}
    for index, (org, industry) in enumerate(orgs):
        profile = ensure_profile(org)
        markets = MARKETS[index % len(MARKETS)]
        top = db.session.scalar(select(Category).where(Category.slug == industry))
        nouns = INDUSTRY[industry][2]
        if not profile.about_zh:
            profile.about_zh = (
                f"{org.name_zh}位于宁波，专业生产{'、'.join(z for z, _e in nouns[:3])}，产品远销{markets[0]}。"
            )
            profile.about_en = (
                f"{org.name_en or org.name_zh} is a manufacturer in Ningbo making "
                f"{', '.join(e.lower() for _z, e in nouns[:3])}, exporting to {markets[1]}."
            )
            profile.main_products_zh = "、".join(z for z, _e in nouns)
            profile.main_products_en = ", ".join(e for _z, e in nouns)
            profile.main_markets_zh, profile.main_markets_en = markets
            profile.year_founded = 1990 + index % 30
            profile.staff_size = ["11-50", "51-200", "201-500", "501-1000"][index % 4]
            profile.certifications = ["ISO 9001", "ISO 9001, CE", "BSCI", "ISO 14001, RoHS"][index % 4]
            profile.tier_code = TIERS[index % len(TIERS)]
            if profile.tier_code != "free":
                _demo_grant(org, profile.tier_code, now)
            profile.main_category_id = top.id
            profile.public_phone = org.contact_phone
        hall = hall_by_category.get(top.id) or halls[index % len(halls)]
        booth = db.session.scalar(
            select(Booth).where(Booth.exhibition_id == hall.exhibition_id, Booth.organization_id == org.id)
        )
        if booth is None:
            db.session.add(
                Booth(
                    exhibition_id=hall.exhibition_id,
                    organization_id=org.id,
                    hall_id=hall.id,
                    status="approved",
                    decided_at=now,
                )
            )
        leaves = _leaf_categories(industry)
        for p in range(10):
            sku = f"TW-{org.id:04d}-{p + 1:02d}"
            if db.session.scalar(select(Product.id).where(Product.organization_id == org.id, Product.sku == sku)):
                continue
            noun_zh, noun_en = nouns[p % len(nouns)]
            model = f"{chr(65 + index % 26)}{100 + p * 10}"
            price = rng.choice([1.2, 3.5, 8.8, 12.5, 26, 45, 120, 380])
            product = Product(
                organization_id=org.id,
                category_id=leaves[p % len(leaves)].id,
                sku=sku,
                status="published",
                title_zh=f"{noun_zh} {model}型",
                title_en=f"{noun_en} model {model}",
                original_language="zh",
                description_zh=f"<p>{noun_zh}，型号{model}，{org.name_zh}出品。支持定制，质量稳定，交货及时。</p>",
                description_en=(
                    f"<p>{noun_en}, model {model}, made by {org.name_en or org.name_zh}. "
                    "Custom orders welcome; stable quality and on-time delivery.</p>"
                )
                if p % 5
                else None,
                specs=[
                    {"name": "Model", "value": model},
                    {
                        "name": "Material",
                        "value": rng.choice(
                            ["Stainless steel 304", "ABS plastic", "Cotton 100%", "Aluminium alloy", "Ceramic"]
                        ),
                    },
                    {"name": "Packaging", "value": rng.choice(["Carton", "Pallet", "Gift box"])},
                ],
                moq=rng.choice([50, 100, 200, 500, 1000]),
                moq_unit=rng.choice(UNITS),
                price_min=price,
                price_max=round(price * 1.4, 2),
                currency="USD",
                price_negotiable=p % 7 == 0,
                fob_port=rng.choice(PORTS),
                lead_time_days=rng.choice([7, 15, 20, 30, 45]),
                hs_code=(top.hs_prefixes.split(",")[0] + "000000")[:8],
                certifications=profile.certifications,
                keywords_en=f"{noun_en.lower()}, {industry.replace('-', ' ')}",
                keywords_zh=noun_zh,
                published_at=now - timedelta(days=rng.randrange(0, 120), minutes=p),
            )
            product.slug = slugify(product.title_en)
            db.session.add(product)
            db.session.flush()
            key = storage.save(io.BytesIO(_image(rng, index * 10 + p)), "products", "jpg")
            record = ProductImage(
                product_id=product.id,
                key=key,
                position=0,
                width=480,
                height=480,
                alt_zh=product.title_zh,
                alt_en=product.title_en,
            )
            db.session.add(record)
            db.session.flush()
            record.thumbs = thumbnails(record.key)
    _waiting_for_review(orgs[0][0])


def _waiting_for_review(org: Organization) -> None:
    """Something in each review queue, so that a moderator trying the demo sees the workflow:
    a new product submitted by the first exhibitor, and a change to its booth."""
    from core import review
    from marketplace.catalog.services import PRODUCT_REVIEW
    from marketplace.expo.services import update_profile

    sku = f"TW-{org.id:04d}-NEW"
    if db.session.scalar(select(Product.id).where(Product.organization_id == org.id, Product.sku == sku)) is None:
        top = db.session.scalar(select(Category).where(Category.slug == "machinery"))
        product = Product(
            organization_id=org.id,
            category_id=_leaf_categories("machinery")[0].id if top else None,
            sku=sku,
            title_zh="新型节能离心泵 N200型",
            title_en="Energy-saving centrifugal pump N200",
            original_language="zh",
            description_zh="<p>新一代节能离心泵，效率提升15%。</p>",
            moq=50,
            moq_unit="sets",
            price_min=260,
            price_max=340,
            currency="USD",
        )
        product.slug = slugify(product.title_en)
        db.session.add(product)
        db.session.flush()
        key = get_storage().save(io.BytesIO(_image(random.Random(org.id), 999)), "products", "jpg")
        image = ProductImage(product_id=product.id, key=key, position=0, width=480, height=480,
                             alt_zh=product.title_zh, alt_en=product.title_en)  # fmt: skip
        db.session.add(image)
        db.session.flush()
        image.thumbs = thumbnails(key)
        db.session.refresh(product)  # its images, as the review check reads them
        review.submit(product, PRODUCT_REVIEW)
    profile = ensure_profile(org)
    if profile.pending_revision is None:
        update_profile(
            profile,
            {
                "about_en": (profile.about_en or "") + " New: an energy-saving pump line, certified in 2026.",
                "about_zh": (profile.about_zh or "") + "新增节能泵产品线，2026年通过认证。",
            },
        )


def _demo_grant(org: Organization, tier_code: str, now) -> None:
    """A paid demo tier comes from a bureau grant (a year from today), as on a real site without
    Stripe keys: the tier then holds whenever it is recomputed (membership.tiers)."""
    from marketplace.membership.models import TierGrant

    exists = db.session.scalar(select(TierGrant.id).where(TierGrant.organization_id == org.id))
    if exists is None:
        db.session.add(
            TierGrant(
                organization_id=org.id,
                tier_code=tier_code,
                starts_on=now.date(),
                ends_on=now.date() + timedelta(days=365),
                reason="示例：国际市场开拓资金支持的中小企业 / Demo: an SME the international-market fund sponsors",
            )
        )
