"""Bulk catalog data for benchmarks: ``generate_products(1_000_000)`` in a few minutes.

What one call adds (all through SQLAlchemy Core, never the ORM unit of work):

* about one verified organization per 250 products (valid, unique USCCs), each with an
  exhibitor profile (unique slug) and, when the database has halls, some approved booths;
* ``n`` published products with bilingual titles, descriptions, specs, prices, MOQ and HS codes,
  spread over every leaf category (contiguous blocks, so each supplier sticks to one or two
  leaves) and over a year of ``published_at``;
* one image row per product, pointing at a small pool of real JPEGs with thumbnails made once.

On PostgreSQL products and images go in with ``COPY ... FROM STDIN`` over the session's own
psycopg connection (ids reserved from the sequences first; 2.3 times faster than psycopg's
pipelined executemany), then the touched tables get ``VACUUM (ANALYZE)``; on other databases
with executemany of dict batches. Every call draws new organizations, so calling it again adds
``n`` more without unique-constraint errors; its SKUs carry a per-call prefix (``BK<number>-``).
Product slugs are what ``slugify(title)`` gives, built from slugs precomputed per title template.

``generate_requests(100_000)`` adds published buyer requests the same way (COPY on PostgreSQL,
executemany elsewhere), from a pool of generated buyers (one per ~20 requests).

``generate_publications(20_000)`` adds published portal items (about 40 % policies) over the
demo's units with executemany, and writes their search outbox rows in the same transactions.

Audit logs and jobs are not fed, nor the search index for products and requests (``flask search
reindex`` builds it; bench/run.py does in its ``reindex_all`` row): this is raw data for
measuring pages. Publications are the exception: the portal's finder reads nothing but the
index, so ``generate_publications`` drains the outbox before it returns (about 3 ms a document
on the embedded index: a minute for 20,000).
"""

from __future__ import annotations

import io
import json
import math
import random
from collections.abc import Callable, Iterator, Sequence
from datetime import timedelta

from sqlalchemy import func, insert, select, text

from core.accounts.models import User
from core.db import utcnow
from core.extensions import db
from core.organizations import uscc
from core.organizations.choices import INDUSTRIES
from core.organizations.models import Organization
from core.text import slugify
from govportal.publishing.models import Publication
from marketplace.catalog.models import Category, Product, ProductImage
from marketplace.catalog.terms import port_code, unit_code, unit_name
from marketplace.expo.models import Booth, ExhibitorProfile, Hall
from marketplace.membership.models import MemberTier
from marketplace.sourcing.models import MAX_QUOTES, BuyerRequest

PRODUCTS_PER_ORG = 250
COMMIT_EVERY = 100_000  # rows per transaction for products and images
IMAGE_SIZE = 480

Progress = Callable[[int, int], None]

# ---------------------------------------------------------------- vocabulary

# Leaf category slug -> product nouns, "zh=en | zh=en ..."; English is lower case (it follows an adjective).
NOUNS_TABLE = """
centrifugal-pumps      离心泵=centrifugal pump | 多级离心泵=multistage pump | 化工泵=chemical pump
industrial-valves      闸阀=gate valve | 球阀=ball valve | 蝶阀=butterfly valve
agricultural-machinery 微耕机=mini tiller | 收割机=combine harvester | 喷雾机=power sprayer
machine-tools          数控车床=CNC lathe | 加工中心=machining center | 台式钻床=bench drill press
packaging-machinery    封箱机=carton sealer | 真空包装机=vacuum packer | 灌装机=filling machine
consumer-electronics   蓝牙音箱=Bluetooth speaker | 无线耳机=wireless earbuds | 移动电源=power bank
led-lighting           LED吸顶灯=LED ceiling light | LED投光灯=LED flood light | LED灯带=LED strip
cables-wires           铜芯电缆=copper core cable | 网线=network cable | 电源线=power cord
electrical-components  断路器=circuit breaker | 接触器=AC contactor | 墙壁开关=wall switch
knitwear               纯棉T恤=cotton T-shirt | 针织开衫=knitted cardigan | 卫衣=hoodie
outerwear              羽绒服=down jacket | 冲锋衣=shell jacket | 风衣=trench coat
fabrics                针织面料=knitted fabric | 涤纶面料=polyester fabric | 牛仔布=denim fabric
home-textiles          床上四件套=bedding set | 纯棉毛巾=cotton towel | 遮光窗帘=blackout curtain
small-appliances       电热水壶=electric kettle | 空气炸锅=air fryer | 电饭煲=rice cooker
cookware               不粘炒锅=non-stick wok | 不锈钢汤锅=stainless stockpot | 铸铁煎锅=cast iron skillet
tableware              陶瓷餐具套装=ceramic dinnerware set | 玻璃水杯=glass tumbler | 刀叉套装=flatware set
storage                收纳箱=storage box | 保鲜盒=food container | 收纳袋=storage bag
brake-parts            陶瓷刹车片=ceramic brake pad | 刹车盘=brake disc | 刹车卡钳=brake caliper
engine-parts           活塞环=piston ring | 气缸垫=head gasket | 机油滤清器=oil filter
car-electronics        行车记录仪=dash camera | 车载充电器=car charger | 倒车雷达=parking sensor
writing-instruments    中性笔=gel pen | 圆珠笔=ballpoint pen | 荧光笔=highlighter
paper-products         笔记本=notebook | 便利贴=sticky notes | 复印纸=copy paper
office-equipment       碎纸机=paper shredder | 装订机=binding machine | 点钞机=banknote counter
plastic-raw-materials  聚乙烯颗粒=PE pellets | 聚丙烯颗粒=PP granules | ABS颗粒=ABS resin
plastic-products       塑料周转箱=plastic crate | PET瓶=PET bottle | 塑料托盘=plastic pallet
coatings               水性木器漆=water-based wood paint | 环氧地坪漆=epoxy floor paint | 防锈漆=rust primer
frozen-fish            冷冻带鱼=frozen hairtail | 冷冻鲭鱼=frozen mackerel | 冷冻黄鱼=frozen croaker
tea                    绿茶=green tea | 白茶=white tea | 红茶=black tea
fruits-vegetables      冷冻西兰花=frozen broccoli | 脱水蒜片=garlic flakes | 冷冻杨梅=frozen bayberry
processed-food         即食海苔=seaweed snack | 黄桃罐头=canned peach | 速冻汤圆=frozen rice balls
fasteners              不锈钢螺栓=stainless steel bolt | 六角螺母=hex nut | 膨胀螺丝=anchor bolt
hand-tools             组合扳手套装=spanner set | 钢丝钳=combination pliers | 螺丝刀套装=screwdriver set
locks                  智能门锁=smart door lock | 挂锁=padlock | 密码锁=combination lock
toys                   积木玩具=building blocks | 毛绒玩具=plush toy | 遥控车=RC car
fitness                哑铃=dumbbell | 瑜伽垫=yoga mat | 跑步机=treadmill
outdoor                露营帐篷=camping tent | 折叠椅=folding chair | 睡袋=sleeping bag
medical-consumables    医用纱布=medical gauze | 一次性注射器=disposable syringe | 医用胶带=tape
personal-protection    医用口罩=face mask | 丁腈手套=nitrile gloves | 防护服=protective coverall
ceramic-tiles          抛釉瓷砖=glazed porcelain tile | 仿古砖=rustic tile | 马赛克=mosaic tile
sanitary-ware          陶瓷坐便器=ceramic toilet | 洗脸盆=wash basin | 淋浴花洒=shower set
glass                  钢化玻璃=tempered glass | 中空玻璃=insulated glass | 夹胶玻璃=laminated glass
office-furniture       人体工学椅=ergonomic chair | 办公桌=office desk | 文件柜=filing cabinet
outdoor-furniture      藤编桌椅=rattan patio set | 遮阳伞=patio umbrella | 躺椅=sun lounger
footwear               运动鞋=sports shoes | 拖鞋=slippers | 雨靴=rain boots
luggage                拉杆箱=trolley suitcase | 双肩包=backpack | 帆布袋=canvas tote bag
festive                圣诞装饰球=Christmas ornament | 气球=party balloons | 灯笼=paper lantern
home-decor             陶瓷花瓶=ceramic vase | 相框=photo frame | 香薰蜡烛=scented candle
cosmetics              口红=lipstick | 粉底液=liquid foundation | 面膜=facial mask
hair-care              吹风机=hair dryer | 卷发棒=curling iron | 洗发水=shampoo
paper-packaging        瓦楞纸箱=corrugated carton | 礼品盒=gift box | 牛皮纸袋=kraft paper bag
labels                 不干胶标签=adhesive label | 热敏标签=thermal label | 吊牌=hang tag
solar                  单晶光伏组件=mono solar panel | 光伏逆变器=solar inverter | 太阳能路灯=solar street light
batteries              锂电池组=lithium battery pack | 储能电源=power station | 碱性电池=alkaline battery
water-treatment        反渗透净水器=RO water purifier | 滤芯=filter cartridge | 污水处理设备=sewage unit
steel                  热轧钢板=hot-rolled steel plate | 镀锌卷=galvanized coil | 螺纹钢=steel rebar
non-ferrous            铜管=copper tube | 铝型材=aluminium profile | 锌锭=zinc ingot
"""
NOUNS: dict[str, list[tuple[str, str]]] = {
    line.split(None, 1)[0]: [tuple(pair.strip().split("=")) for pair in line.split(None, 1)[1].split("|")]
    for line in NOUNS_TABLE.strip().splitlines()
}
ADJECTIVES = [
    ("高品质", "High-quality"),
    ("出口级", "Export-grade"),
    ("定制", "Custom"),
    ("新款", "New"),
    ("经济型", "Economy"),
    ("专业级", "Professional"),
    ("环保", "Eco-friendly"),
    ("批发", "Wholesale"),
    ("OEM", "OEM"),
    ("工厂直销", "Factory-direct"),
    ("耐用", "Durable"),
    ("优质", "Premium"),
]


