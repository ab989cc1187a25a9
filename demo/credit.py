"""The credit demo (企业信用): a record for every demo exhibitor, then generated enterprises.

``load_credit()`` gives each of the expo's 40 demo exhibitors the record of its USCC, written
through ``govportal.credit.services`` as staff would (so statuses, audit entries and the
organizations' standings come from the real rules): most are in good standing with their
registration, foreign-trade filing, customs registration, annual reports, a licence or a
passed spot check; and, so that the record pages show every path:

* the second exhibitor (``exhibitor.en@demo...``'s organization) has an ordinary penalty within
  its publication period (needs attention, repairable in a few weeks);
* the third had an ordinary penalty that was repaired (no longer published), the fourth an
  abnormal-operations entry that was removed (shown as ended): both are in good standing;
* the seventh and eighth are on the abnormal-operations list (one cannot be reached at its
  address, one did not file its annual report);
* the ninth is on the serious-dishonesty list, with the serious penalty that put it there.

``generate_enterprises(n)`` makes the demo hold ``n`` generated enterprises (6,000 in the demo,
100,000 for the benchmark): Chinese names from parts (place, a two-character brand, trade and
industry words, a suffix), English names for most, legal representatives with common surnames,
valid USCCs, one in seven with former names, and facts in realistic shares (every one a
registration and its annual reports; most a foreign-trade filing and a customs registration;
about 8 % an ordinary penalty, 2 % a serious one, 3 % a minor one that is never published, 3 % an
abnormal-operations entry of which half were removed, 0.3 % the serious-dishonesty list; spot
checks, some failed; licences; commendations). They go in with bulk inserts (``COPY`` on
PostgreSQL), their statuses computed in Python by ``govportal.credit.rules`` exactly as the
services would, then the standing of any organization with the same code, then the search
index (outbox rows in the same transactions, drained at the end). Deterministic: each block of
1,000 enterprises draws from its own seeded Random, so asking for more later adds the same
enterprises a single larger call would have made, and asking again for as many adds nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import exists, func, insert, select, update

from core.db import utcnow
from core.extensions import db
from core.organizations import uscc
from core.organizations.models import Organization
from govportal.credit import rules, services
from govportal.credit.models import CreditEnterprise, CreditFact

DEMO_ENTERPRISES = 6_000
BLOCK = 1_000  # generated enterprises per seeded Random
Progress = Callable[[int, int], None]

# ---------------------------------------------------------------- vocabulary

# District code -> (name in an authority's name, English, county-level prefix of company names)
DISTRICT_NAMES = {
    "330203": ("海曙区", "Haishu District"),
    "330205": ("江北区", "Jiangbei District"),
    "330206": ("北仑区", "Beilun District"),
    "330211": ("镇海区", "Zhenhai District"),
    "330212": ("鄞州区", "Yinzhou District"),
    "330213": ("奉化区", "Fenghua District"),
    "330281": ("余姚市", "Yuyao City"),
    "330282": ("慈溪市", "Cixi City"),
    "330225": ("象山县", "Xiangshan County"),
    "330226": ("宁海县", "Ninghai County"),
}
# How company names begin (zh, en, district or None for any of the city's urban districts, weight).
PLACES = [
    ("宁波", "Ningbo", None, 30),
    ("宁波北仑", "Ningbo Beilun", "330206", 10),
    ("宁波鄞州", "Ningbo Yinzhou", "330212", 10),
    ("宁波海曙", "Ningbo Haishu", "330203", 6),
    ("宁波江北", "Ningbo Jiangbei", "330205", 5),
    ("宁波镇海", "Ningbo Zhenhai", "330211", 5),
    ("宁波奉化", "Ningbo Fenghua", "330213", 4),
    ("余姚市", "Yuyao", "330281", 9),
    ("慈溪市", "Cixi", "330282", 11),
    ("宁海县", "Ninghai", "330226", 5),
    ("象山县", "Xiangshan", "330225", 5),
]
URBAN = ("330203", "330205", "330212", "330211")
# Characters of brand names (字号), with their pinyin for the English name.
BRAND_CHARS = (
    "华hua 宇yu 金jin 鼎ding 恒heng 达da 永yong 盛sheng 鑫xin 源yuan 天tian 瑞rui 宏hong 图tu 汇hui 丰feng "
    "明ming 光guang 海hai 通tong 立li 信xin 德de 力li 新xin 益yi 博bo 远yuan 嘉jia 泰tai 隆long 昌chang "
    "兴xing 旺wang 安an 顺shun 东dong 方fang 科ke 美mei 佳jia 凯kai 润run 亚ya 振zhen 威wei 诚cheng 宝bao "
    "甬yong 港gang 舜shun 越yue 雅ya 锦jin 欧ou 正zheng"
)
BRANDS = [(part[0], part[1:]) for part in BRAND_CHARS.split()]
# Industry words: zh, en, core.organizations.choices.INDUSTRIES code.
TRADES = [
    ("阀门", "Valve", "machinery"),
    ("泵业", "Pump", "machinery"),
    ("机械", "Machinery", "machinery"),
    ("模具", "Mould", "machinery"),
    ("轴承", "Bearing", "machinery"),
    ("纺织", "Textile", "textiles"),
    ("服装", "Garment", "textiles"),
    ("针织", "Knitting", "textiles"),
    ("家纺", "Home Textile", "textiles"),
    ("家电", "Home Appliance", "home"),
    ("厨具", "Kitchenware", "home"),
    ("日用品", "Household Products", "home"),
    ("电器", "Electric Appliance", "electronics"),
    ("电子", "Electronics", "electronics"),
    ("灯具", "Lighting", "electronics"),
    ("线缆", "Cable", "electronics"),
    ("文具", "Stationery", "stationery"),
    ("纸品", "Paper Products", "stationery"),
    ("汽配", "Auto Parts", "auto_parts"),
    ("汽车部件", "Auto Components", "auto_parts"),
    ("五金", "Hardware", "metals"),
    ("工具", "Tools", "metals"),
    ("紧固件", "Fastener", "metals"),
    ("塑料制品", "Plastic Products", "chemicals"),
    ("化工", "Chemical", "chemicals"),
    ("食品", "Food", "agriculture"),
    ("水产", "Aquatic Products", "agriculture"),
    ("玩具", "Toys", "toys"),
    ("体育用品", "Sporting Goods", "toys"),
    ("医疗器械", "Medical Devices", "medical"),
    ("国际物流", "International Logistics", "logistics"),
    ("供应链", "Supply Chain", "logistics"),
]
KINDS = [("科技", "Technology"), ("实业", "Industrial"), ("工贸", "Industry & Trade"), ("制造", "Manufacturing")]
SUFFIXES = [
    ("有限公司", "Co., Ltd.", 75),
    ("股份有限公司", "Corporation", 8),
    ("进出口有限公司", "Import & Export Co., Ltd.", 17),
]
SURNAMES = (
    "王王王李李李张张张刘刘陈陈杨杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏"
    "苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方邵俞应屠虞竺舒"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华红波斌宇浩婷雪鹏辉亮建峰飞鑫琳颖国海燕志晓东群琴英杭甬慧"
STREETS = [
    ("明州路", "Mingzhou Road"),
    ("兴业路", "Xingye Road"),
    ("科技路", "Keji Road"),
    ("工业路", "Gongye Road"),
    ("环城北路", "Huancheng North Road"),
    ("中山西路", "Zhongshan West Road"),
    ("前湾路", "Qianwan Road"),
    ("创业大道", "Chuangye Avenue"),
    ("滨海路", "Binhai Road"),
    ("四明路", "Siming Road"),
]
LICENCES = {  # industry -> (zh, en) of a licence such an enterprise holds
    "agriculture": ("食品生产许可证", "Food production licence"),
    "chemicals": ("危险化学品经营许可证", "Hazardous chemicals business licence"),
    "medical": ("医疗器械生产许可证", "Medical device production licence"),
    "logistics": ("道路运输经营许可证", "Road transport licence"),
}
LICENCE_ANY = ("排污许可证", "Pollutant discharge permit")
PENALTY_CAUSES = [
    # zh, en, outcome zh, outcome en
    ("发布虚假广告", "False advertising", "罚款人民币{n}万元", "A fine of {n}0,000 yuan"),
    (
        "产品未按规定标注标识",
        "Products without the required labelling",
        "警告，罚款人民币{n}万元",
        "A warning and a fine of {n}0,000 yuan",
    ),
    (
        "生产销售不合格产品",
        "Making and selling substandard products",
        "没收违法所得，罚款人民币{n}万元",
        "Illegal gains confiscated and a fine of {n}0,000 yuan",
    ),
    ("未按规定申报进出口货物", "Goods declared to customs incorrectly", "罚款人民币{n}万元", "A fine of {n}0,000 yuan"),
    (
        "违反安全生产管理规定",
        "Breach of work safety rules",
        "责令改正，罚款人民币{n}万元",
        "Ordered to correct and a fine of {n}0,000 yuan",
    ),
]
SERIOUS_CAUSES = [
    ("销售假冒注册商标的商品", "Selling goods bearing counterfeit trademarks"),
    ("骗取出口退税", "Fraudulent export tax refunds"),
    ("走私普通货物", "Smuggling ordinary goods"),
]
ABNORMAL_CAUSES = [
    ("通过登记的住所或者经营场所无法联系", "Cannot be reached at its registered address"),
    ("未按照规定的期限公示年度报告", "Did not publish its annual report on time"),
]
COMMENDATIONS = [
    ("宁波市外贸出口先进企业", "Outstanding exporter of Ningbo"),
    ("守合同重信用企业", "Contract-abiding and trustworthy enterprise"),
    ("海关高级认证企业（AEO）", "Customs Authorised Economic Operator (AEO)"),
]
COMMERCE = ("宁波市商务局", "Ningbo Municipal Bureau of Commerce")
CUSTOMS = ("宁波海关", "Ningbo Customs")
TAXATION = ("国家税务总局宁波市税务局", "Ningbo Municipal Tax Service")
EMERGENCY = ("宁波市应急管理局", "Ningbo Emergency Management Bureau")


def market_regulator(district: str) -> tuple[str, str]:
    """The registration authority (市场监督管理局) of a district."""
    zh, en = DISTRICT_NAMES[district]
    if zh.endswith("区"):
        return f"宁波市{zh}市场监督管理局", f"Ningbo {en} Administration for Market Regulation"
    return f"{zh}市场监督管理局", f"{en.split()[0]} Administration for Market Regulation"


# ---------------------------------------------------------------- facts as rows

FACT_COLUMNS = (
    "enterprise_id", "kind", "grade", "title_zh", "title_en", "reference", "authority_zh", "authority_en",
    "decided_on", "valid_until", "year", "detail_zh", "detail_en", "outcome_zh", "outcome_en", "as_of", "source",
    "shown_until", "repairable_on", "ended_on", "ended_how", "ended_reason", "public_note", "deleted_at",
    "deleted_reason", "created_by_id", "created_at", "updated_at",
)  # fmt: skip
ENTERPRISE_COLUMNS = (
    "id", "uscc", "name_zh", "name_en", "original_language", "former_names", "legal_rep", "registered_on",
    "district", "industry", "address_zh", "address_en", "status", "status_changed_at", "facts_changed_at",
    "created_at", "updated_at",
)  # fmt: skip


class _Fact(dict):
    """A fact as a row to insert, readable by ``govportal.credit.rules`` as attributes."""

    __getattr__ = dict.get


def _fact(kind: str, authority: tuple[str, str], decided_on: date | None, **values) -> _Fact:
    fact = _Fact.fromkeys(FACT_COLUMNS)
    fact.update(kind=kind, authority_zh=authority[0], authority_en=authority[1], decided_on=decided_on, **values)
    found = rules.periods(kind, fact["grade"], decided_on)
    fact["shown_until"], fact["repairable_on"] = found.shown_until, found.repairable_on
    return fact


# ---------------------------------------------------------------- generated enterprises


class _Maker:
    """Draws one enterprise (its row and its facts) after another from one Random."""

    def __init__(self, rng: random.Random, today: date, taken_codes: set[str]):
        self.rng, self.rand, self.today = rng, rng.random, today
        self.taken_codes = taken_codes  # codes of organizations and other records: never reused
        self.codes: set[str] = set()  # drawn in this block
        self.names: set[str] = set()
        self.places = [p for p in PLACES for _ in range(p[3])]
        self.suffixes = [s for s in SUFFIXES for _ in range(s[2])]
        self.serial = rng.randrange(1000)

    def pick(self, seq):
        return seq[int(self.rand() * len(seq))]

    def day_within(self, start: date, end: date) -> date:
        span = max(0, (end - start).days)
        return start + timedelta(days=int(self.rand() * (span + 1)))

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=low + int(self.rand() * (high - low + 1)))

    def number(self, prefix: str, year: int) -> str:
        self.serial += 1 + int(self.rand() * 7)
        return f"{prefix}〔{year}〕{self.serial % 9000 + 100}号"

    def name(self):
        while True:
            place_zh, place_en, district, _w = self.pick(self.places)
            (c1, p1), (c2, p2) = self.pick(BRANDS), self.pick(BRANDS)
            if c1 == c2:
                continue
            trade_zh, trade_en, industry = self.pick(TRADES)
            suffix_zh, suffix_en, _w = self.pick(self.suffixes)
            kind_zh, kind_en = ("", "") if suffix_zh.startswith("进出口") or self.rand() < 0.3 else self.pick(KINDS)
            name_zh = f"{place_zh}{c1}{c2}{trade_zh}{kind_zh}{suffix_zh}"
            if name_zh in self.names:
                continue
            self.names.add(name_zh)
            brand = (p1 + p2).capitalize()
            name_en = " ".join(w for w in (place_en, brand, trade_en, kind_en, suffix_en) if w)
            return name_zh, name_en, district or self.pick(URBAN), industry, (place_zh, c1 + c2, trade_zh)

    def person(self) -> str:
        given = self.pick(GIVEN) + (self.pick(GIVEN) if self.rand() < 0.7 else "")
        return self.pick(SURNAMES) + given

    def code(self, district: str, check: bool) -> str:
        while True:
            code = uscc.generate(self.rng, division=district)
            if code not in self.codes and not (check and code in self.taken_codes):
                self.codes.add(code)
                return code

    def enterprise(self, enterprise_id: int, check: bool, now) -> tuple[dict, list[_Fact]]:
        rand, today = self.rand, self.today
        name_zh, name_en, district, industry, (place_zh, brand, trade_zh) = self.name()
        code = self.code(district, check)
        if rand() < 0.12:
            name_en = None  # registered in Chinese only
        former = None
        if rand() < 0.15:
            old_trade = self.pick(TRADES)[0]
            former = [f"{place_zh}{brand}{old_trade}{'厂' if rand() < 0.5 else '有限公司'}"]
            if rand() < 0.2:
                former.append(f"{place_zh}{brand}{trade_zh}厂")
            former = "|".join(n for n in former if n != name_zh) or None
        registered = self.days_ago(200, 25 * 365)
        street_zh, street_en = self.pick(STREETS)
        number = 1 + int(rand() * 399)
        place = DISTRICT_NAMES[district]
        amr = market_regulator(district)
        facts = self.facts(enterprise_id, registered, district, industry, amr)
        row = {
            "id": enterprise_id,
            "uscc": code,
            "name_zh": name_zh,
            "name_en": name_en,
            "original_language": "zh",
            "former_names": former,
            "legal_rep": self.person(),
            "registered_on": registered,
            "district": district,
            "industry": industry,
            "address_zh": f"宁波市{place[0]}{street_zh}{number}号"
            if place[0].endswith("区")
            else f"{place[0]}{street_zh}{number}号",
            "address_en": f"{number} {street_en}, {place[1]}, Ningbo",
            "status": rules.status_of(facts, today),
            "status_changed_at": None,
            "facts_changed_at": now,
            "created_at": now,
            "updated_at": now,
        }
        if row["status"] != "good":
            row["status_changed_at"] = now
        return row, facts

    def facts(self, eid: int, registered: date, district: str, industry: str, amr) -> list[_Fact]:
        rand, today = self.rand, self.today
        facts: list[_Fact] = []

        def add(kind, authority, decided_on, **values):
            fact = _fact(kind, authority, decided_on, **values)
            fact["as_of"] = fact["as_of"] or min(today, (decided_on or today) + timedelta(days=int(rand() * 5)))
            facts.append(fact)
            return fact

        r = rand()
        grade = "revoked" if r < 0.003 else "cancelled" if r < 0.008 else "active"
        registration_day = registered if grade == "active" else self.days_ago(30, 900)
        add("registration", amr, registration_day, grade=grade, reference=None)
        last_year = today.year - 1
        reports_until = last_year if (today.month, today.day) > (6, 30) or rand() < 0.7 else last_year - 1
        abnormal_report = rand() < 0.008  # an abnormal entry for a missing annual report, still on the list
        if abnormal_report:
            reports_until -= 1
        for year in range(max(registered.year, today.year - 4), reports_until + 1):
            filed = min(today, date(year + 1, 1 + int(rand() * 6), 1 + int(rand() * 28)))
            add("annual_report", amr, filed, year=year, title_zh=f"{year}年度报告", title_en=f"Annual report {year}")
        if rand() < 0.82:
            filed = self.day_within(registered, min(today, registered + timedelta(days=400)))
            add("trade_filing", COMMERCE, filed, reference=f"0{int(rand() * 10**7):07d}")
            if rand() < 0.92:
                customs = self.day_within(filed, min(today, filed + timedelta(days=120)))
                add(
                    "customs",
                    CUSTOMS,
                    customs,
                    reference=f"3302{int(rand() * 10):d}{int(rand() * 10**5):05d}",
                    title_zh="进出口货物收发货人",
                    title_en="Consignor or consignee of goods",
                )
        if rand() < 0.2:
            title = LICENCES.get(industry, LICENCE_ANY)
            issued = self.day_within(max(registered, today - timedelta(days=4 * 365)), today)
            add(
                "licence",
                amr,
                issued,
                title_zh=title[0],
                title_en=title[1],
                reference=f"{district[-2:]}{int(rand() * 10**8):08d}",
                valid_until=issued + timedelta(days=5 * 365),
            )
        if rand() < 0.15:
            for _ in range(1 + int(rand() * 2)):
                r = rand()
                result = "pass" if r < 0.8 else "issues" if r < 0.94 else "fail"
                outcome = {
                    "pass": ("未发现问题", "No problems found"),
                    "issues": ("发现问题已责令整改", "Problems found, corrected on order"),
                    "fail": ("抽查不合格", "Failed the check"),
                }[result]
                add(
                    "inspection",
                    amr,
                    self.days_ago(5, 3 * 365),
                    grade=result,
                    title_zh="“双随机、一公开”抽查",
                    title_en="Random spot check",
                    outcome_zh=outcome[0],
                    outcome_en=outcome[1],
                )
        r = rand()
        if r < 0.08:
            self.penalty(add, "ordinary", amr, self.days_ago(5, 30 * 30))
        elif r < 0.10:
            self.penalty(add, "serious", amr, self.days_ago(20, 5 * 365))
        elif r < 0.13:
            self.penalty(add, "minor", amr, self.days_ago(5, 2 * 365))
        r = rand()
        if abnormal_report:
            self.abnormal(add, amr, ABNORMAL_CAUSES[1], self.days_ago(10, 300), removed=False)
        elif r < 0.015:
            self.abnormal(add, amr, self.pick(ABNORMAL_CAUSES), self.days_ago(60, 3 * 365), removed=True)
        elif r < 0.022:
            self.abnormal(add, amr, ABNORMAL_CAUSES[0], self.days_ago(10, 2 * 365), removed=False)
        if rand() < 0.003:
            listed = self.days_ago(30, 30 * 30)
            cause = self.pick(SERIOUS_CAUSES)
            self.penalty(add, "serious", amr, listed - timedelta(days=20), cause=cause)
            add(
                "dishonesty",
                amr,
                listed,
                title_zh=f"因{cause[0]}列入严重违法失信名单",
                title_en=f"Listed for {cause[1].lower()}",
                reference=self.number("甬市监列严", listed.year),
            )
        if rand() < 0.03:
            title = self.pick(COMMENDATIONS)
            add(
                "commendation",
                COMMERCE if "AEO" not in title[0] else CUSTOMS,
                self.days_ago(30, 3 * 365),
                title_zh=title[0],
                title_en=title[1],
            )
        for fact in facts:
            fact["enterprise_id"] = eid
            fact["source"] = "import"
        return facts

    def penalty(self, add, grade, amr, decided, cause=None):
        rand = self.rand
        amount = 1 + int(rand() * (5 if grade != "serious" else 50))
        if cause is None:
            zh, en, out_zh, out_en = self.pick(PENALTY_CAUSES)
            authority = CUSTOMS if "海关" in zh or "进出口" in zh else amr
        else:
            (zh, en), out_zh, out_en, authority = (
                cause,
                "没收违法所得，罚款人民币{n}万元",
                "Illegal gains confiscated and a fine of {n}0,000 yuan",
                amr,
            )
        prefix = "甬关缉违字" if authority is CUSTOMS else "甬市监罚"
        fact = add(
            "penalty",
            authority,
            decided,
            grade=grade,
            title_zh=zh,
            title_en=en,
            reference=self.number(prefix, decided.year),
            outcome_zh=out_zh.format(n=amount),
            outcome_en=out_en.format(n=amount),
        )
        # Some repaired, once they could be: a repaired penalty is no longer published.
        if grade != "minor" and fact["repairable_on"] and fact["repairable_on"] < self.today and rand() < 0.2:
            fact["ended_on"] = self.day_within(fact["repairable_on"], self.today)
            fact["ended_how"] = "repaired"
            fact["ended_reason"] = "已履行行政处罚决定并完成整改，经申请予以信用修复"

    def abnormal(self, add, amr, cause, listed, removed):
        fact = add(
            "abnormal",
            amr,
            listed,
            title_zh=cause[0],
            title_en=cause[1],
            reference=self.number("甬市监异", listed.year),
        )
        if removed:
            fact["ended_on"] = min(self.today, listed + timedelta(days=20 + int(self.rand() * 300)))
            fact["ended_how"] = "removed"
            fact["ended_reason"] = (
                "已补报并公示年度报告，申请移出经营异常名录"
                if "年度报告" in cause[0]
                else "已办理住所变更登记，通过登记的住所可以联系，申请移出经营异常名录"
            )


def generated_count() -> int:
    """Records of codes no organization has: the generated ones (demo exhibitors' records have theirs)."""
    E, ORG = CreditEnterprise.__table__, Organization.__table__
    return db.session.scalar(select(func.count()).select_from(E).where(~exists().where(ORG.c.uscc == E.c.uscc)))


def generate_enterprises(n: int, *, seed: int = 1, batch: int = 5_000, progress: Progress | None = None) -> int:
    """Make the database hold ``n`` generated enterprises (adding what is missing), with their
    facts, statuses, standings and search documents. Commits as it goes; returns how many it added."""
    from core import search as core_search
    from demo.bulk import _copy, _reserve_ids

    have = generated_count()
    wanted = n - have
    if wanted <= 0:
        return 0
    today, now = services.today(), utcnow()
    taken = set(db.session.scalars(select(Organization.uscc))) | set(db.session.scalars(select(CreditEnterprise.uscc)))
    E, F, outbox = CreditEnterprise.__table__, CreditFact.__table__, core_search.SearchOutbox.__table__
    done = 0
    maker, maker_block = None, None
    while done < wanted:
        size = min(batch, wanted - done)
        conn = db.session.connection()
        ids = _reserve_ids(conn, E, size)
        rows, facts = [], []
        for position, enterprise_id in enumerate(ids, start=have + done):
            block = position // BLOCK
            if block != maker_block:  # each block has its own Random, replayed up to the first one missing
                maker, maker_block = _Maker(random.Random(f"tradewindow-credit-{seed}-{block}"), today, taken), block
                for _ in range(block * BLOCK, position):
                    maker.enterprise(0, False, now)
            row, its_facts = maker.enterprise(enterprise_id, True, now)
            rows.append(row)
            facts.extend(its_facts)
        for fact in facts:
            fact["created_at"] = fact["updated_at"] = now
        if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
            raw = conn.connection.driver_connection
            _copy(raw, E.name, ENTERPRISE_COLUMNS, ([row[c] for c in ENTERPRISE_COLUMNS] for row in rows))
            _copy(raw, F.name, FACT_COLUMNS, ([f[c] for c in FACT_COLUMNS] for f in facts))
        else:
            conn.execute(insert(E), rows)
            conn.execute(insert(F), [dict(f) for f in facts])
        conn.execute(insert(outbox), [{"doc_type": "enterprise", "key": str(i), "created_at": now} for i in ids])
        db.session.commit()
        done += size
        if progress is not None:
            progress(done, wanted)
    _standings()
    db.session.commit()
    if db.engine.dialect.name == "postgresql":  # see demo.bulk.generate_products
        from sqlalchemy import text

        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as maintenance:
            maintenance.execute(text("VACUUM (ANALYZE) credit_enterprises, credit_facts"))
    core_search.drain()  # the lookup reads the index: as the search.drain job would
    return wanted


def _standings() -> None:
    """Organizations whose code has a record show its status (core.organizations.standing)."""
    E, ORG = CreditEnterprise.__table__, Organization.__table__
    status = select(E.c.status).where(E.c.uscc == ORG.c.uscc).scalar_subquery()
    db.session.execute(
        update(ORG)
        .where(exists().where(E.c.uscc == ORG.c.uscc), ORG.c.credit_status.is_distinct_from(status))
        .values(credit_status=status)
    )


# ---------------------------------------------------------------- the demo exhibitors


def _iso(day: date) -> str:
    return day.isoformat()


def _exhibitor_orgs() -> list[Organization]:
    """The expo's demo exhibitors (demo.expo.load_expo: the first 40 verified organizations)."""
    return list(
        db.session.scalars(
            select(Organization).where(Organization.status == "verified").order_by(Organization.id).limit(40)
        )
    )


EXPO_INDUSTRIES = {  # demo.expo's generated exhibitors have no industry: their names say it
    "机械": "machinery",
    "泵阀": "machinery",
    "机床": "machinery",
    "电子": "electronics",
    "电器": "electronics",
    "线缆": "electronics",
    "汽配": "auto_parts",
    "制动": "auto_parts",
    "汽车": "auto_parts",
    "五金": "metals",
    "锁业": "metals",
    "工具": "metals",
    "家电": "home",
    "厨具": "home",
    "家居": "home",
    "纺织": "textiles",
    "针织": "textiles",
    "家纺": "textiles",
    "文具": "stationery",
    "办公": "stationery",
    "纸品": "stationery",
    "食品": "agriculture",
    "茶业": "agriculture",
    "果蔬": "agriculture",
}


def load_credit() -> list[str]:
    """A record for every demo exhibitor (idempotent: by USCC); returns their codes."""
    rng = random.Random(20261124)
    today = services.today()
    maker = _Maker(rng, today, set())
    codes = []
    for index, org in enumerate(_exhibitor_orgs()):
        codes.append(org.uscc)
        if services.enterprise_by_uscc(org.uscc) is not None:
            continue
        industry = org.industry or next((c for w, c in EXPO_INDUSTRIES.items() if w in (org.name_zh or "")), None)
        district = org.district if org.district in DISTRICT_NAMES else "330203"
        registered = date(1995 + index % 25, 1 + index % 12, 1 + index % 28)
        enterprise = services.save_enterprise(
            {
                "uscc": org.uscc,
                "name_zh": org.name_zh,
                "name_en": org.name_en or "",
                "legal_rep": maker.person(),
                "registered_on": _iso(registered),
                "district": district,
                "industry": industry or "",
                "address_zh": org.address_zh or "",
                "address_en": org.address_en or "",
                "former_names": f"{org.name_zh[:-4]}厂" if index % 9 == 4 and org.name_zh.endswith("有限公司") else "",
            },
            None,
        )
        for raw in _exhibitor_facts(index, registered, district, industry, today):
            ending = raw.pop("ending", None)
            fact = services.add_fact(enterprise, raw, None, source="import", tell_followers=False)
            if ending:
                services.end_fact(fact, ending[0], ending[1], ending[2], None)
    db.session.flush()
    return codes


def _exhibitor_facts(index: int, registered: date, district: str, industry: str | None, today: date) -> list[dict]:
    amr = market_regulator(district)

    def fact(kind, authority, decided_on, **values):
        raw = {"kind": kind, "authority_zh": authority[0], "authority_en": authority[1], **values}
        if decided_on is not None:
            raw["decided_on"] = _iso(decided_on)
            raw["as_of"] = _iso(decided_on)
        return raw

    def ago(days):
        return today - timedelta(days=days)

    def ref(prefix, days, number):
        return f"{prefix}〔{ago(days).year}〕{number}号"

    facts = [fact("registration", amr, registered, grade="active")]
    abnormal_report = index == 7
    last = today.year - (2 if abnormal_report else 1)
    for year in range(today.year - 3, last + 1):
        facts.append(
            fact(
                "annual_report",
                amr,
                min(today, date(year + 1, 3 + index % 3, 10 + index % 15)),
                year=str(year),
                title_zh=f"{year}年度报告",
                title_en=f"Annual report {year}",
            )
        )
    filed = registered + timedelta(days=60 + index * 7)
    facts.append(fact("trade_filing", COMMERCE, filed, reference=f"0{3301000 + index * 37:07d}"))
    facts.append(
        fact(
            "customs",
            CUSTOMS,
            filed + timedelta(days=30),
            reference=f"33029{60100 + index * 13:05d}",
            title_zh="进出口货物收发货人",
            title_en="Consignor or consignee of goods",
        )
    )
    if index % 3 == 0:
        title = LICENCES.get(industry or "", LICENCE_ANY)
        issued = ago(200 + index * 10)
        facts.append(
            fact(
                "licence",
                amr,
                issued,
                title_zh=title[0],
                title_en=title[1],
                reference=f"{district[-2:]}{20240000 + index:08d}",
                valid_until=_iso(issued + timedelta(days=1825)),
            )
        )
    if index % 4 == 1:
        facts.append(
            fact(
                "inspection",
                amr,
                ago(100 + index * 5),
                grade="pass",
                title_zh="“双随机、一公开”抽查",
                title_en="Random spot check",
                outcome_zh="未发现问题",
                outcome_en="No problems found",
            )
        )
    if index in (0, 5):
        facts.append(
            fact("commendation", COMMERCE, ago(150 + index), title_zh=COMMENDATIONS[0][0], title_en=COMMENDATIONS[0][1])
        )
    if index == 1:  # an ordinary penalty within its period: needs attention, repairable soon
        facts.append(
            fact(
                "penalty",
                amr,
                ago(40),
                grade="ordinary",
                title_zh="产品未按规定标注标识",
                title_en="Products without the required labelling",
                reference=ref("甬北市监罚", 40, 1088),
                detail_zh="2批次汽车刹车片外包装未标注生产者名称和地址。",
                detail_en="Two batches of brake pads packed without the maker's name and address.",
                outcome_zh="警告，罚款人民币1.5万元",
                outcome_en="A warning and a fine of 15,000 yuan",
            )
        )
    if index == 2:  # a penalty repaired after its minimum period: no longer published
        facts.append(
            fact(
                "penalty",
                amr,
                ago(300),
                grade="ordinary",
                title_zh="发布虚假广告",
                title_en="False advertising",
                reference=ref("甬慈市监罚", 300, 356),
                outcome_zh="罚款人民币3万元",
                outcome_en="A fine of 30,000 yuan",
                ending=("repaired", ago(120), "已履行行政处罚决定并完成整改，经申请予以信用修复"),
            )
        )
    if index == 3:  # an abnormal-operations entry, removed once its cause was cured
        facts.append(
            fact(
                "abnormal",
                amr,
                ago(420),
                title_zh=ABNORMAL_CAUSES[1][0],
                title_en=ABNORMAL_CAUSES[1][1],
                reference=ref("甬余市监异", 420, 77),
                ending=("removed", ago(380), "已补报并公示年度报告，申请移出经营异常名录"),
            )
        )
    if index == 6:  # on the abnormal-operations list: cannot be reached
        facts.append(
            fact(
                "abnormal",
                amr,
                ago(75),
                title_zh=ABNORMAL_CAUSES[0][0],
                title_en=ABNORMAL_CAUSES[0][1],
                reference=ref("甬市监异", 75, 215),
            )
        )
    if abnormal_report:  # on the abnormal-operations list: last year's annual report is missing
        facts.append(
            fact(
                "abnormal",
                amr,
                ago(60),
                title_zh=ABNORMAL_CAUSES[1][0],
                title_en=ABNORMAL_CAUSES[1][1],
                reference=ref("甬市监异", 60, 342),
            )
        )
    if index == 8:  # the serious-dishonesty list, after a serious penalty
        facts.append(
            fact(
                "penalty",
                amr,
                ago(220),
                grade="serious",
                title_zh=SERIOUS_CAUSES[0][0],
                title_en=SERIOUS_CAUSES[0][1],
                reference=ref("甬市监罚", 220, 902),
                outcome_zh="没收侵权商品，罚款人民币28万元",
                outcome_en="Infringing goods confiscated and a fine of 280,000 yuan",
            )
        )
        facts.append(
            fact(
                "dishonesty",
                amr,
                ago(190),
                title_zh="因销售假冒注册商标的商品列入严重违法失信名单",
                title_en="Listed for selling goods bearing counterfeit trademarks",
                reference=ref("甬市监列严", 190, 12),
            )
        )
    return facts
