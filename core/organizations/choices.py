"""Districts of the city and the key industries, with labels in both languages."""

from flask_babel import lazy_gettext as _l

# The districts and counties of the city (区县), by administrative division code.
DISTRICTS = {
    "330203": _l("Haishu District"),
    "330205": _l("Jiangbei District"),
    "330206": _l("Beilun District"),
    "330211": _l("Zhenhai District"),
    "330212": _l("Yinzhou District"),
    "330213": _l("Fenghua District"),
    "330281": _l("Yuyao City"),
    "330282": _l("Cixi City"),
    "330225": _l("Xiangshan County"),
    "330226": _l("Ninghai County"),
}

# The key industries the bureau tracks (重点产业).
INDUSTRIES = {
    "machinery": _l("Machinery and equipment"),
    "electronics": _l("Electronics and electrical"),
    "textiles": _l("Textiles and garments"),
    "home": _l("Home and kitchen"),
    "auto_parts": _l("Auto parts"),
    "stationery": _l("Stationery and office"),
    "chemicals": _l("Chemicals and plastics"),
    "agriculture": _l("Agricultural products and food"),
    "metals": _l("Metals and hardware"),
    "toys": _l("Toys and sporting goods"),
    "medical": _l("Medical and health"),
    "logistics": _l("Logistics and trade services"),
}