def _spec_json(name_zh: str, name_en: str, value: str) -> str:
    """One entry of Product.specs: ``name``/``value`` as the product page shows them, plus both names."""
    return json.dumps({"name": name_en, "name_zh": name_zh, "name_en": name_en, "value": value}, ensure_ascii=False)


class Top:
    """What products of a top-level category look like: units, prices, MOQs, specs, org names."""

    def __init__(self, units, price, moqs, specs, certs, trades, industry=None, markets=None):
        # [(en, zh)], kept as (code, en, zh): a product stores the unit's code (catalog.terms)
        self.units = [(unit_code(en) or en, en, zh) for en, zh in units]
        self.price = price  # (low, high) USD, drawn log-uniformly
        self.moqs = moqs
        self.specs = specs  # [(name_zh, name_en, [values])]
        # Per spec, its choices as (name_zh, value, JSON text of the entry): no json.dumps per row.
        self.spec_choices = [[(z, v, _spec_json(z, e, v)) for v in values] for z, e, values in specs]
        self.certs = certs
        self.trades = trades  # [(zh, en)] for company names
        self.industry = industry  # core.organizations.choices.INDUSTRIES code


PCS, SETS, KG, TONS, METERS = ("pieces", "件"), ("sets", "套"), ("kg", "千克"), ("tons", "吨"), ("meters", "米")
CARTONS, PAIRS, ROLLS, BOXES = ("cartons", "箱"), ("pairs", "双"), ("rolls", "卷"), ("boxes", "盒")
MATERIAL = ("材质", "Material")
POWER = ("功率", "Power", ["0.75 kW", "1.5 kW", "3 kW", "7.5 kW", "15 kW"])
VOLTAGE = ("电压", "Voltage", ["110 V", "220 V", "380 V"])
COLOUR = ("颜色", "Colour", ["Black", "White", "Grey", "Blue", "Red", "Custom"])
SIZE = ("尺寸", "Size", ["S-XXL", "Small", "Medium", "Large", "Custom"])

TOPS: dict[str, Top] = {
    "machinery": Top(
        [SETS, PCS],
        (120, 40000),
        [1, 1, 2, 5, 10],
        [(*MATERIAL, ["Cast iron", "Stainless steel 304", "Carbon steel"]), POWER, VOLTAGE],
        ["CE", "ISO 9001", "CE, ISO 9001"],
        [("机械", "Machinery"), ("泵阀", "Pumps & Valves"), ("机床", "Machine Tools")],
        "machinery",
    ),
    "electronics": Top(
        [PCS, METERS, PCS],
        (0.8, 120),
        [100, 200, 500, 1000, 3000],
        [VOLTAGE, COLOUR, ("认证", "Certified", ["CE", "FCC", "RoHS", "UL"])],
        ["CE, RoHS", "CE, FCC", "UL", "CCC"],
        [("电子", "Electronics"), ("电器", "Electric"), ("照明", "Lighting")],
        "electronics",
    ),
    "textiles-garments": Top(
        [PCS, METERS, SETS],
        (1.5, 60),
        [300, 500, 1000, 2000],
        [(*MATERIAL, ["Cotton 100%", "Polyester", "Cotton/spandex 95/5", "Wool blend"]), SIZE, COLOUR],
        ["BSCI", "OEKO-TEX 100", "GOTS", "BSCI, OEKO-TEX 100"],
        [("纺织", "Textiles"), ("服饰", "Garments"), ("针织", "Knitting")],
        "textiles",
    ),
    "home-kitchen": Top(
        [PCS, SETS],
        (1.2, 85),
        [200, 500, 1000, 3000],
        [(*MATERIAL, ["Stainless steel 304", "Aluminium", "Ceramic", "PP plastic", "Glass"]), COLOUR, VOLTAGE],
        ["LFGB", "FDA", "CE, GS", "LFGB, FDA"],
        [("家居", "Home Products"), ("厨具", "Cookware"), ("家电", "Appliances")],
        "home",
    ),
    "auto-parts": Top(
        [PCS, SETS],
        (2, 180),
        [50, 100, 200, 500],
        [("适用车型", "Fits", ["Toyota", "VW", "Honda", "Ford", "Universal"]), (*MATERIAL, ["Ceramic", "Steel"])],
        ["IATF 16949", "ISO 9001", "E-mark"],
        [("汽配", "Auto Parts"), ("汽车电子", "Auto Electronics"), ("制动", "Brakes")],
        "auto_parts",
    ),
    "stationery-office": Top(
        [PCS, BOXES, CARTONS],
        (0.05, 240),
        [1000, 3000, 5000, 10000],
        [COLOUR, ("包装", "Packing", ["12 pcs/box", "Blister card", "Bulk", "Gift box"])],
        ["FSC", "EN 71", "ASTM D-4236"],
        [("文具", "Stationery"), ("办公用品", "Office Supplies"), ("纸品", "Paper Products")],
        "stationery",
    ),
    "chemicals-plastics": Top(
        [TONS, KG, PCS],
        (0.6, 2200),
        [1, 5, 20, 500],
        [("纯度", "Purity", ["99%", "99.5%", "99.9%"]), ("牌号", "Grade", ["Injection", "Extrusion", "Film"])],
        ["REACH", "SGS", "ISO 14001"],
        [("化工", "Chemicals"), ("塑业", "Plastics"), ("涂料", "Coatings")],
        "chemicals",
    ),
    "agriculture-food": Top(
        [KG, TONS, CARTONS],
        (1.5, 3500),
        [1, 5, 20, 500],
        [("等级", "Grade", ["A", "AA", "Premium"]), ("保质期", "Shelf life", ["12 months", "18 months", "24 months"])],
        ["HACCP", "BRC", "HALAL", "ISO 22000"],
        [("食品", "Foods"), ("水产", "Aquatic Products"), ("茶业", "Tea")],
        "agriculture",
    ),
    "metals-hardware": Top(
        [PCS, SETS, KG],
        (0.02, 95),
        [1000, 5000, 10000, 100],
        [(*MATERIAL, ["Stainless steel 304", "Carbon steel", "Zinc alloy", "Brass"]), SIZE],
        ["ISO 9001", "DIN", "GS"],
        [("五金", "Hardware"), ("锁业", "Locks"), ("工具", "Tools")],
        "metals",
    ),
    "toys-sports": Top(
        [PCS, SETS],
        (0.9, 650),
        [100, 300, 500, 1000],
        [("适用年龄", "Age", ["3+", "6+", "14+", "Adult"]), COLOUR],
        ["EN 71", "ASTM F963", "CE"],
        [("玩具", "Toys"), ("体育用品", "Sporting Goods"), ("户外", "Outdoor")],
        "toys",
    ),
    "medical-health": Top(
        [PCS, BOXES, CARTONS],
        (0.01, 12),
        [10000, 50000, 100000],
        [("灭菌", "Sterile", ["Yes", "No"]), ("规格", "Spec", ["Small", "Medium", "Large"])],
        ["CE", "FDA 510(k)", "ISO 13485"],
        [("医疗器械", "Medical"), ("卫生材料", "Healthcare"), ("防护用品", "Protective")],
        "medical",
    ),
    "building-materials": Top(
        [("square meters", "平方米"), PCS, SETS],
        (3, 320),
        [50, 100, 500, 1000],
        [("规格", "Size", ["600x600 mm", "800x800 mm", "300x600 mm"]), ("表面", "Finish", ["Glossy", "Matt"])],
        ["CE", "ISO 9001", "CSA"],
        [("建材", "Building Materials"), ("陶瓷", "Ceramics"), ("玻璃", "Glass")],
    ),
    "furniture": Top(
        [PCS, SETS],
        (18, 900),
        [20, 50, 100],
        [(*MATERIAL, ["Steel", "Aluminium", "PE rattan", "Plywood", "Mesh"]), COLOUR],
        ["BIFMA", "FSC", "ISO 9001"],
        [("家具", "Furniture"), ("休闲用品", "Leisure Products")],
    ),
    "shoes-bags": Top(
        [PAIRS, PCS],
        (2.5, 60),
        [300, 500, 1000],
        [(*MATERIAL, ["PU leather", "Canvas", "EVA", "Polyester"]), SIZE],
        ["BSCI", "REACH"],
        [("鞋业", "Footwear"), ("箱包", "Bags & Luggage")],
    ),
    "gifts-crafts": Top(
        [PCS, SETS, BOXES],
        (0.2, 40),
        [500, 1000, 3000],
        [(*MATERIAL, ["Glass", "Ceramic", "Paper", "Resin", "Wood"]), COLOUR],
        ["EN 71", "SEDEX"],
        [("礼品", "Gifts"), ("工艺品", "Crafts")],
    ),
    "beauty-personal-care": Top(
        [PCS, BOXES],
        (0.4, 45),
        [1000, 3000, 5000],
        [("容量", "Volume", ["30 ml", "100 ml", "500 ml"]), VOLTAGE],
        ["GMPC", "ISO 22716", "CE"],
        [("化妆品", "Cosmetics"), ("个人护理", "Personal Care")],
    ),
    "packaging-printing": Top(
        [PCS, ROLLS],
        (0.01, 3),
        [5000, 10000, 50000],
        [(*MATERIAL, ["Kraft paper", "Corrugated board", "PET", "Coated paper"]), ("印刷", "Print", ["CMYK"])],
        ["FSC", "ISO 9001"],
        [("包装", "Packaging"), ("印刷", "Printing")],
    ),
    "energy-environment": Top(
        [PCS, SETS],
        (0.3, 5200),
        [10, 50, 100, 1000],
        [("功率", "Rated power", ["550 W", "3 kW", "5 kW", "10 kW"]), VOLTAGE],
        ["TUV", "CE, IEC 61215", "UN38.3", "NSF"],
        [("新能源", "New Energy"), ("环保设备", "Environmental Equipment"), ("光伏", "Solar")],
    ),
    "minerals-metallurgy": Top(
        [TONS, KG],
        (450, 9800),
        [1, 5, 25],
        [("标准", "Standard", ["GB", "ASTM", "JIS", "EN"]), ("厚度", "Thickness", ["1.5 mm", "3 mm", "6 mm"])],
        ["ISO 9001", "SGS", "Mill test certificate"],
        [("钢铁", "Steel"), ("金属材料", "Metals"), ("冶金", "Metallurgy")],
        "metals",
    ),
}
DEFAULT_TOP = Top([PCS], (1, 100), [100, 500], [COLOUR], ["ISO 9001"], [("实业", "Industrial")])

