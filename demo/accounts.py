"""Demo organizations with valid USCCs, and an account for every role.

``load_accounts()`` is idempotent: it looks rows up by email or name before creating them.
"""

from __future__ import annotations

import random

from sqlalchemy import select

from core.accounts.models import StaffRole, User, user_by_email
from core.accounts.services import hash_password
from core.db import utcnow
from core.extensions import db
from core.organizations import uscc
from core.organizations.models import Organization, OrganizationMember

DEMO_PASSWORD = "tradewindow-demo"  # noqa: S105 - printed for the demo

ORGANIZATIONS = [
    # name_zh, name_en, district, industry, address_zh, address_en, status
    (
        "宁波海曙华宇机械有限公司",
        "Ningbo Haishu Huayu Machinery Co., Ltd.",
        "330203",
        "machinery",
        "宁波市海曙区望春工业园区科创路18号",
        "18 Kechuang Road, Wangchun Industrial Park, Haishu, Ningbo",
        "verified",
    ),
    (
        "宁波北仑港通汽车零部件有限公司",
        "Ningbo Beilun Gangtong Auto Parts Co., Ltd.",
        "330206",
        "auto_parts",
        "宁波市北仑区新碶街道明州路66号",
        "66 Mingzhou Road, Xinqi, Beilun, Ningbo",
        "verified",
    ),
    (
        "慈溪市金太阳家电有限公司",
        "Cixi Golden Sun Home Appliances Co., Ltd.",
        "330282",
        "home",
        "慈溪市周巷镇工业区兴业路9号",
        "9 Xingye Road, Zhouxiang Industrial Zone, Cixi",
        "verified",
    ),
    (
        "余姚市明光电子科技有限公司",
        "Yuyao Mingguang Electronics Technology Co., Ltd.",
        "330281",
        "electronics",
        "余姚市经济开发区城东北路28号",
        "28 Chengdong North Road, Yuyao Economic Development Zone",
        "verified",
    ),
    (
        "宁波鄞州雅戈纺织服饰有限公司",
        "Ningbo Yinzhou Yage Textiles & Garments Co., Ltd.",
        "330212",
        "textiles",
        "宁波市鄞州区钟公庙街道天童南路588号",
        "588 Tiantong South Road, Yinzhou, Ningbo",
        "verified",
    ),
    ("宁海县文具之家有限公司", None, "330226", "stationery", "宁海县跃龙街道兴工路12号", None, "verified"),
    (
        "象山海鲜食品进出口有限公司",
        "Xiangshan Seafood Import & Export Co., Ltd.",
        "330225",
        "agriculture",
        "象山县石浦镇渔港路3号",
        "3 Yugang Road, Shipu, Xiangshan",
        "pending",
    ),
]

ACCOUNTS = [
    # email, name, account_type, staff role or org index + member role, language
    ("buyer@demo.tradewindow.example", "Anna Schmidt", "buyer", None, "en"),
    ("buyer.cn@demo.tradewindow.example", "李明", "buyer", None, "zh"),
    ("exhibitor@demo.tradewindow.example", "王海燕", "exhibitor", (0, "owner"), "zh"),
    ("exhibitor.editor@demo.tradewindow.example", "陈杰", "exhibitor", (0, "editor"), "zh"),
    ("exhibitor.en@demo.tradewindow.example", "Zhou Lin", "exhibitor", (1, "owner"), "en"),
    ("pending.exhibitor@demo.tradewindow.example", "张伟", "exhibitor", (6, "owner"), "zh"),
    ("editor@demo.tradewindow.example", "刘编辑", "staff", "editor", "zh"),
    ("reviewer@demo.tradewindow.example", "赵审核", "staff", "reviewer", "zh"),
    ("moderator@demo.tradewindow.example", "孙审查", "staff", "moderator", "zh"),
    ("complaints@demo.tradewindow.example", "周投诉", "staff", "complaint_handler", "zh"),
    ("credit@demo.tradewindow.example", "冯信用", "staff", "credit_officer", "zh"),
    ("admin@demo.tradewindow.example", "吴管理", "staff", "admin", "zh"),
]


def _organizations() -> list[Organization]:
    rng = random.Random(20261123)
    orgs = []
    for name_zh, name_en, district, industry, addr_zh, addr_en, status in ORGANIZATIONS:
        code = uscc.generate(rng, division=district)
        org = db.session.scalar(select(Organization).where(Organization.name_zh == name_zh))
        if org is None:
            org = Organization(
                uscc=code,
                name_zh=name_zh,
                name_en=name_en,
                original_language="zh",
                district=district,
                industry=industry,
                address_zh=addr_zh,
                address_en=addr_en,
                status=status,
                contact_phone="0574-8" + "".join(str(rng.randrange(10)) for _ in range(7)),
                website=f"https://www.example.com/{district}-{industry}",
                verified_at=utcnow() if status == "verified" else None,
            )
            db.session.add(org)
        orgs.append(org)
    db.session.flush()
    return orgs


def load_accounts() -> list[tuple[str, str]]:
    """The demo organizations and accounts; returns (role label, email) of each account."""
    orgs = _organizations()
    password_hash = hash_password(DEMO_PASSWORD)
    accounts = []
    for email, name, account_type, extra, lang in ACCOUNTS:
        user = user_by_email(email)
        if user is None:
            user = User(
                email=email,
                full_name=name,
                account_type=account_type,
                preferred_language=lang,
                password_hash=password_hash,
                email_verified_at=utcnow(),
                company_name="Schmidt Import GmbH" if email.startswith("buyer@") else None,
                country="DE" if email.startswith("buyer@") else None,
            )
            db.session.add(user)
            db.session.flush()
            if account_type == "staff":
                user.staff_roles.append(StaffRole(role=extra))
            elif account_type == "exhibitor":
                org_index, role = extra
                db.session.add(OrganizationMember(user=user, organization=orgs[org_index], role=role))
        label = extra if account_type == "staff" else (f"exhibitor {extra[1]}" if extra else account_type)
        accounts.append((label, email))
    db.session.flush()
    return accounts
