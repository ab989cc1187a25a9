"""The category tree: 19 top-level export categories, up to three levels, with HS code prefixes.

Reference data every installation needs: ``load_categories()`` inserts what is missing (by slug)
and is run by ``flask catalog load-categories`` and ``flask demo load``.
"""

from __future__ import annotations

# (slug, name_zh, name_en, hs prefixes, children)
TREE = [
    (
        "machinery",
        "机械设备",
        "Machinery",
        "84",
        [
            (
                "pumps-valves",
                "泵与阀门",
                "Pumps and valves",
                "8413,8481",
                [
                    ("centrifugal-pumps", "离心泵", "Centrifugal pumps", "841370", []),
                    ("industrial-valves", "工业阀门", "Industrial valves", "8481", []),
                ],
            ),
            ("agricultural-machinery", "农业机械", "Agricultural machinery", "8432,8433", []),
            ("machine-tools", "机床", "Machine tools", "8456,8457,8458", []),
            ("packaging-machinery", "包装机械", "Packaging machinery", "8422", []),
        ],
    ),
    (
        "electronics",
        "电子电器",
        "Electronics and electrical",
        "85",
        [
            ("consumer-electronics", "消费电子", "Consumer electronics", "8518,8519,8521", []),
            (
                "lighting",
                "照明灯具",
                "Lighting",
                "9405,8539",
                [
                    ("led-lighting", "LED照明", "LED lighting", "940542", []),
                ],
            ),
            ("cables-wires", "电线电缆", "Cables and wires", "8544", []),
            ("electrical-components", "电气元件", "Electrical components", "8536,8537", []),
        ],
    ),
    (
        "textiles-garments",
        "纺织服装",
        "Textiles and garments",
        "50,51,52,53,54,55,56,57,58,59,60,61,62,63",
        [
            (
                "apparel",
                "服装",
                "Apparel",
                "61,62",
                [
                    ("knitwear", "针织服装", "Knitwear", "61", []),
                    ("outerwear", "外套", "Outerwear", "6201,6202", []),
                ],
            ),
            ("fabrics", "面料", "Fabrics", "52,54,55,60", []),
            ("home-textiles", "家用纺织品", "Home textiles", "63", []),
        ],
    ),
    (
        "home-kitchen",
        "家居厨房",
        "Home and kitchen",
        "7323,7615,6911,6912",
        [
            ("small-appliances", "小家电", "Small kitchen appliances", "8509,8516", []),
            ("cookware", "炊具", "Cookware", "7323,7615", []),
            ("tableware", "餐具", "Tableware", "6911,6912,7013", []),
            ("storage", "收纳用品", "Storage and organization", "3924,4202", []),
        ],
    ),
    (
        "auto-parts",
        "汽车配件",
        "Auto parts",
        "8708",
        [
            ("brake-parts", "制动系统", "Brake parts", "870830", []),
            ("engine-parts", "发动机配件", "Engine parts", "8409", []),
            ("car-electronics", "汽车电子", "Car electronics", "8512,8527", []),
        ],
    ),
    (
        "stationery-office",
        "文具办公",
        "Stationery and office supplies",
        "4820,9608,9609",
        [
            ("writing-instruments", "书写工具", "Writing instruments", "9608,9609", []),
            ("paper-products", "纸品", "Paper products", "4820", []),
            ("office-equipment", "办公设备", "Office equipment", "8472", []),
        ],
    ),
    (
        "chemicals-plastics",
        "化工塑料",
        "Chemicals and plastics",
        "28,29,38,39",
        [
            ("plastic-raw-materials", "塑料原料", "Plastic raw materials", "3901,3902,3903", []),
            ("plastic-products", "塑料制品", "Plastic products", "3923,3924,3926", []),
            ("coatings", "涂料", "Paints and coatings", "3208,3209", []),
        ],
    ),
    (
        "agriculture-food",
        "农产品食品",
        "Agricultural products and food",
        "03,07,08,09,16,20",
        [
            (
                "seafood",
                "水产品",
                "Seafood",
                "03,1604",
                [
                    ("frozen-fish", "冷冻鱼", "Frozen fish", "0303", []),
                ],
            ),
            ("tea", "茶叶", "Tea", "0902", []),
            ("fruits-vegetables", "果蔬", "Fruits and vegetables", "07,08", []),
            ("processed-food", "加工食品", "Processed food", "16,19,20,21", []),
        ],
    ),
    (
        "metals-hardware",
        "五金金属",
        "Metals and hardware",
        "72,73,76,82,83",
        [
            ("fasteners", "紧固件", "Fasteners", "7318", []),
            ("hand-tools", "手动工具", "Hand tools", "8203,8204,8205", []),
            ("locks", "锁具", "Locks", "8301", []),
        ],
    ),
    (
        "toys-sports",
        "玩具运动",
        "Toys and sporting goods",
        "95",
        [
            ("toys", "玩具", "Toys", "9503", []),
            ("fitness", "健身器材", "Fitness equipment", "9506", []),
            ("outdoor", "户外用品", "Outdoor and camping", "6306,9506", []),
        ],
    ),
    (
        "medical-health",
        "医疗保健",
        "Medical and health",
        "30,90",
        [
            ("medical-consumables", "医用耗材", "Medical consumables", "3005,9018", []),
            ("personal-protection", "个人防护", "Personal protective equipment", "6307,9020", []),
        ],
    ),
    (
        "building-materials",
        "建材",
        "Building materials",
        "68,69,70",
        [
            ("ceramic-tiles", "瓷砖", "Ceramic tiles", "6907", []),
            ("sanitary-ware", "卫浴洁具", "Sanitary ware", "6910,7324", []),
            ("glass", "建筑玻璃", "Building glass", "7005,7007", []),
        ],
    ),
    (
        "furniture",
        "家具",
        "Furniture",
        "94",
        [
            ("office-furniture", "办公家具", "Office furniture", "9401,9403", []),
            ("outdoor-furniture", "户外家具", "Outdoor furniture", "9401,9403", []),
        ],
    ),
    (
        "shoes-bags",
        "鞋包",
        "Shoes and bags",
        "64,42",
        [
            ("footwear", "鞋类", "Footwear", "64", []),
            ("luggage", "箱包", "Luggage and bags", "4202", []),
        ],
    ),
    (
        "gifts-crafts",
        "礼品工艺品",
        "Gifts and crafts",
        "4420,6913,9505",
        [
            ("festive", "节日用品", "Festive and party supplies", "9505", []),
            ("home-decor", "家居装饰", "Home decor", "6913,4420,7013", []),
        ],
    ),
    (
        "beauty-personal-care",
        "美容个护",
        "Beauty and personal care",
        "33,8510",
        [
            ("cosmetics", "化妆品", "Cosmetics", "3304", []),
            ("hair-care", "美发用品", "Hair care", "3305,8510,8516", []),
        ],
    ),
    (
        "packaging-printing",
        "包装印刷",
        "Packaging and printing",
        "4819,4821,4911",
        [
            ("paper-packaging", "纸包装", "Paper packaging", "4819", []),
            ("labels", "标签", "Labels", "4821", []),
        ],
    ),
    (
        "energy-environment",
        "新能源环保",
        "New energy and environment",
        "8541,8502,8421",
        [
            ("solar", "光伏产品", "Solar products", "854143", []),
            ("batteries", "电池储能", "Batteries and storage", "8506,8507", []),
            ("water-treatment", "水处理", "Water treatment", "842121", []),
        ],
    ),
    (
        "minerals-metallurgy",
        "矿产冶金",
        "Minerals and metallurgy",
        "25,26,72",
        [
            ("steel", "钢材", "Steel", "7208,7210,7213", []),
            ("non-ferrous", "有色金属", "Non-ferrous metals", "74,75,76", []),
        ],
    ),
]


def load_categories() -> int:
    """Insert the categories that are missing; returns how many were added."""
    from sqlalchemy import select

    from core.extensions import db
    from marketplace.catalog.models import Category

    existing = dict(db.session.execute(select(Category.slug, Category.id)).all())
    added = 0

    def walk(nodes, parent_id, depth):
        nonlocal added
        for position, (slug, zh, en, hs, children) in enumerate(nodes):
            if slug not in existing:
                cat = Category(
                    slug=slug,
                    name_zh=zh,
                    name_en=en,
                    hs_prefixes=hs,
                    depth=depth,
                    position=position,
                    parent_id=parent_id,
                    original_language="zh",
                )
                db.session.add(cat)
                db.session.flush()
                existing[slug] = cat.id
                added += 1
            walk(children, existing[slug], depth + 1)

    walk(TREE, None, 0)
    return added