# Districts of the city: division code -> company name prefix (zh, en), address (zh, en).
DISTRICTS = {
    "330203": ("宁波海曙", "Ningbo Haishu", "宁波市海曙区", "Haishu, Ningbo"),
    "330205": ("宁波江北", "Ningbo Jiangbei", "宁波市江北区", "Jiangbei, Ningbo"),
    "330206": ("宁波北仑", "Ningbo Beilun", "宁波市北仑区", "Beilun, Ningbo"),
    "330211": ("宁波镇海", "Ningbo Zhenhai", "宁波市镇海区", "Zhenhai, Ningbo"),
    "330212": ("宁波鄞州", "Ningbo Yinzhou", "宁波市鄞州区", "Yinzhou, Ningbo"),
    "330213": ("宁波奉化", "Ningbo Fenghua", "宁波市奉化区", "Fenghua, Ningbo"),
    "330281": ("余姚", "Yuyao", "余姚市", "Yuyao"),
    "330282": ("慈溪", "Cixi", "慈溪市", "Cixi"),
    "330225": ("象山", "Xiangshan", "象山县", "Xiangshan"),
    "330226": ("宁海", "Ninghai", "宁海县", "Ninghai"),
}
BRANDS = [
    ("华宇", "Huayu"), ("恒力", "Hengli"), ("东海", "Donghai"), ("明光", "Mingguang"), ("金盾", "Jindun"),
    ("永固", "Yonggu"), ("鑫达", "Xinda"), ("瑞丰", "Ruifeng"), ("天成", "Tiancheng"), ("海天", "Haitian"),
    ("宏盛", "Hongsheng"), ("博远", "Boyuan"), ("润泽", "Runze"), ("嘉禾", "Jiahe"), ("新锐", "Xinrui"),
    ("中联", "Zhonglian"), ("佳美", "Jiamei"), ("凯达", "Kaida"), ("正宏", "Zhenghong"), ("联丰", "Lianfeng"),
    ("三星港", "Sanxinggang"), ("四明", "Siming"), ("甬兴", "Yongxing"), ("宁丰", "Ningfeng"), ("和顺", "Heshun"),
    ("兴业", "Xingye"), ("长荣", "Changrong"), ("华达", "Huada"), ("金鹰", "Jinying"), ("银河", "Yinhe"),
    ("汇通", "Huitong"), ("大洋", "Dayang"), ("富士达", "Fushida"), ("百盛", "Baisheng"), ("精诚", "Jingcheng"),
    ("远航", "Yuanhang"), ("信达", "Xinda Trust"), ("鼎力", "Dingli"), ("万向", "Wanxiang"), ("卓越", "Zhuoyue"),
]  # fmt: skip
KINDS = [("制造", "Manufacturing"), ("科技", "Technology"), ("实业", "Industrial"), ("进出口", "Import & Export")]
STREETS = [
    ("科创路", "Kechuang Road"), ("兴业路", "Xingye Road"), ("明州路", "Mingzhou Road"), ("工业大道", "Industrial Ave"),
    ("滨海路", "Binhai Road"), ("创业路", "Chuangye Road"), ("望春路", "Wangchun Road"), ("开发路", "Kaifa Road"),
]  # fmt: skip
MARKETS = [
    ("欧盟、北美", "EU, North America"),
    ("东南亚、中东", "Southeast Asia, Middle East"),
    ("日本、韩国", "Japan, Korea"),
    ("南美、非洲", "South America, Africa"),
    ("澳大利亚、新西兰", "Australia, New Zealand"),
    ("俄罗斯、中亚", "Russia, Central Asia"),
]
PORTS = [(port_code(en), en, zh) for en, zh in
         [("Ningbo", "宁波"), ("Ningbo", "宁波"), ("Ningbo-Zhoushan", "宁波舟山"), ("Shanghai", "上海")]]  # fmt: skip
FEATURES = [
    ("质量稳定", "stable quality"),
    ("交货及时", "on-time delivery"),
    ("通过出口质检", "passes export inspection"),
    ("可提供样品", "samples available"),
    ("出口包装牢固", "sturdy export packing"),
    ("支持贴牌", "private label welcome"),
]
PACKING = [("纸箱", "Carton"), ("托盘", "Pallet"), ("彩盒", "Colour box"), ("木箱", "Wooden case")]
PACKING_CHOICES = [(zh, en, _spec_json("包装", "Packaging", en)) for zh, en in PACKING]
ORIGIN_JSON = _spec_json("产地", "Origin", "Ningbo, Zhejiang")
STAFF_SIZES = ["11-50", "51-200", "201-500", "501-1000", "1000+"]
TIER_WEIGHTS = {"free": 6, "gold": 3, "premium": 1}
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
LEAD_TIMES = (7, 10, 15, 20, 25, 30, 45, 60)
YEAR = 365 * 86400

PRODUCT_COLUMNS = (
    "id", "organization_id", "category_id", "sku", "slug", "status", "original_language",
    "title_zh", "title_en", "description_zh", "description_en", "keywords_zh", "keywords_en", "specs",
    "moq", "moq_unit", "price_min", "price_max", "currency", "price_negotiable", "fob_port", "lead_time_days",
    "hs_code", "certifications", "views", "created_at", "updated_at", "submitted_at", "published_at", "cover",
)  # fmt: skip
IMAGE_COLUMNS = ("id", "product_id", "key", "position", "width", "height", "thumbs", "alt_zh", "alt_en")
JSON_PRODUCT = (PRODUCT_COLUMNS.index("specs"), PRODUCT_COLUMNS.index("cover"))
JSON_IMAGE = (IMAGE_COLUMNS.index("thumbs"),)
TOUCHED_TABLES = ("organizations", "exhibitor_profiles", "booths", "products", "product_images")


# ---------------------------------------------------------------- helpers


def allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` into len(weights) counts proportional to the weights, each at least 1 when
    there is enough to go round; returns the boundaries (len(weights) + 1 cumulative offsets)."""
    k = len(weights)
    floor = 1 if total >= k else 0
    rest = total - floor * k
    wsum = sum(weights) or 1.0
    bounds, acc = [0], 0.0
    for i, w in enumerate(weights):
        acc += w
        bounds.append(floor * (i + 1) + round(rest * acc / wsum))
    bounds[-1] = total
    return bounds


class _Leaf:
    """A leaf category with its precomputed title templates (slugs computed once here)."""

    def __init__(self, cat_id: int, slug: str, name_zh: str, name_en: str, top_slug: str, hs: str, rng):
        self.id, self.slug, self.top_slug = cat_id, slug, top_slug
        self.top = TOPS.get(top_slug, DEFAULT_TOP)
        nouns = NOUNS.get(slug) or [(f"{name_zh}产品", f"{(name_en or slug).lower()} product")]
        self.nouns = nouns
        self.templates = []  # (zh prefix, en prefix, en slug prefix, zh slug prefix, noun zh, noun en)
        for adj_zh, adj_en in ADJECTIVES:
            for noun_zh, noun_en in nouns:
                zh, en = f"{adj_zh}{noun_zh}", f"{adj_en} {noun_en}"
                en_slug, zh_slug = slugify(en, max_length=200), slugify(zh, max_length=200)
                self.templates.append((zh, en, en_slug, zh_slug, noun_zh, noun_en))
        prefixes = [p for p in (hs or "").replace(" ", "").split(",") if p.isdigit()] or ["9999"]
        digits = "0123456789"
        self.hs_codes = [(p + "".join(rng.choice(digits) for _ in range(8)))[:8] for p in prefixes for _ in range(3)]
        self.keywords_zh = name_zh or ""
        self.keywords_en = (name_en or slug).lower()


def _slug_tail(prefix: str, model: str, suffix: str = "") -> str:
    """slugify(prefix-title + model) without pypinyin: the prefix slug is precomputed."""
    slug = f"{prefix}-{model.lower()}{suffix}"
    if len(slug) > 80:  # same truncation as core.text.slugify
        slug = slug[:80].rsplit("-", 1)[0] or slug[:80]
    return slug


def _leaves(rng: random.Random) -> list[_Leaf]:
    rows = db.session.execute(
        select(
            Category.id, Category.parent_id, Category.slug, Category.name_zh, Category.name_en, Category.hs_prefixes
        ).order_by(Category.depth, Category.position, Category.id)
    ).all()
    by_id = {r.id: r for r in rows}
    parents = {r.parent_id for r in rows if r.parent_id is not None}

    def top_of(row):
        seen = 0
        while row.parent_id is not None and seen < 10:
            row, seen = by_id[row.parent_id], seen + 1
        return row.slug

    leaves = [r for r in rows if r.id not in parents]
    leaves.sort(key=lambda r: (top_of(r), r.id))
    return [_Leaf(r.id, r.slug, r.name_zh, r.name_en, top_of(r), r.hs_prefixes, rng) for r in leaves]


def _image_pool(size: int, rng: random.Random) -> list[tuple[str, dict]]:
    """``size`` real JPEGs (the demo's drawings) with thumbnails: [(key, thumbs)]."""
    from core.media import thumbnails
    from core.storage import get_storage
    from demo.expo import _image

    storage = get_storage()
    pool = []
    for i in range(max(1, size)):
        key = storage.save(io.BytesIO(_image(rng, i)), "products", "jpg")
        pool.append((key, thumbnails(key)))
    return pool


def _reserve_ids(conn, table, count: int) -> list[int]:
    """``count`` fresh primary keys: from the sequence on PostgreSQL, after max(id) elsewhere."""
    if count <= 0:
        return []
    if conn.dialect.name == "postgresql":
        rows = conn.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table.name, "n": count},
        )
        return sorted(r[0] for r in rows)
    start = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
    return list(range(start, start + count))


def _tiers() -> tuple[list[str], list[int]]:
    codes = list(db.session.scalars(select(MemberTier.code)))
    codes = [c for c in TIER_WEIGHTS if c in codes] or codes or ["free"]
    return codes, [TIER_WEIGHTS.get(c, 1) for c in codes]


# ---------------------------------------------------------------- organizations


def _organizations(conn, count: int, leaf_of_org: list[_Leaf], rng: random.Random, now) -> list[dict]:
    """Insert ``count`` verified organizations with profiles and some booths; their rows."""
    taken_codes = set(db.session.scalars(select(Organization.uscc)))
    taken_names = set(db.session.scalars(select(Organization.name_zh)))
    taken_slugs = set(db.session.scalars(select(ExhibitorProfile.slug)))
    tiers, tier_weights = _tiers()
    halls = db.session.execute(select(Hall.id, Hall.exhibition_id, Hall.category_id).order_by(Hall.id)).all()
    top_ids = dict(db.session.execute(select(Category.slug, Category.id).where(Category.parent_id.is_(None))).all())
    divisions = list(DISTRICTS)
    ids = _reserve_ids(conn, Organization.__table__, count)
    orgs, profiles, booths = [], [], []
    for k in range(count):
        leaf = leaf_of_org[k]
        top = leaf.top
        division = divisions[rng.randrange(len(divisions))]
        city_zh, city_en, addr_zh, addr_en = DISTRICTS[division]
        for _attempt in range(50):
            brand_zh, brand_en = BRANDS[rng.randrange(len(BRANDS))]
            trade_zh, trade_en = top.trades[rng.randrange(len(top.trades))]
            kind_zh, kind_en = KINDS[rng.randrange(len(KINDS))]
            name_zh = f"{city_zh}{brand_zh}{trade_zh}{kind_zh}有限公司"
            if name_zh not in taken_names:
                break
        else:  # the combinations of this district and trade are used up: number them
            name_zh = f"{city_zh}{brand_zh}{trade_zh}{kind_zh}第{k + 1}分公司"
        name_en = f"{city_en} {brand_en} {trade_en} {kind_en} Co., Ltd."
        if name_zh.endswith("分公司"):
            name_en = f"{city_en} {brand_en} {trade_en} {kind_en} Co., Ltd. Branch {k + 1}"
        taken_names.add(name_zh)
        code = uscc.generate(rng, division=division)
        while code in taken_codes:
            code = uscc.generate(rng, division=division)
        taken_codes.add(code)
        base = slugify(name_en, max_length=60, fallback=f"exhibitor-{ids[k]}")
        slug, n = base, 2
        while slug in taken_slugs:
            slug, n = f"{base}-{n}", n + 1
        taken_slugs.add(slug)
        street_zh, street_en = STREETS[rng.randrange(len(STREETS))]
        number = rng.randrange(1, 999)
        phone = f"0574-8{rng.randrange(10**6, 10**7)}"
        host = slug if len(slug) <= 40 else slug[:41].rsplit("-", 1)[0]
        email = f"sales@{host}.example.com"
        verified_at = now - timedelta(days=rng.randrange(370, 3000))
        orgs.append(
            {
                "id": ids[k],
                "name_zh": name_zh,
                "name_en": name_en,
                "original_language": "zh",
                "uscc": code,
                "district": division,
                "industry": top.industry,
                "address_zh": f"{addr_zh}{street_zh}{number}号",
                "address_en": f"{number} {street_en}, {addr_en}",
                "website": f"https://www.{host}.example.com",
                "contact_name": None,
                "contact_phone": phone,
                "contact_email": email,
                "status": "verified",
                "verified_at": verified_at,
                "created_at": verified_at - timedelta(days=rng.randrange(1, 30)),
                "updated_at": verified_at,
            }
        )
        markets = MARKETS[rng.randrange(len(MARKETS))]
        certs = top.certs[rng.randrange(len(top.certs))]
        profiles.append(
            {
                "organization_id": ids[k],
                "slug": slug,
                "original_language": "zh",
                "about_zh": f"<p>{name_zh}位于{addr_zh}，专业生产{'、'.join(z for z, _e in leaf.nouns)}，"
                f"产品远销{markets[0]}。工厂通过{certs}认证，欢迎来样定制。</p>",
                "about_en": f"<p>{name_en} makes {', '.join(e for _z, e in leaf.nouns)} in {addr_en}, "
                f"exporting to {markets[1]}. Certified {certs}; OEM and ODM orders welcome.</p>",
                "main_products_zh": "、".join(z for z, _e in leaf.nouns),
                "main_products_en": ", ".join(e for _z, e in leaf.nouns),
                "main_markets_zh": markets[0],
                "main_markets_en": markets[1],
                "year_founded": rng.randrange(1985, 2022),
                "staff_size": STAFF_SIZES[rng.randrange(len(STAFF_SIZES))],
                "certifications": certs,
                "logo_key": None,
                "banner_key": None,
                "gallery": None,
                "tier_code": rng.choices(tiers, tier_weights)[0],
                "public_email": email,
                "public_phone": phone,
                "main_category_id": top_ids.get(leaf.top_slug),
                "status": "published",
                "published_at": verified_at,
                "created_at": verified_at,
                "updated_at": verified_at,
            }
        )
        if halls and k % 3 == 0:  # a third of the exhibitors have a booth
            matching = [h for h in halls if h.category_id == top_ids.get(leaf.top_slug)]
            hall = matching[0] if matching else halls[rng.randrange(len(halls))]
            booths.append(
                {
                    "exhibition_id": hall.exhibition_id,
                    "organization_id": ids[k],
                    "hall_id": hall.id,
                    "status": "approved",
                    "message": None,
                    "reason": None,
                    "decided_by_id": None,
                    "decided_at": verified_at + timedelta(days=2),
                    "created_at": verified_at + timedelta(days=1),
                    "updated_at": verified_at + timedelta(days=2),
                }
            )
    for table, rows in (
        (Organization.__table__, orgs),
        (ExhibitorProfile.__table__, profiles),
        (Booth.__table__, booths),
    ):
        for i in range(0, len(rows), 2000):
            conn.execute(insert(table), rows[i : i + 2000])
    return orgs


# ---------------------------------------------------------------- products


def _product_rows(
    start: int,
    stop: int,
    ids: list[int],
    image_ids: list[int],
    *,
    tag: str,
    leaf_at: Callable[[int], _Leaf],
    org_at: Callable[[int], dict],
    pool: list[tuple[str, str]],
    rng: random.Random,
    now,
) -> Iterator[tuple[tuple, tuple]]:
    """(product row, image row) tuples in PRODUCT_COLUMNS / IMAGE_COLUMNS order; specs and
    thumbs as JSON text, prices as text (what COPY wants; the insert path converts)."""
    rand = rng.random

    def pick(seq):  # rng.choice without its overhead: this loop runs a million times
        return seq[int(rand() * len(seq))]

    for offset, j in enumerate(range(start, stop)):
        leaf, org = leaf_at(j), org_at(j)
        top = leaf.top
        zh, en, en_slug, zh_slug, noun_zh, noun_en = pick(leaf.templates)
        model = f"{pick(LETTERS)}{pick(LETTERS)}-{100 + int(rand() * 9900)}"
        title_zh = f"{zh} {model}型"
        r = rand()
        if r < 0.05:  # Chinese only: slug from the pinyin of the Chinese title
            lang, title_en, slug = "zh", None, _slug_tail(zh_slug, model, "-xing")
        else:
            lang, title_en, slug = ("en" if r > 0.92 else "zh"), f"{en} {model}", _slug_tail(en_slug, model)
        unit, unit_en, unit_zh = pick(top.units)
        moq = pick(top.moqs)
        lead = pick(LEAD_TIMES)
        port, port_en, port_zh = pick(PORTS)
        f1, f2 = pick(FEATURES), pick(FEATURES)
        pack_zh, pack_en, pack_json = pick(PACKING_CHOICES)
        spec_values = [pick(choices) for choices in top.spec_choices]
        material = next((v for name_zh, v, _j in spec_values if name_zh == "材质"), None)
        specs = (
            f'[{{"name": "Model", "name_zh": "型号", "name_en": "Model", "value": "{model}"}}, '
            + ", ".join(j for _z, _v, j in spec_values)
            + f", {pack_json}, {ORIGIN_JSON}]"
        )
        low, high = top.price
        if rand() < 0.06:
            price_min = price_max = None
            negotiable = True
        else:
            cents = max(1, int(low * (high / low) ** rand() * 100))
            price_min = cents
            price_max = int(cents * (1.1 + rand())) if rand() < 0.8 else cents
            negotiable = rand() < 0.1
        currency = "CNY" if rand() < 0.08 else "USD"
        if currency == "CNY" and price_min is not None:
            price_min, price_max = price_min * 7, price_max * 7
        description_zh = (
            f"<p>{org['name_zh']}出品的{noun_zh}，型号{model}"
            + (f"，材质{material}" if material else "")
            + f"。{f1[0]}，{f2[0]}，支持OEM/ODM定制。</p>"
            f"<ul><li>最小起订量：{moq}{unit_zh}</li><li>交货期：{lead}天</li>"
            f"<li>包装：{pack_zh}，{port_zh}港离岸</li></ul>"
        )
        description_en = (
            None
            if title_en is None or rand() < 0.06
            else (
                f"<p>{en} {model} from {org['name_en'].rstrip('.')}"
                + (f", made of {material}" if material else "")
                + f". {f1[1].capitalize()}, {f2[1]}; OEM/ODM orders welcome.</p>"
                f"<ul><li>Minimum order: {moq} {unit_en}</li><li>Lead time: {lead} days</li>"
                f"<li>Packing: {pack_en.lower()}, FOB {port_en}</li></ul>"
            )
        )
        published = now - timedelta(seconds=int(rand() * YEAR))
        submitted = published - timedelta(seconds=600 + int(rand() * 172_800))
        created = submitted - timedelta(seconds=int(rand() * 864_000))
        image_key, thumbs, cover = pool[j % len(pool)]
        product = (
            ids[offset],
            org["id"],
            leaf.id,
            f"{tag}-{j:07d}",
            slug,
            "published",
            lang,
            title_zh,
            title_en,
            description_zh,
            description_en,
            f"{noun_zh},{leaf.keywords_zh}",
            None if title_en is None else f"{noun_en}, {leaf.keywords_en}",
            specs,
            moq,
            unit,
            None if price_min is None else f"{price_min // 100}.{price_min % 100:02d}",
            None if price_max is None else f"{price_max // 100}.{price_max % 100:02d}",
            currency,
            negotiable,
            port,
            lead,
            pick(leaf.hs_codes),
            pick(top.certs),
            int(rng.expovariate(1 / 120)),
            created,
            published,
            submitted,
            published,
            cover,
        )
        image = (image_ids[offset], ids[offset], image_key, 0, IMAGE_SIZE, IMAGE_SIZE, thumbs, title_zh, title_en)
        yield product, image


def _copy(raw, table: str, columns: Sequence[str], rows) -> None:
    with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _as_dicts(rows, columns: Sequence[str], json_indexes: Sequence[int], numeric: Sequence[int] = ()) -> list[dict]:
    out = []
    for row in rows:
        values = list(row)
        for i in json_indexes:
            values[i] = json.loads(values[i]) if values[i] is not None else None
        for i in numeric:
            values[i] = None if values[i] is None else float(values[i])
        out.append(dict(zip(columns, values, strict=True)))
    return out


def generate_products(
    n: int,
    *,
    seed: int = 1,
    batch: int = 10_000,
    progress: Progress | None = None,
    image_pool: int = 50,
    method: str | None = None,
) -> int:
    """Add ``n`` published products (plus their organizations, profiles, booths, image rows).

    ``progress(done, n)`` is called after every batch. ``method`` is ``"copy"`` (PostgreSQL with
    psycopg 3 only, the default there) or ``"insert"`` (executemany; the default elsewhere).
    ``image_pool`` real images are made for the products to share. Commits as it goes (a
    transaction per 100,000 products); returns the number of products added.
    """
    from marketplace.catalog.tree import load_categories

    if n <= 0:
        return 0
    load_categories()
    db.session.commit()
    conn = db.session.connection()
    dialect = conn.dialect.name
    can_copy = dialect == "postgresql" and conn.dialect.driver == "psycopg"  # cursor.copy() is psycopg 3's
    method = method or ("copy" if can_copy else "insert")
    if method == "copy" and not can_copy:
        raise ValueError("method='copy' needs PostgreSQL through psycopg 3")
    run = (db.session.scalar(select(func.max(Organization.id))) or 0) + 1
    tag = f"BK{run}"
    rng = random.Random(f"tradewindow-bulk-{seed}-{run}")
    now = utcnow()

    leaves = _leaves(rng)
    leaf_bounds = allocate(n, [rng.uniform(0.3, 3.0) for _ in leaves])
    n_orgs = max(1, math.ceil(n / PRODUCTS_PER_ORG))
    org_bounds = allocate(n, [rng.lognormvariate(0, 0.7) for _ in range(n_orgs)])

    def leaf_index(j: int) -> int:
        lo, hi = 0, len(leaves) - 1
        while lo < hi:  # the last leaf whose block starts at or before j
            mid = (lo + hi + 1) // 2
            if leaf_bounds[mid] <= j:
                lo = mid
            else:
                hi = mid - 1
        return lo

    leaf_of_org = [leaves[leaf_index(org_bounds[k])] for k in range(n_orgs)]
    orgs = _organizations(conn, n_orgs, leaf_of_org, rng, now)
    # Each pooled image with its thumbnails, and the card's cover (alt texts fall back to titles).
    pool = [
        (key, json.dumps(thumbs), json.dumps({"key": key, "thumbs": thumbs, "width": IMAGE_SIZE,
                                              "height": IMAGE_SIZE, "alt_zh": None, "alt_en": None}))
        for key, thumbs in _image_pool(min(image_pool, n), rng)
    ]  # fmt: skip
    db.session.commit()

    # Position j -> leaf and org, walked in order with cursors (both partitions are contiguous).
    state = {"leaf": 0, "org": 0}

    def leaf_at(j: int) -> _Leaf:
        while leaf_bounds[state["leaf"] + 1] <= j:
            state["leaf"] += 1
        return leaves[state["leaf"]]

    def org_at(j: int) -> dict:
        while org_bounds[state["org"] + 1] <= j:
            state["org"] += 1
        return orgs[state["org"]]

    done = 0
    since_commit = 0
    product_table, image_table = Product.__table__, ProductImage.__table__
    numeric = (PRODUCT_COLUMNS.index("price_min"), PRODUCT_COLUMNS.index("price_max"))
    while done < n:
        size = min(batch, n - done)
        conn = db.session.connection()
        ids = _reserve_ids(conn, product_table, size)
        image_ids = _reserve_ids(conn, image_table, size)
        rows = _product_rows(
            done, done + size, ids, image_ids, tag=tag, leaf_at=leaf_at, org_at=org_at, pool=pool, rng=rng, now=now
        )
        images = []
        if method == "copy":
            raw = conn.connection.driver_connection

            def products_only(rows=rows, images=images):
                for product, image in rows:
                    images.append(image)
                    yield product

            _copy(raw, "products", PRODUCT_COLUMNS, products_only())
            _copy(raw, "product_images", IMAGE_COLUMNS, images)
        else:
            products = []
            for product, image in rows:
                products.append(product)
                images.append(image)
            conn.execute(insert(product_table), _as_dicts(products, PRODUCT_COLUMNS, JSON_PRODUCT, numeric))
            conn.execute(insert(image_table), _as_dicts(images, IMAGE_COLUMNS, JSON_IMAGE))
        done += size
        since_commit += size
        if since_commit >= COMMIT_EVERY or done >= n:
            db.session.commit()
            since_commit = 0
        if progress is not None:
            progress(done, n)
    if dialect == "postgresql":
        # VACUUM (ANALYZE) rather than ANALYZE: planner statistics, and also hint bits and the
        # visibility map set now, so autovacuum does not crawl the new gigabyte during a benchmark
        # and index-only scans work from the first request. VACUUM needs its own autocommit connection.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as maintenance:
            maintenance.execute(text(f"VACUUM (ANALYZE) {', '.join(TOUCHED_TABLES)}"))
    return n


# ---------------------------------------------------------------- buyer requests

REQUESTS_PER_BUYER = 20
# Where most requests go (the rest: any country of i18n.regions), and in what shares.
MAIN_DESTINATIONS = ["US", "DE", "GB", "FR", "AE", "BR", "AU", "JP", "KR", "VN", "MX", "SA", "NL", "IT", "ZA", "CN"]
REQUEST_QUANTITIES = [(200, "pieces"), (500, "pieces"), (1000, "pieces"), (5000, "pieces"), (20000, "pieces"),
                      (300, "sets"), (800, "cartons"), (20, "tons"), (100, "tons"), (10000, "meters")]  # fmt: skip
REQUEST_TERMS = ["FOB", "CIF", "EXW", "FOB", "CFR", "DAP", None]
REQUEST_CERTIFICATIONS = ["CE", "CE, RoHS", "ISO 9001", "UL", "FDA", "SGS", None, None]
BUYER_NAMES = [
    ("Michael", "Carter", "en"), ("Omar", "Haddad", "en"), ("Ana", "Souza", "en"), ("Claire", "Martin", "en"),
    ("Kenji", "Sato", "en"), ("Priya", "Nair", "en"), ("Lukas", "Weber", "en"), ("Sofia", "Rossi", "en"),
    ("静", "王", "zh"), ("志强", "黄", "zh"), ("敏", "李", "zh"), ("伟", "张", "zh"),
]  # fmt: skip
USER_COLUMNS = (
    "id", "email", "password_hash", "full_name", "company_name", "country", "preferred_language",
    "account_type", "email_verified_at", "active", "created_at", "updated_at",
)  # fmt: skip
REQUEST_COLUMNS = (
    "id", "buyer_id", "language", "title", "details", "category_id", "quantity", "unit", "target_price",
    "currency", "country", "trade_term", "certifications", "deadline", "quotes_count", "closed_at",
    "close_reason", "status", "submitted_at", "published_at", "created_at", "updated_at",
)  # fmt: skip
DAY = 86400


def _buyer_rows(ids: list[int], tag: str, countries: list[str], rng: random.Random, now) -> list[tuple]:
    """Buyer accounts in USER_COLUMNS order, all with one password (the demo's)."""
    from core.accounts.services import hash_password
    from demo.accounts import DEMO_PASSWORD

    password_hash = hash_password(DEMO_PASSWORD)
    rows = []
    for k, user_id in enumerate(ids):
        given, family, lang = BUYER_NAMES[k % len(BUYER_NAMES)]
        country = "CN" if lang == "zh" else countries[int(rng.random() * len(countries))]
        name = f"{family}{given}" if lang == "zh" else f"{given} {family}"
        company = f"{family}{given}贸易有限公司" if lang == "zh" else f"{family} Trading {k + 1}"
        joined = now - timedelta(seconds=YEAR + int(rng.random() * YEAR))
        rows.append((user_id, f"buyer{k + 1}@{tag.lower()}.buyers.example", password_hash, name, company,
                     country, lang, "buyer", joined, True, joined, joined))  # fmt: skip
    return rows


def _request_rows(
    start: int, ids: list[int], *, buyers: list[int], leaves: list[_Leaf], countries: list[str], rng, now
) -> Iterator[tuple]:
    """Published requests in REQUEST_COLUMNS order (prices as text, what COPY wants)."""
    from demo.sourcing import DETAILS_EN, DETAILS_ZH, TITLES_EN, TITLES_ZH

    rand = rng.random
    today = now.date()

    def pick(seq):
        return seq[int(rand() * len(seq))]

    for offset, request_id in enumerate(ids):
        j = start + offset
        leaf = leaves[j % len(leaves)]
        noun_zh, noun_en = pick(leaf.nouns)
        adj_zh, adj_en = pick(ADJECTIVES)
        quantity, unit = pick(REQUEST_QUANTITIES)
        quantity *= 1 + int(rand() * 4)
        country = pick(MAIN_DESTINATIONS) if rand() < 0.7 else pick(countries)
        term = pick(REQUEST_TERMS)
        if j % 2 == 0:  # alternate languages: half the requests are written in Chinese
            lang = "zh"
            title = pick(TITLES_ZH).format(adj=adj_zh, noun=noun_zh, quantity=quantity, unit=unit_name(unit, "zh"))
            details = DETAILS_ZH.format(term=term or "FOB")
        else:
            lang = "en"
            title = pick(TITLES_EN).format(adj=adj_en, noun=noun_en, quantity=f"{quantity:,}", unit=unit,
                                           country=country)  # fmt: skip
            title = title[0].upper() + title[1:]  # "Gate valve, 5,000 pieces"
            details = DETAILS_EN.format(term=term or "FOB")
        # Posted over the last year (360 days, so an open one's deadline is at most a year after it).
        published = now - timedelta(seconds=int(rand() * 360 * DAY))
        age = (today - published.date()).days
        quotes, closed_at, close_reason = 0, None, None
        r = rand()
        if r < 0.12 and age > 8:  # the deadline passed: closed without a write
            deadline = published.date() + timedelta(days=7 + int(rand() * (age - 8)))
        else:  # open: due between tomorrow and half a year away, within a year of posting
            latest = min(365 - age, 180)
            deadline = today + timedelta(days=1 + int(rand() * latest))
            if r > 0.97:
                closed_at, close_reason = published + timedelta(seconds=int(rand() * max(age, 1) * DAY)), "buyer"
        if rand() < 0.1:
            quotes = 1 + int(rand() * 5)
        elif rand() < 0.01:
            quotes, closed_at, close_reason = MAX_QUOTES, published + timedelta(days=2), "quotes"
        if closed_at is not None and closed_at > now:
            closed_at = now
        price = None if rand() < 0.5 else pick(("2.50", "12.00", "48.00", "150.00", "0.85"))
        updated = closed_at or published
        yield (
            request_id,
            buyers[j // REQUESTS_PER_BUYER % len(buyers)],
            lang,
            title[:200],
            details,
            leaf.id,
            quantity,
            unit,
            price,
            "USD",
            country,
            term,
            pick(REQUEST_CERTIFICATIONS),
            deadline,
            quotes,
            closed_at,
            close_reason,
            "published",
            published - timedelta(seconds=600 + int(rand() * 86_400)),
            published,
            published - timedelta(seconds=3600 + int(rand() * 172_800)),
            updated,
        )


def generate_requests(
    n: int, *, seed: int = 1, batch: int = 10_000, progress: Progress | None = None, method: str | None = None
) -> int:
    """Add ``n`` published buyer requests, from ``n / 20`` new buyer accounts.

    Bilingual (every other one is in Chinese), over every leaf category and many destination
    countries, posted over the last year; most are open (deadline ahead), about one in eight is
    past its deadline, a few were closed by their buyer or with their tenth quote, about one in
    ten has quotes (a count only: no quote rows). ``method`` as for ``generate_products``.
    Commits as it goes; returns the number of requests added.
    """
    from i18n.regions import country_codes
    from marketplace.catalog.tree import load_categories

    if n <= 0:
        return 0
    load_categories()
    db.session.commit()
    conn = db.session.connection()
    dialect = conn.dialect.name
    can_copy = dialect == "postgresql" and conn.dialect.driver == "psycopg"
    method = method or ("copy" if can_copy else "insert")
    if method == "copy" and not can_copy:
        raise ValueError("method='copy' needs PostgreSQL through psycopg 3")
    run = (db.session.scalar(select(func.max(User.id))) or 0) + 1
    tag = f"RQ{run}"  # buyers' e-mail addresses are new on every call
    rng = random.Random(f"tradewindow-requests-{seed}-{run}")
    now = utcnow()
    leaves = _leaves(rng)
    countries = sorted(country_codes())

    user_table, request_table = User.__table__, BuyerRequest.__table__
    buyer_ids = _reserve_ids(conn, user_table, max(1, math.ceil(n / REQUESTS_PER_BUYER)))
    buyers = _buyer_rows(buyer_ids, tag, countries, rng, now)
    for i in range(0, len(buyers), 2000):
        conn.execute(insert(user_table), [dict(zip(USER_COLUMNS, row, strict=True)) for row in buyers[i : i + 2000]])
    db.session.commit()

    done = 0
    while done < n:
        size = min(batch, n - done)
        conn = db.session.connection()
        ids = _reserve_ids(conn, request_table, size)
        rows = _request_rows(done, ids, buyers=buyer_ids, leaves=leaves, countries=countries, rng=rng, now=now)
        if method == "copy":
            _copy(conn.connection.driver_connection, "buyer_requests", REQUEST_COLUMNS, rows)
        else:
            price = (REQUEST_COLUMNS.index("target_price"),)
            conn.execute(insert(request_table), _as_dicts(rows, REQUEST_COLUMNS, (), price))
        done += size
        db.session.commit()
        if progress is not None:
            progress(done, n)
    if dialect == "postgresql":  # see generate_products
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as maintenance:
            maintenance.execute(text("VACUUM (ANALYZE) users, buyer_requests"))
    return n


# ---------------------------------------------------------------- portal publications

# What the bureau's items are about (zh, en). English reads after "the ... of".
PORTAL_SUBJECTS = [
    ("外贸", "foreign trade"), ("跨境电商", "cross-border e-commerce"), ("外商投资", "foreign investment"),
    ("服务贸易", "trade in services"), ("会展业", "the exhibition industry"), ("数字贸易", "digital trade"),
    ("内外贸一体化", "domestic and foreign trade integration"), ("海外仓", "overseas warehouses"),
    ("进口贸易", "import trade"), ("保税物流", "bonded logistics"), ("消费", "consumption"),
    ("外贸综合服务企业", "foreign trade service companies"),
]  # fmt: skip
PORTAL_ACTIONS = [("促进", "Promoting"), ("支持", "Supporting"), ("加快", "Accelerating"), ("推动", "Advancing"),
                  ("规范", "Regulating"), ("优化", "Improving")]  # fmt: skip
PORTAL_GOALS = [("高质量发展", "high-quality development"), ("稳规模优结构", "steady growth"),
                ("创新发展", "innovative development"), ("提质增效", "quality and efficiency")]  # fmt: skip
# A policy document's form: (zh, short zh for "本…", English head of the title, short English).
POLICY_FORMS = [
    ("若干意见", "意见", "Opinions on", "Opinions"),
    ("实施办法", "办法", "Implementing Measures for", "Measures"),
    ("若干政策措施", "措施", "Policy Measures for", "Measures"),
    ("管理办法", "办法", "Administrative Measures for", "Measures"),
    ("实施细则", "细则", "Detailed Rules for", "Rules"),
    ("三年行动方案", "方案", "Three-year Action Plan for", "Plan"),
]
PORTAL_MEASURES = [
    ("开拓国际市场", "international market development"), ("参加境外展会", "overseas trade fairs"),
    ("建设海外仓", "overseas warehouses"), ("培育自主品牌", "brand building"),
    ("数字化转型", "digital transformation"), ("引进专业人才", "talent attraction"),
    ("融资支持", "financing"), ("出口信用保险", "export credit insurance"),
]  # fmt: skip
LEGAL_BASES = [("《中华人民共和国对外贸易法》", "the Foreign Trade Law"),
               ("《中华人民共和国外商投资法》", "the Foreign Investment Law"),
               ("《浙江省人民政府关于促进外贸稳规模优结构的若干意见》",
                "the Zhejiang Provincial Government's opinions on foreign trade")]  # fmt: skip
CITY_ISSUERS = [("宁波市商务局", "Ningbo Municipal Bureau of Commerce"),
                ("宁波市人民政府办公厅", "General Office of Ningbo Municipal People's Government"),
                ("宁波市商务局 宁波市财政局", "Ningbo Bureaus of Commerce and of Finance")]  # fmt: skip
CITY_DOC_PREFIXES = ("甬商务", "甬商务", "甬商务规", "甬政办发")
DISTRICT_DOC_PREFIXES = {"beilun": "仑商务", "yinzhou": "鄞商务"}  # others: the first two characters
APPROVAL_ITEMS = [
    ("对外贸易经营者备案", "foreign trade operator registration"),
    ("外商投资企业设立", "establishment of a foreign-invested enterprise"),
    ("对外劳务合作经营资格", "overseas labour cooperation licence"),
    ("成品油零售经营资格", "refined oil retail licence"),
    ("单用途预付卡发卡企业备案", "prepaid card issuer registration"),
    ("拍卖企业设立", "establishment of an auction company"),
]
NOTICE_PROGRAMS = [
    ("专项资金", "special fund"), ("示范企业认定", "model enterprise recognition"),
    ("境外展会补贴", "overseas trade fair subsidies"), ("业务培训", "training"), ("统计调查", "statistical survey"),
]  # fmt: skip
GUIDE_ITEMS = [
    ("对外贸易经营者备案登记", "Registration of foreign trade operators"),
    ("外商投资企业信息报告", "Information reports of foreign-invested enterprises"),
    ("中小企业国际市场开拓资金申报", "Applying for the SME market development fund"),
    ("自由类技术进出口合同登记", "Registration of technology import and export contracts"),
    ("原产地证书申领", "Applying for certificates of origin"),
    ("加工贸易业务核准", "Approval of processing trade"),
    ("成品油零售经营资格审批", "Refined oil retail licence"),
    ("报废机动车回收企业资质认定", "End-of-life vehicle recyclers"),
]
PROJECT_TYPES = [("产业园", "industrial park"), ("智能制造基地", "smart manufacturing base"),
                 ("研发中心", "R&D centre"), ("物流枢纽", "logistics hub"), ("总部经济", "headquarters")]  # fmt: skip
NEWS_EVENTS = [("召开", "holds", "座谈会", "forum"), ("举办", "hosts", "专题培训", "workshop"),
               ("组织", "leads", "境外经贸洽谈", "trade mission"),
               ("召开", "holds", "工作推进会", "progress meeting")]  # fmt: skip
# Shares of the kinds (about 40 % policies) and of the policies' validity.
PUBLICATION_KINDS = (("policy", 40), ("notice", 18), ("announcement", 12), ("news", 14), ("guide", 8), ("project", 8))
POLICY_VALIDITY = (("in_force", 84), ("expired", 9), ("repealed", 7))
INTERPRETATION_SHARE = 0.15
PUBLICATION_COLUMNS = (
    "id", "kind", "unit_id", "slug", "status", "original_language", "title_zh", "title_en", "summary_zh",
    "summary_en", "body_zh", "body_en", "details", "industries", "districts", "doc_number", "validity",
    "effective_on", "expires_on", "deadline", "version", "created_at", "updated_at", "submitted_at", "published_at",
)  # fmt: skip


def _weighted(pairs) -> list:
    """A list to pick from uniformly in which each value appears its weight times."""
    return [value for value, weight in pairs for _ in range(weight)]


class _PublicationWriter:
    """Makes publication rows (PUBLICATION_COLUMNS order) from the word lists above."""

    def __init__(self, units: list[tuple[int, str, str, str | None, str | None, str | None]], rng, now):
        self.rng, self.rand, self.now = rng, rng.random, now
        self.units = units  # (id, slug, kind, name_zh, name_en, district)
        # Departments publish more than district bureaus; the foreign trade division most.
        self.unit_pick = _weighted((u, 4 if u[1] == "foreign-trade" else 1 if u[2] == "district" else 2) for u in units)
        self.kinds = _weighted(PUBLICATION_KINDS)
        self.validity = _weighted(POLICY_VALIDITY)
        self.industry_codes = list(INDUSTRIES)
        self.district_codes = list(DISTRICTS)
        self.taken_numbers = set(
            db.session.scalars(select(Publication.doc_number).where(Publication.doc_number.is_not(None)))
        )
        self.next_number: dict[tuple[str, int], int] = {}
        self.slugs: dict[str, str] = {}

    def pick(self, seq):
        return seq[int(self.rand() * len(seq))]

    def slug(self, title_en: str | None, kind: str) -> str:
        if title_en is None:
            return kind
        found = self.slugs.get(title_en)
        if found is None:
            found = self.slugs[title_en] = slugify(title_en, fallback=kind)
        return found

    def doc_number(self, unit, year: int) -> str:
        if unit[2] == "district":
            prefix = DISTRICT_DOC_PREFIXES.get(unit[1]) or f"{(unit[3] or unit[1])[:2]}商务"
        else:
            prefix = self.pick(CITY_DOC_PREFIXES)
        n = self.next_number.get((prefix, year), 1)
        while (number := f"{prefix}〔{year}〕{n}号") in self.taken_numbers:
            n += 1
        self.next_number[(prefix, year)] = n + 1
        self.taken_numbers.add(number)
        return number

    def issuer(self, unit) -> tuple[str, str]:
        if unit[2] == "district" and unit[3]:
            return unit[3], unit[4] or unit[3]
        return self.pick(CITY_ISSUERS)

    def targets(self, codes: list[str], share: float, most: int) -> str:
        if self.rand() >= share:
            return ""
        chosen = sorted({self.pick(codes) for _ in range(1 + int(self.rand() * most))})
        return "," + ",".join(chosen) + ","

    def row(self, publication_id: int) -> tuple:
        kind = self.pick(self.kinds)
        unit = self.pick(self.unit_pick)
        published = self.now - timedelta(seconds=int(self.rand() * 3 * YEAR))
        submitted = published - timedelta(seconds=3600 + int(self.rand() * 3 * DAY))
        created = submitted - timedelta(seconds=int(self.rand() * 10 * DAY))
        subject_zh, subject_en = self.pick(PORTAL_SUBJECTS)
        industries = districts = ""
        doc_number = validity = effective_on = expires_on = deadline = None
        details: dict | None = None
        made = getattr(self, f"_{kind}")(unit, published, subject_zh, subject_en)
        title_zh, title_en, summary_zh, summary_en, body_zh, body_en, extra = made
        if kind in ("policy", "notice"):  # the targeted kinds
            industries = self.targets(self.industry_codes, 0.45, 3)
            districts = self.targets(self.district_codes, 0.3, 2)
        if kind == "policy":
            details = extra["details"]
            doc_number, validity = extra.get("doc_number"), extra["validity"]
            effective_on, expires_on = extra["effective_on"], extra.get("expires_on")
        elif kind == "notice":
            deadline = extra["deadline"]
        else:
            details = extra.get("details")
        if title_en is None:  # written in Chinese only
            summary_en = body_en = None
        return (
            publication_id, kind, unit[0], self.slug(title_en, kind), "published", "zh", title_zh[:300],
            title_en and title_en[:300], summary_zh, summary_en, body_zh, body_en, details, industries, districts,
            doc_number, validity, effective_on, expires_on, deadline, 1, created, published, submitted, published,
        )  # fmt: skip

    def _articles(self, paragraphs_zh: list[str], paragraphs_en: list[str]) -> tuple[str, str]:
        numerals = "一二三四五六七八九十"
        zh = "".join(f"<p><strong>第{numerals[i]}条</strong>　{p}</p>" for i, p in enumerate(paragraphs_zh))
        en = "".join(f"<p><strong>Article {i + 1}</strong> {p}</p>" for i, p in enumerate(paragraphs_en))
        return zh, en

    def _policy(self, unit, published, subject_zh, subject_en):
        action_zh, action_en = self.pick(PORTAL_ACTIONS)
        goal_zh, goal_en = self.pick(PORTAL_GOALS)
        form_zh, short_zh, form_en, short_en = self.pick(POLICY_FORMS)
        (m1_zh, m1_en), (m2_zh, m2_en) = self.rng.sample(PORTAL_MEASURES, 2)
        basis_zh, basis_en = self.pick(LEGAL_BASES)
        issuer_zh, issuer_en = self.issuer(unit)
        rate, cap, years = self.pick((30, 50, 60)), self.pick((20, 50, 100, 200)), self.pick((2, 3, 5))
        count = 6 + int(self.rand() * 15)
        title_zh = f"关于{action_zh}{subject_zh}{goal_zh}的{form_zh}"
        title_en = f"{form_en} {action_en} the {goal_en} of {subject_en} in Ningbo"
        summary_zh = f"围绕{subject_zh}{goal_zh}，从{m1_zh}、{m2_zh}等方面提出{count}条支持措施。"
        summary_en = f"{count} measures for the {goal_en} of {subject_en}, covering {m1_en} and {m2_en}."
        body_zh, body_en = self._articles(
            [
                f"为{action_zh}{subject_zh}{goal_zh}，根据{basis_zh}等有关规定，结合本市实际，制定本{short_zh}。",
                f"本{short_zh}适用于在本市依法注册、从事{subject_zh}相关业务的企业。",
                f"对在{m1_zh}、{m2_zh}等方面有投入的企业，按实际费用的{rate}%给予支持，单个企业每年最高不超过{cap}万元。",
                f"{issuer_zh}负责本{short_zh}的组织实施，会同财政部门做好资金保障和绩效评价。",
                f"本{short_zh}自印发之日起施行，有效期{years}年。",
            ],
            [
                f"These {short_en} are made to promote the {goal_en} of {subject_en}, under {basis_en} and in light of"
                " the city's conditions.",
                f"They apply to companies registered in Ningbo that work in {subject_en}.",
                f"Companies investing in {m1_en} or {m2_en} receive {rate}% of their costs, up to {cap}0,000 yuan a"
                " year each.",
                f"The {issuer_en} carries them out, with the finance departments.",
                f"They take effect on the day of issue and remain in force for {years} years.",
            ],
        )
        day = published.date()
        extra = {
            "details": {
                "policy_type": "document",
                "issuer_zh": issuer_zh,
                "issuer_en": issuer_en,
                "dated_on": (day - timedelta(days=1 + int(self.rand() * 20))).isoformat(),
            },
            "validity": self.pick(self.validity),
            "effective_on": day,
        }
        if self.rand() < INTERPRETATION_SHARE:  # 解读: explains a document, has no number of its own
            extra["details"]["policy_type"] = "interpretation"
            extra["validity"] = "in_force"
            title_zh, title_en = f"《{title_zh}》政策解读", f"Interpretation of the {title_en}"
        else:
            extra["doc_number"] = self.doc_number(unit, day.year)
        if extra["validity"] == "expired":
            extra["expires_on"] = min(day + timedelta(days=365 * years), self.now.date() - timedelta(days=1))
        elif self.rand() < 0.5:
            extra["expires_on"] = day + timedelta(days=365 * years)
        return title_zh, title_en, summary_zh, summary_en, body_zh, body_en, extra

    def _notice(self, unit, published, subject_zh, subject_en):
        program_zh, program_en = self.pick(NOTICE_PROGRAMS)
        year = published.year
        deadline = published.date() + timedelta(days=15 + int(self.rand() * 45))
        title_zh = f"关于组织开展{year}年度{subject_zh}{program_zh}申报工作的通知"
        title_en = f"Notice on applications for the {year} {subject_en} {program_en}"
        summary_zh = f"请符合条件的企业于{deadline.month}月{deadline.day}日前通过线上系统提交申报材料。"
        summary_en = f"Eligible companies apply online by {deadline:%d %B}."
        body_zh = (
            f"<p>各区（县、市）商务主管部门，各有关企业：</p><p>为做好{year}年度{subject_zh}{program_zh}工作，"
            f"现将有关事项通知如下。申报企业应在本市依法注册，近三年无重大违法违规记录。</p>"
            f"<p>请于{deadline.year}年{deadline.month}月{deadline.day}日前完成申报，逾期不予受理。</p>"
            f"<p>联系电话：0574-8{int(self.rand() * 10**7):07d}</p>"
        )
        body_en = (
            f"<p>To all district commerce bureaus and companies concerned:</p><p>Applications for the {year} "
            f"{subject_en} {program_en} are now open to companies registered in Ningbo without serious violations "
            f"in the last three years.</p><p>Apply by {deadline:%d %B %Y}; late applications are not accepted.</p>"
        )
        return title_zh, title_en, summary_zh, summary_en, body_zh, body_en, {"deadline": deadline}

    def _announcement(self, unit, published, subject_zh, subject_en):
        division = self.pick(self.district_codes)
        city_zh, city_en = DISTRICTS[division][:2]
        brand_zh, brand_en = self.pick(BRANDS)
        kind_zh, kind_en = self.pick(KINDS)
        item_zh, item_en = self.pick(APPROVAL_ITEMS)
        name_zh, name_en = f"{city_zh}{brand_zh}{kind_zh}有限公司", f"{city_en} {brand_en} {kind_en} Co., Ltd."
        decision = "approved" if self.rand() < 0.85 else self.pick(("approved_with_conditions", "refused"))
        decided = published.date() - timedelta(days=1 + int(self.rand() * 5))
        title_zh = f"关于{name_zh}{item_zh}的审批公告"
        title_en = f"Approval announcement: {item_en}, {name_en}"
        summary_zh = f"{name_zh}申请的{item_zh}事项已办结，现予公告。"
        summary_en = f"The application of {name_en} for {item_en} has been decided."
        body_zh = (
            f"<p>根据有关规定，我局对{name_zh}申请的{item_zh}事项进行了审查，现将结果予以公告。</p>"
            "<p>公示期间如有异议，请书面反映。</p>"
        )
        body_en = (
            f"<p>The bureau has examined the application of {name_en} for {item_en} and announces its decision.</p>"
        )
        details = {
            "applicant_name_zh": name_zh,
            "applicant_name_en": name_en,
            "applicant_uscc": uscc.generate(self.rng, division=division),
            "item_zh": item_zh,
            "item_en": item_en,
            "decision": decision,
            "decided_on": decided.isoformat(),
        }
        return title_zh, title_en, summary_zh, summary_en, body_zh, body_en, {"details": details}

    def _guide(self, unit, published, subject_zh, subject_en):
        item_zh, item_en = self.pick(GUIDE_ITEMS)
        days = self.pick((5, 10, 15, 20))
        title_zh, title_en = f"{item_zh}办事指南", f"Service guide: {item_en}"
        summary_zh = f"{item_zh}的办理条件、申请材料、办理流程和时限。"
        summary_en = f"Who may apply for {item_en.lower()}, what to submit, the steps and time limits."
        body_zh = f"<p>本指南适用于{item_zh}事项的申请和办理。申请人可通过浙江政务服务网在线申报，也可到窗口办理。</p>"
        body_en = (
            f"<p>This guide covers {item_en.lower()}. Apply online on the Zhejiang government service site"
            " or at the counter.</p>"
        )
        details = {
            "item_zh": item_zh,
            "item_en": item_en,
            "materials_zh": ["申请表", "营业执照复印件", "法定代表人身份证明"],
            "materials_en": ["Application form", "Copy of the business licence", "ID of the legal representative"],
            "steps_zh": ["网上申报", "窗口受理", "审核", "办结"],
            "steps_en": ["Apply online", "Acceptance", "Review", "Decision"],
            "statutory_days": days,
            "promised_days": max(1, days // 2),
            "fees_zh": "不收费",
            "fees_en": "Free",
        }
        return title_zh, title_en, summary_zh, summary_en, body_zh, body_en, {"details": details}

    def _project(self, unit, published, subject_zh, subject_en):
        division = self.pick(self.district_codes)
        place_zh, place_en = DISTRICTS[division][2], DISTRICTS[division][3]
        sector = self.pick(self.industry_codes)
        type_zh, type_en = self.pick(PROJECT_TYPES)
        amount = self.pick((5000, 20000, 50000, 120000, 300000))
        sector_en = sector.replace("_", " ")
        title_zh, title_en = f"{place_zh}{type_zh}招商项目", f"{type_en.capitalize()} in {place_en} ({sector_en})"
        summary_zh = f"项目位于{place_zh}，总投资约{amount}万元，诚邀国内外投资者洽谈合作。"
        summary_en = f"A project in {place_en} of about {amount:,}0,000 yuan, open to investors from home and abroad."
        body_zh = (
            f"<p>项目位于{place_zh}，交通便利，配套完善。总投资约{amount}万元，拟建设{type_zh}。</p>"
            "<p>合作方式：独资、合资均可。</p>"
        )
        body_en = (
            f"<p>The site in {place_en} is well connected. About {amount:,}0,000 yuan for a {type_en}.</p>"
            "<p>Wholly owned or joint ventures welcome.</p>"
        )
        details = {
            "sector": sector,
            "location_zh": place_zh,
            "location_en": place_en,
            "amount_wan": amount,
            "contact_zh": "招商服务中心 0574-87000000",
            "contact_en": "Investment Service Centre, +86 574 8700 0000",
        }
        return title_zh, title_en, summary_zh, summary_en, body_zh, body_en, {"details": details}

    def _news(self, unit, published, subject_zh, subject_en):
        verb_zh, verb_en, event_zh, event_en = self.pick(NEWS_EVENTS)
        unit_zh, unit_en = unit[3] or "市商务局", unit[4] or "The bureau"
        title_zh = f"{unit_zh}{verb_zh}{subject_zh}{event_zh}"
        title_en = None if self.rand() < 0.2 else f"{unit_en} {verb_en} a {event_en} on {subject_en}"
        count = 20 + int(self.rand() * 180)
        summary_zh = f"{count}家企业代表参加，围绕{subject_zh}交流经验、反映诉求。"
        summary_en = f"{count} companies took part, on {subject_en}."
        body_zh = (
            f"<p>{published.month}月{published.day}日，{unit_zh}{verb_zh}{subject_zh}{event_zh}，"
            f"{count}家企业代表参加。</p><p>会议听取了企业意见建议，并就下一步工作作出部署。</p>"
        )
        body_en = (
            f"<p>On {published:%d %B}, {unit_en} {verb_en} a {event_en} on {subject_en} with {count} companies.</p>"
        )
        return title_zh, title_en, summary_zh, summary_en, body_zh, body_en, {}


def generate_publications(n: int, *, seed: int = 1, batch: int = 2000, progress: Progress | None = None) -> int:
    """Add ``n`` published portal items, then index them.

    About 40 % policies (some interpretations, most in force, some expired or repealed, each
    document with a unique number like 甬商务〔2025〕123号), the rest notices, approval
    announcements, news, service guides and investment projects; bilingual (a fifth of the news in
    Chinese only), over the demo's units (made if missing) and three years of ``published_at``;
    policies and notices name target industries and districts on some. Version 1 without its
    ``PublicationVersion`` row (the page shows "first published" from ``published_at``), no
    author, files or links. Inserted with executemany in batches, each with its search outbox
    rows; the outbox is drained at the end so the finder finds them. Commits as it goes;
    returns the number added.
    """
    from core import search as core_search
    from core.units import Unit
    from demo.portal import _units

    if n <= 0:
        return 0
    _units()
    db.session.commit()
    units = db.session.execute(
        select(Unit.id, Unit.slug, Unit.kind, Unit.name_zh, Unit.name_en, Unit.district).order_by(Unit.id)
    ).all()
    run = (db.session.scalar(select(func.max(Publication.id))) or 0) + 1
    rng = random.Random(f"tradewindow-publications-{seed}-{run}")
    now = utcnow()
    writer = _PublicationWriter([tuple(u) for u in units], rng, now)
    table, outbox = Publication.__table__, core_search.SearchOutbox.__table__
    done = 0
    while done < n:
        size = min(batch, n - done)
        conn = db.session.connection()
        ids = _reserve_ids(conn, table, size)
        rows = [dict(zip(PUBLICATION_COLUMNS, writer.row(i), strict=True)) for i in ids]
        conn.execute(insert(table), rows)
        conn.execute(insert(outbox), [{"doc_type": "publication", "key": str(i), "created_at": now} for i in ids])
        db.session.commit()
        done += size
        if progress is not None:
            progress(done, n)
    if db.engine.dialect.name == "postgresql":  # see generate_products
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as maintenance:
            maintenance.execute(text("VACUUM (ANALYZE) publications"))
    core_search.drain()  # what the outbox holds, as the search.drain job would
    return n
