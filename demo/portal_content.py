"""Bilingual demo content of the portal's publishing (政务公开): ``ITEMS``, one dict per item.

What a city commerce bureau (宁波市商务局) and two district bureaus publish: 8 policies (two of them
interpretations, 政策解读; one amended by a later one, one repealed by a later one, one expired, one not yet in
effect), 4 service guides (办事指南) with their forms, 6 notices (通知公告) with attachments, 4 approval
announcements (审批公告), 3 key investment projects (重点招商项目, also in Japanese) and 5 news items with
photos. Chinese, English (and Japanese for projects) are written side by side.

Pure data, no imports, so anything may read it. Dates are relative to the day the demo is loaded:
``published_days_ago`` (or ``scheduled_in_days`` for an item not yet public), ``dated_days_ago``,
``effective_days_ago`` (negative = in the future), ``expires_days_ago``, ``decision_days_ago``,
``deadline_days_from_now`` (negative = passed), and ``days_ago`` in ``withdrawn`` and ``changes``. Texts that
name calendar dates (deadlines, fair dates, 2025/2026 in document numbers) were written for December 2026.
``unit`` is a department or district slug (office, foreign-trade, foreign-investment, ecommerce, market, beilun,
yinzhou); ``industries`` and ``districts`` use the codes of ``core.organizations.choices`` (empty = all).
``interprets``, ``amends`` and ``repeals`` name another item's ``ref``; interpretations have no document number
(``doc_number`` is ""). Bodies and ``conditions_*`` are HTML with only p, br, strong, em, ul, ol, li, h3, h4,
table, thead, tbody, tr, th, td and blockquote, without attributes. Companies, phone numbers, e-mail addresses
and figures are fictional; the laws and regulations cited are real.
"""

from __future__ import annotations

ITEMS = [
    # ==================== Policies (政策法规)
    {
        "ref": "pol-sme-fund-2025",
        "kind": "policy",
        "unit": "foreign-trade",
        "title_zh": "宁波市中小企业国际市场开拓资金管理实施细则",
        "title_en": "Ningbo Implementing Rules for the SME International Market Development Fund",
        "summary_zh": "明确市级中小企业国际市场开拓资金的申请条件、支持内容、支持标准和申报审核程序。",
        "summary_en": (
            "Sets out who may apply for the municipal SME International Market Development Fund, what it supports, "
            "at what rates, and how applications are filed and reviewed."
        ),
        "body_zh": (
            "<p><strong>第一条</strong>　为规范中小企业国际市场开拓资金（以下简称市场开拓资金）管理，"
            "提高资金使用效益，支持我市中小企业开拓国际市场，根据财政部、商务部外经贸发展专项资金管理有关规定，"
            "结合本市实际，制定本细则。</p>"
            "<p><strong>第二条</strong>　本细则所称市场开拓资金，是指市、区（县、市）两级财政安排，"
            "用于支持中小企业开拓国际市场的专项资金。</p>"
            "<p><strong>第三条</strong>　申请市场开拓资金的企业应当同时具备下列条件：（一）在本市依法注册，"
            "具有独立法人资格；（二）上年度海关统计进出口额在6500万美元以下；（三）近三年在外经贸业务、财务、税收、"
            "外汇、海关等管理方面无违法违规行为；（四）有从事国际市场开拓的专业人员。</p>"
            "<p><strong>第四条</strong>　市场开拓资金重点支持下列项目：（一）参加境外展览会；（二）"
            "管理体系认证和产品认证；（三）境外专利申请和商标注册；（四）国际市场宣传推介；（五）境外市场考察。</p>"
            "<p><strong>第五条</strong>　参加境外展览会的，按展位费的50%予以支持，单个项目最高不超过5万元；"
            "其他项目按实际费用的50%予以支持。</p>"
            "<p><strong>第六条</strong>　市场开拓资金实行年度申报。企业向注册地商务主管部门提出申请，经区（县、市）"
            "商务、财政部门初审后，报市商务局、市财政局审核。</p>"
            "<p><strong>第七条</strong>　企业以虚报、冒领等手段骗取资金的，追回已拨付资金，三年内不予受理其申报，"
            "并按规定记入信用记录。</p>"
            "<p><strong>第八条</strong>　本细则由市商务局、市财政局负责解释，自印发之日起施行。</p>"
        ),
        "body_en": (
            "<p><strong>Article 1</strong> These Rules are formulated, in accordance with the provisions of the "
            "Ministry of Finance and the Ministry of Commerce on the administration of the special fund for foreign "
            "economic and trade development and in light of the actual conditions of the city, in order to regulate "
            "the administration of the SME International Market Development Fund (the “Market Development Fund”), "
            "improve the efficiency of its use and support the city’s small and medium-sized enterprises in "
            "expanding into international markets.</p>"
            "<p><strong>Article 2</strong> The Market Development Fund referred to in these Rules is the special "
            "fund allocated by the finances of the city and of its districts, counties and county-level cities to "
            "support small and medium-sized enterprises in expanding into international markets.</p>"
            "<p><strong>Article 3</strong> An enterprise applying for the Market Development Fund shall meet all of "
            "the following conditions: (1) it is lawfully registered in the city and has independent legal-person "
            "status; (2) its imports and exports in the previous year, as recorded in customs statistics, were below "
            "USD 65 million; (3) it has committed no violation of the rules on foreign trade operations, finance, "
            "taxation, foreign exchange or customs in the past three years; (4) it has staff dedicated to "
            "international market development.</p>"
            "<p><strong>Article 4</strong> The Market Development Fund mainly supports the following: (1) "
            "participation in trade fairs abroad; (2) management-system and product certification; (3) patent "
            "applications and trademark registrations abroad; (4) promotion in international markets; (5) market "
            "research trips abroad.</p>"
            "<p><strong>Article 5</strong> Participation in a trade fair abroad is supported at 50% of the booth fee,"
            " up to CNY 50,000 per project; other projects are supported at 50% of the actual cost.</p>"
            "<p><strong>Article 6</strong> Applications are made once a year. An enterprise applies to the commerce "
            "authority where it is registered; after a preliminary review by the commerce and finance authorities of "
            "the district, county or county-level city, the application is submitted to the Municipal Bureau of "
            "Commerce and the Municipal Finance Bureau for review.</p>"
            "<p><strong>Article 7</strong> Where an enterprise obtains funds by false declaration, fraudulent claim "
            "or similar means, the funds paid shall be recovered, no application from it shall be accepted for three "
            "years, and the matter shall be entered in its credit record in accordance with the regulations.</p>"
            "<p><strong>Article 8</strong> The Municipal Bureau of Commerce and the Municipal Finance Bureau are "
            "responsible for interpreting these Rules, which take effect on the date of issue.</p>"
        ),
        "industries": [],
        "districts": [],
        "published_days_ago": 395,
        "doc_number": "甬商务〔2025〕86号",
        "issuer_zh": "宁波市商务局　宁波市财政局",
        "issuer_en": "Ningbo Municipal Bureau of Commerce; Ningbo Municipal Finance Bureau",
        "dated_days_ago": 398,
        "effective_days_ago": 395,
        "policy_type": "document",
    },
    {
        "ref": "pol-cbec",
        "kind": "policy",
        "unit": "ecommerce",
        "title_zh": "关于加快跨境电子商务高质量发展的若干措施",
        "title_en": "Measures to Accelerate the High-Quality Development of Cross-Border E-Commerce",
        "summary_zh": (
            "从培育经营主体、推动产业带转型、完善海外仓网络、建设产业园区和培养人才五个方面支持跨境电商发展，"
            "有效期一年。"
        ),
        "summary_en": (
            "Supports cross-border e-commerce in five ways: growing sellers, moving industrial clusters online, "
            "building overseas warehouses, developing industrial parks and training talent. Valid for one year."
        ),
        "body_zh": (
            "<p>为加快中国（宁波）跨境电子商务综合试验区建设，推动跨境电商与我市优势产业融合发展，制定如下措施。</p>"
            "<p><strong>一、培育跨境电商经营主体。</strong>对上年度跨境电商出口额首次超过1000万美元、"
            "5000万美元的企业，分别给予20万元、50万元一次性奖励。</p>"
            "<p><strong>二、支持产业带数字化转型。</strong>重点支持家居用品、纺织服装、文具、"
            "玩具等产业带企业开展跨境电商业务。对企业入驻主流跨境电商平台的年费和站内推广费用，"
            "按实际发生额的50%给予补助，单家企业最高30万元。</p>"
            "<p><strong>三、完善海外仓网络。</strong>对经认定的跨境电商海外仓，按仓储面积每平方米50元给予补助，"
            "单个海外仓最高100万元。</p>"
            "<p><strong>四、建设跨境电商产业园区。</strong>对新认定的市级跨境电商产业园区，"
            "给予园区运营主体一次性奖励100万元。</p>"
            "<p><strong>五、加强人才培养。</strong>支持高等院校、行业协会开展跨境电商实务培训，"
            "按实际培训人数给予每人次500元补助。</p>"
            "<p><strong>六、附则。</strong>同一项目符合本措施和其他市级政策的，按照“就高不重复”原则给予支持。"
            "本措施由市商务局、市财政局负责解释，自发布之日起施行，有效期一年。执行期间国家和省出台相关政策的，"
            "从其规定。</p>"
        ),
        "body_en": (
            "<p>The following measures are adopted to speed up the building of the China (Ningbo) Cross-Border "
            "E-Commerce Comprehensive Pilot Zone and to integrate cross-border e-commerce with the city’s leading "
            "industries.</p>"
            "<p><strong>1. Growing cross-border e-commerce sellers.</strong> An enterprise whose cross-border "
            "e-commerce exports in the previous year exceeded USD 10 million or USD 50 million for the first time "
            "receives a one-off reward of CNY 200,000 or CNY 500,000 respectively.</p>"
            "<p><strong>2. Moving industrial clusters online.</strong> Enterprises in the home goods, textiles and "
            "apparel, stationery and toy clusters are supported first in starting cross-border e-commerce. Annual "
            "fees and on-platform advertising on major cross-border e-commerce platforms are subsidized at 50% of "
            "the actual cost, up to CNY 300,000 per enterprise.</p>"
            "<p><strong>3. Expanding the overseas warehouse network.</strong> A recognized cross-border e-commerce "
            "overseas warehouse receives CNY 50 per square metre of storage area, up to CNY 1 million per warehouse."
            "</p>"
            "<p><strong>4. Building cross-border e-commerce industrial parks.</strong> The operator of a newly "
            "recognized municipal cross-border e-commerce industrial park receives a one-off reward of CNY 1 million."
            "</p>"
            "<p><strong>5. Training talent.</strong> Universities and industry associations that run practical "
            "cross-border e-commerce training receive CNY 500 per trainee.</p>"
            "<p><strong>6. Supplementary provisions.</strong> A project eligible under these Measures and other "
            "municipal policies is supported under the most favourable one only, without duplication. The Municipal "
            "Bureau of Commerce and the Municipal Finance Bureau are responsible for interpreting these Measures, "
            "which take effect on the date of publication and remain valid for one year. Where national or "
            "provincial policies are issued in the meantime, those policies prevail.</p>"
        ),
        "industries": ["home", "textiles", "stationery", "toys"],
        "districts": [],
        "published_days_ago": 387,
        "doc_number": "甬商务〔2025〕91号",
        "issuer_zh": "宁波市商务局　宁波市财政局",
        "issuer_en": "Ningbo Municipal Bureau of Commerce; Ningbo Municipal Finance Bureau",
        "dated_days_ago": 388,
        "effective_days_ago": 387,
        "expires_days_ago": 22,
        "policy_type": "document",
    },
    {
        "ref": "pol-trade-growth",
        "kind": "policy",
        "unit": "foreign-trade",
        "title_zh": "关于促进外贸稳增长的若干措施",
        "title_en": "Measures to Stabilize and Grow Foreign Trade",
        "summary_zh": (
            "围绕展会补助、出口信用保险、外贸新业态、进口贴息、融资支持和贸易摩擦应对等出台十条措施，"
            "帮助外贸企业稳订单、拓市场、防风险。"
        ),
        "summary_en": (
            "Ten measures on trade fair subsidies, export credit insurance, new forms of trade, import interest "
            "subsidies, financing and trade remedy cases, to help exporters keep orders, open markets and manage "
            "risk."
        ),
        "body_zh": (
            "<p>为贯彻落实国家和省关于推动外贸稳规模优结构的决策部署，帮助外贸企业稳订单、拓市场、防风险，"
            "推动全市外贸稳定增长，制定如下措施。</p>"
            "<p><strong>一、支持企业参加重点展会。</strong>对企业参加市级重点境外展会计划内的展会，"
            "在中小企业国际市场开拓资金支持基础上，按展位费的20%再给予补助；"
            "对参加中国进出口商品交易会品牌展位的企业给予适当补助。</p>"
            "<p><strong>二、扩大出口信用保险覆盖面。</strong>对上年度出口额500万美元以下的小微企业，"
            "由市财政统一投保短期出口信用保险；对其他企业投保短期出口信用保险的，按实缴保费的30%给予补助。</p>"
            "<p><strong>三、培育外贸新业态。</strong>对企业在境外新建或租用、面积5000平方米以上并经认定的公共海外仓，"
            "给予一次性奖励50万元。</p>"
            "<p><strong>四、鼓励先进技术设备进口。</strong>对企业进口列入国家鼓励进口技术和产品目录的设备，"
            "按进口额的3%给予贴息，单家企业最高200万元。</p>"
            "<p><strong>五、加大外贸融资支持。</strong>对企业通过“外贸贷”获得的流动资金贷款，"
            "按年化1个百分点给予贴息，单家企业年度最高50万元。</p>"
            "<p><strong>六、稳定重点外贸企业。</strong>对上年度出口额5000万美元以上、"
            "当年出口额同比增长10%以上的企业，按增量给予奖励，单家企业最高100万元。</p>"
            "<p><strong>七、加强贸易摩擦应对。</strong>对企业应诉反倾销、反补贴和保障措施调查发生的律师费用，"
            "按实际费用的50%给予补助，单个案件最高100万元。</p>"
            "<p><strong>八、优化外贸服务。</strong>依托“商务之窗”平台开设外贸企业诉求直通车，"
            "企业诉求原则上在5个工作日内答复。服务电话：0574-87183601。</p>"
            "<p><strong>九、强化资金监管。</strong>同一项目符合本措施和其他市级政策的，按照“就高不重复”原则给予支持。"
            "对弄虚作假骗取资金的，依法追回并记入信用记录。</p>"
            "<p><strong>十、附则。</strong>本措施由市商务局、市财政局负责解释，自发布之日起施行，有效期两年。</p>"
        ),
        "body_en": (
            "<p>The following measures are adopted to implement the national and provincial decisions on stabilizing "
            "the scale and improving the structure of foreign trade, to help foreign trade enterprises keep orders, "
            "open markets and manage risk, and to keep the city’s foreign trade growing steadily.</p>"
            "<p><strong>1. Trade fairs.</strong> For fairs on the municipal programme of key trade fairs abroad, an "
            "enterprise receives a further 20% of the booth fee on top of the support from the SME International "
            "Market Development Fund; enterprises with brand booths at the China Import and Export Fair receive an "
            "appropriate subsidy.</p>"
            "<p><strong>2. Export credit insurance.</strong> Small and micro enterprises whose exports in the "
            "previous year were below USD 5 million are covered by short-term export credit insurance bought "
            "centrally by the municipal government; other enterprises that buy short-term export credit insurance "
            "receive 30% of the premium paid.</p>"
            "<p><strong>3. New forms of foreign trade.</strong> An enterprise that builds or leases a recognized "
            "public overseas warehouse of 5,000 square metres or more receives a one-off reward of CNY 500,000.</p>"
            "<p><strong>4. Imports of advanced equipment.</strong> Imports of equipment listed in the national "
            "catalogue of technologies and products encouraged for import receive an interest subsidy of 3% of the "
            "import value, up to CNY 2 million per enterprise.</p>"
            "<p><strong>5. Financing.</strong> Working-capital loans obtained through the “Foreign Trade Loan” "
            "programme receive an interest subsidy of 1 percentage point a year, up to CNY 500,000 per enterprise a "
            "year.</p>"
            "<p><strong>6. Key exporters.</strong> An enterprise that exported more than USD 50 million in the "
            "previous year and grows its exports by 10% or more in the current year is rewarded on the increase, up "
            "to CNY 1 million.</p>"
            "<p><strong>7. Trade remedy cases.</strong> Lawyers’ fees incurred in responding to anti-dumping, "
            "countervailing or safeguard investigations are subsidized at 50% of the actual cost, up to CNY 1 "
            "million per case.</p>"
            "<p><strong>8. Services to exporters.</strong> A direct channel for foreign trade enterprises’ requests "
            "is opened on the TradeWindow platform; requests are in principle answered within 5 working days. "
            "Service line: 0574-87183601.</p>"
            "<p><strong>9. Supervision of funds.</strong> A project eligible under these Measures and other "
            "municipal policies is supported under the most favourable one only, without duplication. Funds obtained "
            "by fraud are recovered according to law and entered in the enterprise’s credit record.</p>"
            "<p><strong>10. Supplementary provisions.</strong> The Municipal Bureau of Commerce and the Municipal "
            "Finance Bureau are responsible for interpreting these Measures, which take effect on the date of "
            "publication and remain valid for two years.</p>"
        ),
        "industries": [],
        "districts": [],
        "published_days_ago": 300,
        "changes": [
            {
                "days_ago": 296,
                "major": False,
                "note_zh": "更正第八条服务电话。",
                "note_en": "Corrected the service line in item 8.",
            },
            {
                "days_ago": 122,
                "major": True,
                "note_zh": (
                    "根据甬商务〔2026〕47号文件，第三条、第五条已修改，新增第十条“推进内外贸一体化”，"
                    "原第十条顺延为第十一条。"
                ),
                "note_en": (
                    "Amended by Yong Shang Wu [2026] No. 47: items 3 and 5 revised; a new item 10, “Integrating "
                    "domestic and foreign trade”, added; the former item 10 becomes item 11."
                ),
            },
        ],
        "doc_number": "甬商务〔2026〕9号",
        "issuer_zh": "宁波市商务局　宁波市财政局",
        "issuer_en": "Ningbo Municipal Bureau of Commerce; Ningbo Municipal Finance Bureau",
        "dated_days_ago": 305,
        "effective_days_ago": 300,
        "policy_type": "document",
    },
    {
        "ref": "pol-trade-growth-amend",
        "kind": "policy",
        "unit": "foreign-trade",
        "title_zh": "关于修改《关于促进外贸稳增长的若干措施》部分条款的通知",
        "title_en": "Notice on Amending Certain Items of the Measures to Stabilize and Grow Foreign Trade",
        "summary_zh": "放宽公共海外仓奖励面积门槛，提高“外贸贷”贴息标准，新增推进内外贸一体化的支持条款。",
        "summary_en": (
            "Lowers the floor-area threshold for the public overseas warehouse reward, raises the interest subsidy "
            "on Foreign Trade Loans and adds support for integrating domestic and foreign trade."
        ),
        "body_zh": (
            "<p>各区（县、市）商务主管部门、财政局，各有关企业：</p>"
            "<p>为进一步加大对外贸企业开拓市场和融资的支持力度，推进内外贸一体化发展，经研究，"
            "决定对《关于促进外贸稳增长的若干措施》（甬商务〔2026〕9号）作如下修改：</p>"
            "<p>一、第三条修改为：“三、培育外贸新业态。对企业在境外新建或租用、"
            "面积3000平方米以上并经认定的公共海外仓，给予一次性奖励50万元；面积10000平方米以上的，"
            "给予一次性奖励100万元。”</p>"
            "<p>二、第五条修改为：“五、加大外贸融资支持。对企业通过‘外贸贷’获得的流动资金贷款，"
            "按年化1.5个百分点给予贴息，单家企业年度最高80万元。”</p>"
            "<p>三、增加一条，作为第十条：“十、推进内外贸一体化。支持外贸企业拓展国内市场，"
            "对取得‘同线同标同质’认证的产品，按认证费用的50%给予补助，单家企业最高10万元；对组织‘外贸优品’进商场、"
            "进社区等展销活动的商贸流通企业，按活动实际费用的30%给予补助，单场最高20万元。”</p>"
            "<p>四、原第十条顺延为第十一条。</p>"
            "<p>本通知自发布之日起施行。修改后的第三条、第五条适用于本通知发布之日后新认定的海外仓和新发放的贷款。"
            "</p>"
        ),
        "body_en": (
            "<p>To the commerce authorities and finance bureaus of the districts, counties and county-level cities, "
            "and the enterprises concerned:</p>"
            "<p>To give foreign trade enterprises more support in opening markets and obtaining finance, and to "
            "promote the integration of domestic and foreign trade, it has been decided to amend the Measures to "
            "Stabilize and Grow Foreign Trade (Yong Shang Wu [2026] No. 9) as follows:</p>"
            "<p>1. Item 3 is revised to read: “3. New forms of foreign trade. An enterprise that builds or leases a "
            "recognized public overseas warehouse of 3,000 square metres or more receives a one-off reward of CNY "
            "500,000; for 10,000 square metres or more, the one-off reward is CNY 1 million.”</p>"
            "<p>2. Item 5 is revised to read: “5. Financing. Working-capital loans obtained through the ‘Foreign "
            "Trade Loan’ programme receive an interest subsidy of 1.5 percentage points a year, up to CNY 800,000 "
            "per enterprise a year.”</p>"
            "<p>3. A new item is added as item 10: “10. Integrating domestic and foreign trade. Foreign trade "
            "enterprises are supported in expanding into the domestic market: products certified under the ‘same "
            "line, same standard, same quality’ scheme receive 50% of the certification cost, up to CNY 100,000 per "
            "enterprise; retailers and distributors that organize sales events bringing export-quality products into "
            "shopping centres and neighbourhoods receive 30% of the actual cost, up to CNY 200,000 per event.”</p>"
            "<p>4. The former item 10 becomes item 11.</p>"
            "<p>This Notice takes effect on the date of publication. Items 3 and 5 as revised apply to overseas "
            "warehouses recognized and loans granted after that date.</p>"
        ),
        "industries": [],
        "districts": [],
        "published_days_ago": 122,
        "doc_number": "甬商务〔2026〕47号",
        "issuer_zh": "宁波市商务局　宁波市财政局",
        "issuer_en": "Ningbo Municipal Bureau of Commerce; Ningbo Municipal Finance Bureau",
        "dated_days_ago": 124,
        "effective_days_ago": 122,
        "policy_type": "document",
        "amends": "pol-trade-growth",
    },
    {
        "ref": "pol-sme-fund",
        "kind": "policy",
        "unit": "foreign-trade",
        "title_zh": "宁波市中小企业国际市场开拓资金管理办法",
        "title_en": "Ningbo Measures for the Administration of the SME International Market Development Fund",
        "summary_zh": (
            "提高重点境外展会支持比例，将跨境电商平台推广纳入支持范围，实行全程网上申报；原实施细则同时废止。"
        ),
        "summary_en": (
            "Raises support for key trade fairs abroad, adds cross-border e-commerce platform promotion to what the "
            "fund covers and moves the whole application online; the former implementing rules are repealed."
        ),
        "body_zh": (
            "<p><strong>第一条</strong>　为支持我市中小企业开拓国际市场，"
            "规范中小企业国际市场开拓资金（以下简称市场开拓资金）的使用和管理，根据《中华人民共和国中小企业促进法》"
            "和财政部、商务部外经贸发展专项资金管理有关规定，结合本市实际，制定本办法。</p>"
            "<p><strong>第二条</strong>　市场开拓资金由市、区（县、市）财政按规定安排。市商务局负责项目组织和审核，"
            "市财政局负责资金预算管理和拨付。</p>"
            "<p><strong>第三条</strong>　申请企业应当具备下列条件：（一）在本市依法注册，具有独立法人资格；（二）"
            "上年度海关统计进出口额在6500万美元以下；（三）近三年未被列入严重失信主体名单；（四）"
            "有专门从事国际市场开拓的人员。</p>"
            "<p><strong>第四条</strong>　市场开拓资金支持下列项目：（一）参加境外展览会；（二）"
            "管理体系认证和产品认证；（三）境外专利申请和商标注册；（四）跨境电子商务平台入驻及线上推广；（五）"
            "境外市场考察及国际市场宣传推介。</p>"
            "<p><strong>第五条</strong>　参加列入市级重点境外展会计划的展会，按展位费的70%予以支持，"
            "单个项目最高8万元；参加其他境外展会，按展位费的50%予以支持，单个项目最高5万元。参加新兴市场展会的，"
            "支持比例提高10个百分点。其他项目按实际费用的50%予以支持。单家企业年度支持总额不超过50万元。</p>"
            "<p><strong>第六条</strong>　市场开拓资金实行网上申报。企业通过“商务之窗”平台在线填报并上传材料，"
            "经区（县、市）商务、财政部门初审后，由市商务局会同市财政局在30个工作日内完成审核。"
            "审核结果公示5个工作日。</p>"
            "<p><strong>第七条</strong>　企业应当对申报材料的真实性负责。以虚报、冒领等手段骗取资金的，"
            "追回已拨付资金，三年内不予受理其申报，相关情况记入企业信用记录。</p>"
            "<p><strong>第八条</strong>　本办法由市商务局、市财政局负责解释。</p>"
            "<p><strong>第九条</strong>　本办法自发布之日起施行。《宁波市中小企业国际市场开拓资金管理实施细则》"
            "（甬商务〔2025〕86号）同时废止。</p>"
        ),
        "body_en": (
            "<p><strong>Article 1</strong> These Measures are formulated, in accordance with the Law of the People’s "
            "Republic of China on Promoting Small and Medium-sized Enterprises and the provisions of the Ministry of "
            "Finance and the Ministry of Commerce on the administration of the special fund for foreign economic and "
            "trade development, and in light of the actual conditions of the city, in order to support the city’s "
            "small and medium-sized enterprises in expanding into international markets and to regulate the use and "
            "administration of the SME International Market Development Fund (the “Market Development Fund”).</p>"
            "<p><strong>Article 2</strong> The Market Development Fund is allocated by the finances of the city and "
            "of its districts, counties and county-level cities in accordance with the regulations. The Municipal "
            "Bureau of Commerce organizes and reviews projects; the Municipal Finance Bureau manages the budget and "
            "pays out the funds.</p>"
            "<p><strong>Article 3</strong> An applicant shall meet the following conditions: (1) it is lawfully "
            "registered in the city and has independent legal-person status; (2) its imports and exports in the "
            "previous year, as recorded in customs statistics, were below USD 65 million; (3) it has not been on the "
            "list of seriously dishonest entities in the past three years; (4) it has staff dedicated to "
            "international market development.</p>"
            "<p><strong>Article 4</strong> The Market Development Fund supports the following: (1) participation in "
            "trade fairs abroad; (2) management-system and product certification; (3) patent applications and "
            "trademark registrations abroad; (4) opening stores on and advertising through cross-border e-commerce "
            "platforms; (5) market research trips abroad and promotion in international markets.</p>"
            "<p><strong>Article 5</strong> Participation in a fair on the municipal programme of key trade fairs "
            "abroad is supported at 70% of the booth fee, up to CNY 80,000 per project; participation in other trade "
            "fairs abroad is supported at 50% of the booth fee, up to CNY 50,000 per project. For fairs in emerging "
            "markets the rate is 10 percentage points higher. Other projects are supported at 50% of the actual cost."
            " The total support to one enterprise shall not exceed CNY 500,000 a year.</p>"
            "<p><strong>Article 6</strong> Applications are made online. An enterprise fills in the application and "
            "uploads the supporting documents on the TradeWindow platform; after a preliminary review by the "
            "commerce and finance authorities of the district, county or county-level city, the Municipal Bureau of "
            "Commerce and the Municipal Finance Bureau complete the review within 30 working days. The results are "
            "publicly displayed for 5 working days.</p>"
            "<p><strong>Article 7</strong> An enterprise is responsible for the truthfulness of its application. "
            "Where funds are obtained by false declaration, fraudulent claim or similar means, the funds paid shall "
            "be recovered, no application from the enterprise shall be accepted for three years, and the matter "
            "shall be entered in its credit record.</p>"
            "<p><strong>Article 8</strong> The Municipal Bureau of Commerce and the Municipal Finance Bureau are "
            "responsible for interpreting these Measures.</p>"
            "<p><strong>Article 9</strong> These Measures take effect on the date of publication. The Ningbo "
            "Implementing Rules for the SME International Market Development Fund (Yong Shang Wu [2025] No. 86) are "
            "repealed at the same time.</p>"
        ),
        "industries": [],
        "districts": [],
        "published_days_ago": 94,
        "doc_number": "甬商务〔2026〕58号",
        "issuer_zh": "宁波市商务局　宁波市财政局",
        "issuer_en": "Ningbo Municipal Bureau of Commerce; Ningbo Municipal Finance Bureau",
        "dated_days_ago": 95,
        "effective_days_ago": 94,
        "policy_type": "document",
        "repeals": "pol-sme-fund-2025",
    },
    {
        "ref": "pol-sme-fund-interp",
        "kind": "policy",
        "unit": "foreign-trade",
        "title_zh": "《宁波市中小企业国际市场开拓资金管理办法》政策解读",
        "title_en": "Questions and Answers on the Ningbo Measures for the SME International Market Development Fund",
        "summary_zh": "解读新办法的出台背景、与原实施细则相比的主要变化，以及企业申报时关心的问题。",
        "summary_en": (
            "Why the new Measures were issued, what changed from the former implementing rules, and answers to the "
            "questions enterprises ask most when applying."
        ),
        "body_zh": (
            "<h3>一、出台背景</h3>"
            "<p>中小企业国际市场开拓资金是支持中小外贸企业开拓国际市场的重要政策工具。为落实财政部、"
            "商务部关于外经贸发展专项资金管理的最新要求，回应企业关于提高展会支持比例、简化申报程序的诉求，"
            "市商务局会同市财政局对原实施细则进行了全面修订，形成了《宁波市中小企业国际市场开拓资金管理办法》。</p>"
            "<h3>二、主要变化</h3>"
            "<ul><li>提高展会支持比例：列入市级重点境外展会计划的展会，支持比例由50%提高到70%，"
            "单个项目上限由5万元提高到8万元。</li>"
            "<li>新增支持内容：将跨境电子商务平台入驻及线上推广纳入支持范围。</li>"
            "<li>突出新兴市场：参加新兴市场展会的，支持比例再提高10个百分点。</li>"
            "<li>全程网上办理：申报、初审、审核、公示均在“商务之窗”平台完成，企业可随时查询办理进度。</li></ul>"
            "<h3>三、企业关心的问题</h3>"
            "<p><strong>问：本办法发布前已经实施、尚未申报的项目如何处理？</strong><br>答："
            "按本办法规定的条件和标准申报、审核。</p>"
            "<p><strong>问：“新兴市场”如何界定？</strong><br>答：以当年度申报通知所附的新兴市场国别（地区）名单为准。"
            "</p>"
            "<p>咨询电话：市商务局对外贸易处　0574-87183612。</p>"
        ),
        "body_en": (
            "<h3>1. Background</h3>"
            "<p>The SME International Market Development Fund is an important policy tool for helping small and "
            "medium-sized foreign trade enterprises expand into international markets. To implement the latest "
            "requirements of the Ministry of Finance and the Ministry of Commerce on the special fund for foreign "
            "economic and trade development, and in response to enterprises’ requests for higher support for trade "
            "fairs and simpler applications, the Municipal Bureau of Commerce and the Municipal Finance Bureau "
            "thoroughly revised the former implementing rules and issued the Ningbo Measures for the Administration "
            "of the SME International Market Development Fund.</p>"
            "<h3>2. Main changes</h3>"
            "<ul><li>Higher support for trade fairs: for fairs on the municipal programme of key trade fairs abroad, "
            "the rate rises from 50% to 70% and the cap per project from CNY 50,000 to CNY 80,000.</li>"
            "<li>New support: opening stores on and advertising through cross-border e-commerce platforms are now "
            "covered.</li>"
            "<li>Emphasis on emerging markets: fairs in emerging markets are supported at a rate 10 percentage "
            "points higher.</li>"
            "<li>Entirely online: application, preliminary review, review and public display all take place on the "
            "TradeWindow platform, where enterprises can follow the progress of their applications at any time.</li>"
            "</ul>"
            "<h3>3. Questions from enterprises</h3>"
            "<p><strong>Q: What about projects carried out before the Measures were published but not yet applied "
            "for?</strong><br>A: They are applied for and reviewed under the conditions and rates of the new "
            "Measures.</p>"
            "<p><strong>Q: What counts as an “emerging market”?</strong><br>A: The list of emerging-market countries "
            "and regions attached to each year’s call for applications is decisive.</p>"
            "<p>Enquiries: Foreign Trade Division, Municipal Bureau of Commerce, 0574-87183612.</p>"
        ),
        "industries": [],
        "districts": [],
        "published_days_ago": 94,
        "doc_number": "",
        "issuer_zh": "宁波市商务局",
        "issuer_en": "Ningbo Municipal Bureau of Commerce",
        "dated_days_ago": 94,
        "effective_days_ago": 94,
        "policy_type": "interpretation",
        "interprets": "pol-sme-fund",
    },
    {
        "ref": "pol-fdi-reward",
        "kind": "policy",
        "unit": "foreign-investment",
        "title_zh": "宁波市外资招引奖励办法",
        "title_en": "Ningbo Measures on Rewards for Attracting Foreign Investment",
        "summary_zh": (
            "对制造业重大外资项目、重点产业项目、跨国公司地区总部和外资研发中心以及招商机构给予奖励，"
            "自发布之日起30日后施行。"
        ),
        "summary_en": (
            "Rewards major foreign-invested manufacturing projects, projects in key industries, regional "
            "headquarters and R&D centres of multinationals, and investment promotion agencies. Takes effect 30 days "
            "after publication."
        ),
        "body_zh": (
            "<p><strong>第一条</strong>　为进一步扩大高水平对外开放，激发外资招引活力，"
            "根据《中华人民共和国外商投资法》及其实施条例等规定，结合本市实际，制定本办法。</p>"
            "<p><strong>第二条</strong>　本办法适用于在本市依法登记注册、由外国投资者新设或者增资的外商投资企业，"
            "以及为外资招引作出贡献的机构。实际使用外资金额以商务部外资统计数据为准。</p>"
            "<p><strong>第三条</strong>　对年度实际使用外资1000万美元以上的制造业项目，"
            "按当年实际使用外资金额的1%给予奖励，单个项目年度最高1000万元。</p>"
            "<p><strong>第四条</strong>　对高端装备、电子信息、生物医药与医疗器械、汽车零部件等重点产业项目，"
            "奖励标准上浮20%。</p>"
            "<p><strong>第五条</strong>　对新认定的跨国公司地区总部，给予一次性奖励500万元；对新设立的外资研发中心，"
            "给予一次性奖励200万元。</p>"
            "<p><strong>第六条</strong>　对受委托引进外资项目、且项目当年实际使用外资3000万美元以上的招商机构，"
            "按实际使用外资金额的0.5%给予奖励，单个项目最高100万元。</p>"
            "<p><strong>第七条</strong>　奖励资金每年申报一次。企业和机构通过“商务之窗”平台提出申请，"
            "由市商务局会同市财政局审核后兑现。</p>"
            "<p><strong>第八条</strong>　同一项目符合本办法和其他市级政策的，按照“就高不重复”原则给予支持。</p>"
            "<p><strong>第九条</strong>　获得奖励的企业自首次获得奖励之日起五年内撤资、迁出本市或者提前终止经营的，"
            "应当退回已获奖励资金。</p>"
            "<p><strong>第十条</strong>　本办法由市商务局、市财政局负责解释，自发布之日起30日后施行，有效期三年。"
            "本办法施行前已实际到资的项目，按原有政策执行。</p>"
        ),
        "body_en": (
            "<p><strong>Article 1</strong> These Measures are formulated, in accordance with the Foreign Investment "
            "Law of the People’s Republic of China and its implementing regulations and in light of the actual "
            "conditions of the city, in order to open up further at a high level and to invigorate the attraction of "
            "foreign investment.</p>"
            "<p><strong>Article 2</strong> These Measures apply to foreign-invested enterprises lawfully registered "
            "in the city that are newly established or increase their capital by foreign investors, and to agencies "
            "that contribute to attracting foreign investment. The amount of foreign capital actually used is that "
            "recorded in the foreign investment statistics of the Ministry of Commerce.</p>"
            "<p><strong>Article 3</strong> A manufacturing project that actually uses USD 10 million or more of "
            "foreign capital in a year receives 1% of the foreign capital actually used in that year, up to CNY 10 "
            "million per project a year.</p>"
            "<p><strong>Article 4</strong> For projects in key industries, namely high-end equipment, electronics "
            "and information technology, biomedicine and medical devices, and auto parts, the reward is increased by "
            "20%.</p>"
            "<p><strong>Article 5</strong> A newly recognized regional headquarters of a multinational company "
            "receives a one-off reward of CNY 5 million; a newly established foreign-invested R&amp;D centre "
            "receives a one-off reward of CNY 2 million.</p>"
            "<p><strong>Article 6</strong> An investment promotion agency commissioned to attract a foreign-invested "
            "project that actually uses USD 30 million or more of foreign capital in the year receives 0.5% of the "
            "foreign capital actually used, up to CNY 1 million per project.</p>"
            "<p><strong>Article 7</strong> Rewards are applied for once a year. Enterprises and agencies apply on "
            "the TradeWindow platform; rewards are paid after review by the Municipal Bureau of Commerce together "
            "with the Municipal Finance Bureau.</p>"
            "<p><strong>Article 8</strong> A project eligible under these Measures and other municipal policies is "
            "supported under the most favourable one only, without duplication.</p>"
            "<p><strong>Article 9</strong> An enterprise that withdraws its capital, moves out of the city or ends "
            "its business early within five years of first receiving a reward shall return the rewards received.</p>"
            "<p><strong>Article 10</strong> The Municipal Bureau of Commerce and the Municipal Finance Bureau are "
            "responsible for interpreting these Measures, which take effect 30 days after the date of publication "
            "and remain valid for three years. Projects whose capital was actually paid in before these Measures "
            "take effect are handled under the previous policies.</p>"
        ),
        "industries": ["machinery", "electronics", "medical", "auto_parts"],
        "districts": [],
        "published_days_ago": 5,
        "doc_number": "甬商务〔2026〕103号",
        "issuer_zh": "宁波市商务局　宁波市财政局",
        "issuer_en": "Ningbo Municipal Bureau of Commerce; Ningbo Municipal Finance Bureau",
        "dated_days_ago": 9,
        "effective_days_ago": -25,
        "policy_type": "document",
    },
    {
        "ref": "pol-fdi-reward-interp",
        "kind": "policy",
        "unit": "foreign-investment",
        "title_zh": "一图读懂《宁波市外资招引奖励办法》",
        "title_en": "The Ningbo Measures on Rewards for Attracting Foreign Investment at a Glance",
        "summary_zh": "以问答形式解读外资招引奖励的适用对象、奖励标准、施行时间和申报方式。",
        "summary_en": (
            "Questions and answers on who the foreign investment rewards are for, how much they are, when they take "
            "effect and how to apply."
        ),
        "body_zh": (
            "<h3>一、为什么出台《办法》？</h3>"
            "<p>为落实国家和省稳外资决策部署，进一步提升我市外资招引的吸引力和竞争力，"
            "引导外资更多投向先进制造业和重点产业，市商务局会同市财政局制定了《宁波市外资招引奖励办法》。</p>"
            "<h3>二、哪些主体可以申请？</h3>"
            "<p>在本市依法登记注册、由外国投资者新设或者增资的外商投资企业，"
            "以及受委托开展外资招引并取得实效的招商机构。</p>"
            "<h3>三、奖励标准有哪些？</h3>"
            "<table><thead><tr><th>奖励类别</th><th>奖励标准</th></tr></thead>"
            "<tbody><tr><td>制造业项目</td><td>年度实际使用外资1000万美元以上，按到资额1%奖励，"
            "单个项目年度最高1000万元</td></tr>"
            "<tr><td>重点产业项目</td><td>在上述标准基础上上浮20%</td></tr>"
            "<tr><td>跨国公司地区总部</td><td>一次性奖励500万元</td></tr>"
            "<tr><td>外资研发中心</td><td>一次性奖励200万元</td></tr>"
            "<tr><td>招商机构</td><td>按到资额0.5%奖励，单个项目最高100万元</td></tr></tbody></table>"
            "<h3>四、什么时候施行？</h3>"
            "<p>《办法》自发布之日起30日后施行，有效期三年。施行前已实际到资的项目，仍按原有政策执行。</p>"
            "<p>咨询电话：市商务局外商投资管理处　0574-87183625。</p>"
        ),
        "body_en": (
            "<h3>1. Why were the Measures issued?</h3>"
            "<p>To implement the national and provincial decisions on stabilizing foreign investment, to make the "
            "city more attractive and competitive for foreign investors and to steer foreign capital towards "
            "advanced manufacturing and key industries, the Municipal Bureau of Commerce and the Municipal Finance "
            "Bureau drew up the Ningbo Measures on Rewards for Attracting Foreign Investment.</p>"
            "<h3>2. Who can apply?</h3>"
            "<p>Foreign-invested enterprises lawfully registered in the city that are newly established or increase "
            "their capital by foreign investors, and investment promotion agencies commissioned to attract foreign "
            "investment that achieve results.</p>"
            "<h3>3. How much are the rewards?</h3>"
            "<table><thead><tr><th>Type of reward</th><th>Amount</th></tr></thead>"
            "<tbody><tr><td>Manufacturing project</td><td>USD 10 million or more of foreign capital actually used in "
            "the year: 1% of the capital paid in, up to CNY 10 million per project a year</td></tr>"
            "<tr><td>Project in a key industry</td><td>The above plus 20%</td></tr>"
            "<tr><td>Regional headquarters of a multinational</td><td>CNY 5 million, one-off</td></tr>"
            "<tr><td>Foreign-invested R&amp;D centre</td><td>CNY 2 million, one-off</td></tr>"
            "<tr><td>Investment promotion agency</td><td>0.5% of the capital paid in, up to CNY 1 million per "
            "project</td></tr></tbody></table>"
            "<h3>4. When do the Measures take effect?</h3>"
            "<p>Thirty days after publication; they remain valid for three years. Projects whose capital was "
            "actually paid in before then are still handled under the previous policies.</p>"
            "<p>Enquiries: Foreign Investment Administration Division, Municipal Bureau of Commerce, 0574-87183625."
            "</p>"
        ),
        "industries": ["machinery", "electronics", "medical", "auto_parts"],
        "districts": [],
        "published_days_ago": 5,
        "doc_number": "",
        "issuer_zh": "宁波市商务局",
        "issuer_en": "Ningbo Municipal Bureau of Commerce",
        "dated_days_ago": 5,
        "effective_days_ago": 5,
        "policy_type": "interpretation",
        "interprets": "pol-fdi-reward",
    },
    # ==================== Service guides (办事指南)
    {
        "ref": "guide-tech-contract",
        "kind": "guide",
        "unit": "foreign-trade",
        "title_zh": "技术进出口合同登记办事指南",
        "title_en": "Service Guide: Registering Technology Import and Export Contracts",
        "summary_zh": "自由进出口技术的进出口合同实行网上登记，材料齐全的1个工作日内颁发登记证书。",
        "summary_en": (
            "Contracts for importing or exporting freely tradable technologies are registered online; with complete "
            "documents the registration certificate is issued within 1 working day."
        ),
        "body_zh": (
            "<p>属于自由进出口的技术，其进出口合同实行登记管理。合同自依法成立时生效，不以登记为合同生效的条件。"
            "经营者凭《技术进出口合同登记证书》办理外汇、银行、税务、海关等相关手续。</p>"
            "<p>本事项可全程网上办理，申请人可在“商务之窗”平台随时查询办理进度。</p>"
        ),
        "body_en": (
            "<p>Contracts for importing or exporting freely tradable technologies are subject to registration. A "
            "contract takes effect when it is lawfully concluded; registration is not a condition of its validity. "
            "With the Technology Import/Export Contract Registration Certificate, the operator completes the "
            "formalities for foreign exchange, banking, taxation and customs.</p>"
            "<p>The whole procedure can be completed online, and applicants can follow its progress on the "
            "TradeWindow platform at any time.</p>"
        ),
        "industries": [],
        "districts": [],
        "published_days_ago": 380,
        "changes": [
            {
                "days_ago": 100,
                "major": False,
                "note_zh": "办理地点调整为市政务服务中心二楼商务综合窗口。",
                "note_en": (
                    "The service counter moved to the commerce counter on the 2nd floor of the Government Services "
                    "Centre."
                ),
            },
        ],
        "item_zh": "技术进出口合同登记（自由进出口技术）",
        "item_en": "Registration of technology import and export contracts (freely tradable technologies)",
        "legal_basis_zh": (
            "《中华人民共和国对外贸易法》；《中华人民共和国技术进出口管理条例》；《技术进出口合同登记管理办法》"
        ),
        "legal_basis_en": (
            "Foreign Trade Law of the People’s Republic of China; Regulations of the People’s Republic of China on "
            "the Administration of Technology Import and Export; Measures for the Administration of the Registration "
            "of Technology Import and Export Contracts"
        ),
        "conditions_zh": (
            "<ul><li>申请人为在本市依法登记、从事技术进出口业务的经营者；</li>"
            "<li>合同涉及的技术属于自由进出口技术，不属于禁止或者限制进出口的技术；</li>"
            "<li>合同已依法成立；</li>"
            "<li>在合同生效后60日内提出登记申请。</li></ul>"
        ),
        "conditions_en": (
            "<ul><li>The applicant is an operator lawfully registered in the city and engaged in technology import "
            "or export;</li>"
            "<li>the technology covered by the contract is freely tradable and is not prohibited or restricted from "
            "import or export;</li>"
            "<li>the contract has been lawfully concluded;</li>"
            "<li>the application is filed within 60 days after the contract takes effect.</li></ul>"
        ),
        "materials_zh": [
            "技术进出口合同登记申请书",
            "技术进出口合同副本（外文合同须附中文译本）",
            "签约双方法律地位的证明文件（营业执照或登记证书等）",
        ],
        "materials_en": [
            "Application form for the registration of a technology import or export contract",
            "A copy of the contract (with a Chinese translation if it is in a foreign language)",
            (
                "Documents proving the legal status of both parties (business licence, registration certificate or "
                "similar)"
            ),
        ],
        "steps_zh": [
            "登录商务部技术进出口合同信息管理系统，在线填报合同信息",
            "通过“商务之窗”平台或窗口提交申请材料",
            "对外贸易处对合同登记内容进行核对",
            "核对无误的，颁发《技术进出口合同登记证书》",
            "申请人在线下载电子证书或到窗口领取纸质证书",
        ],
        "steps_en": [
            (
                "Enter the contract in the Ministry of Commerce’s technology import and export contract information "
                "system"
            ),
            "Submit the application documents on the TradeWindow platform or at the counter",
            "The Foreign Trade Division checks the particulars to be registered",
            "If they are correct, the Technology Import/Export Contract Registration Certificate is issued",
            "Download the electronic certificate online or collect the paper certificate at the counter",
        ],
        "statutory_days": 3,
        "promised_days": 1,
        "fees_zh": "不收费。",
        "fees_en": "Free of charge.",
        "where_zh": "宁波市政务服务中心（鄞州区宁穿路）二楼商务综合窗口；网上办理：“商务之窗”平台“网上办事”栏目。",
        "where_en": (
            "Commerce counter, 2nd floor, Ningbo Government Services Centre (Ningchuan Road, Yinzhou District); "
            "online: “Online services” on the TradeWindow platform."
        ),
        "contact_zh": "市商务局对外贸易处　0574-87183612　trade@example.gov.cn",
        "contact_en": "Foreign Trade Division, Municipal Bureau of Commerce, 0574-87183612, trade@example.gov.cn",
        "forms": [
            {
                "filename": "技术进出口合同登记申请书.docx",
                "title_zh": "技术进出口合同登记申请书",
                "title_en": "Application form for registering a technology import or export contract",
            },
            {
                "filename": "技术进出口合同登记材料清单.pdf",
                "title_zh": "技术进出口合同登记材料清单",
                "title_en": "Checklist of documents for technology contract registration",
            },
        ],
    },
    {
        "ref": "guide-sme-fund",
        "kind": "guide",
        "unit": "foreign-trade",
        "title_zh": "中小企业国际市场开拓资金项目申报办事指南",
        "title_en": "Service Guide: Applying to the SME International Market Development Fund",
        "summary_zh": (
            "中小外贸企业参加境外展会、开展认证、入驻跨境电商平台等项目，可在申报期内通过“商务之窗”"
            "平台在线申报市场开拓资金。"
        ),
        "summary_en": (
            "Small and medium-sized exporters can apply online on the TradeWindow platform, during the application "
            "period, for support for trade fairs abroad, certification, cross-border e-commerce platforms and other "
            "projects."
        ),
        "body_zh": (
            "<p>市场开拓资金每年集中申报一次，具体申报期、项目实施期和新兴市场名单以当年度申报通知为准。申报、初审、"
            "审核、公示全程在“商务之窗”平台办理，企业可随时查询办理进度和审核意见。</p>"
        ),
        "body_en": (
            "<p>Applications to the Market Development Fund are collected once a year; the application period, the "
            "period in which projects must have been carried out and the list of emerging markets are set by each "
            "year’s call for applications. Application, preliminary review, review and public display all take place "
            "on the TradeWindow platform, where enterprises can follow the progress and the reviewers’ comments at "
            "any time.</p>"
        ),
        "industries": [],
        "districts": [],
        "published_days_ago": 93,
        "item_zh": "中小企业国际市场开拓资金项目申报",
        "item_en": "Application to the SME International Market Development Fund",
        "legal_basis_zh": (
            "《中华人民共和国中小企业促进法》；《外经贸发展专项资金管理办法》；"
            "《宁波市中小企业国际市场开拓资金管理办法》（甬商务〔2026〕58号）"
        ),
        "legal_basis_en": (
            "Law of the People’s Republic of China on Promoting Small and Medium-sized Enterprises; Measures for the "
            "Administration of the Special Fund for Foreign Economic and Trade Development; Ningbo Measures for the "
            "Administration of the SME International Market Development Fund (Yong Shang Wu [2026] No. 58)"
        ),
        "conditions_zh": (
            "<ul><li>在本市依法注册，具有独立法人资格；</li>"
            "<li>上年度海关统计进出口额在6500万美元以下；</li>"
            "<li>近三年未被列入严重失信主体名单；</li>"
            "<li>有专门从事国际市场开拓的人员；</li>"
            "<li>申报项目在当年度申报通知规定的实施期内完成，且费用已实际支付。</li></ul>"
        ),
        "conditions_en": (
            "<ul><li>Lawfully registered in the city with independent legal-person status;</li>"
            "<li>imports and exports in the previous year, as recorded in customs statistics, below USD 65 million;"
            "</li>"
            "<li>not on the list of seriously dishonest entities in the past three years;</li>"
            "<li>staff dedicated to international market development;</li>"
            "<li>the project was completed within the period set by the year’s call for applications and its costs "
            "have actually been paid.</li></ul>"
        ),
        "materials_zh": [
            "中小企业国际市场开拓资金项目申报表",
            "营业执照复印件",
            "项目费用发票及付款凭证",
            "项目实施证明材料（参展合同、展位照片、认证证书等）",
            "企业信用承诺书",
        ],
        "materials_en": [
            "Application form of the SME International Market Development Fund",
            "A copy of the business licence",
            "Invoices and proof of payment of the project costs",
            "Proof that the project was carried out (exhibitor contract, photos of the booth, certificates, etc.)",
            "Credit commitment letter of the enterprise",
        ],
        "steps_zh": [
            "在“商务之窗”平台注册并完成企业认证",
            "在申报期内在线填报项目并上传材料",
            "区（县、市）商务、财政部门初审",
            "市商务局会同市财政局审核",
            "审核结果在平台公示5个工作日",
            "财政部门拨付资金",
        ],
        "steps_en": [
            "Register on the TradeWindow platform and verify the enterprise",
            "Enter the projects and upload the documents online during the application period",
            "Preliminary review by the commerce and finance authorities of the district, county or county-level city",
            "Review by the Municipal Bureau of Commerce together with the Municipal Finance Bureau",
            "The results are publicly displayed on the platform for 5 working days",
            "The finance authorities pay out the funds",
        ],
        "statutory_days": 30,
        "promised_days": 20,
        "fees_zh": "不收费。",
        "fees_en": "Free of charge.",
        "where_zh": (
            "网上办理：“商务之窗”平台“网上办事”栏目；现场咨询：企业注册地区（县、市）商务主管部门，"
            "或宁波市政务服务中心（鄞州区宁穿路）二楼商务综合窗口。"
        ),
        "where_en": (
            "Online: “Online services” on the TradeWindow platform; in person: the commerce authority of the "
            "district, county or county-level city where the enterprise is registered, or the commerce counter, 2nd "
            "floor, Ningbo Government Services Centre (Ningchuan Road, Yinzhou District)."
        ),
        "contact_zh": "市商务局对外贸易处　0574-87183612　smefund@example.gov.cn",
        "contact_en": "Foreign Trade Division, Municipal Bureau of Commerce, 0574-87183612, smefund@example.gov.cn",
        "forms": [
            {
                "filename": "国际市场开拓资金项目申报表.xlsx",
                "title_zh": "中小企业国际市场开拓资金项目申报表",
                "title_en": "Application form of the SME International Market Development Fund",
            },
            {
                "filename": "企业信用承诺书.docx",
                "title_zh": "企业信用承诺书",
                "title_en": "Credit commitment letter",
            },
            {
                "filename": "境外展会参展情况说明.docx",
                "title_zh": "境外展会参展情况说明",
                "title_en": "Statement on participation in a trade fair abroad",
            },
        ],
    },
    {
        "ref": "guide-fie-report",
        "kind": "guide",
        "unit": "foreign-investment",
        "title_zh": "外商投资信息报告办事指南",
        "title_en": "Service Guide: Foreign Investment Information Reports",
        "summary_zh": (
            "外国投资者或者外商投资企业通过企业登记系统和国家企业信用信息公示系统报送初始报告、变更报告和年度报告，"
            "无需另行提交纸质材料。"
        ),
        "summary_en": (
            "Foreign investors and foreign-invested enterprises file initial, change and annual reports through the "
            "enterprise registration system and the National Enterprise Credit Information Publicity System; no "
            "paper documents are needed."
        ),
        "body_zh": (
            "<p>外商投资信息报告与企业登记、年度报告“多报合一”，企业在办理登记或者报送年报时一并填报，"
            "信息由系统自动推送至商务主管部门。本事项为即办件。</p>"
            "<p>外国投资者或者外商投资企业未按规定报送投资信息的，由商务主管部门责令限期改正；逾期不改正的，"
            "依照《中华人民共和国外商投资法》第三十七条的规定予以处罚。</p>"
        ),
        "body_en": (
            "<p>Foreign investment information reports are combined with business registration and annual reports: "
            "the enterprise fills them in when it registers or files its annual report, and the system forwards the "
            "information to the commerce authority automatically. The matter is handled on the spot.</p>"
            "<p>Where a foreign investor or foreign-invested enterprise fails to report investment information as "
            "required, the commerce authority orders it to make corrections within a time limit; if it fails to do "
            "so, it is penalized under Article 37 of the Foreign Investment Law of the People’s Republic of China."
            "</p>"
        ),
        "industries": [],
        "districts": [],
        "published_days_ago": 250,
        "item_zh": "外商投资信息报告（初始报告、变更报告、年度报告）",
        "item_en": "Foreign investment information reports (initial, change and annual reports)",
        "legal_basis_zh": (
            "《中华人民共和国外商投资法》；《中华人民共和国外商投资法实施条例》；《外商投资信息报告办法》"
        ),
        "legal_basis_en": (
            "Foreign Investment Law of the People’s Republic of China; Regulations for the Implementation of the "
            "Foreign Investment Law of the People’s Republic of China; Measures on Reporting of Foreign Investment "
            "Information"
        ),
        "conditions_zh": (
            "<p>外国投资者直接或者间接在本市开展投资活动的，外国投资者或者外商投资企业应当报送投资信息：</p>"
            "<ul><li><strong>初始报告：</strong>设立外商投资企业时，在办理设立登记时一并报送；</li>"
            "<li><strong>变更报告：</strong>初始报告信息发生变更的，在办理变更登记时一并报送，不涉及变更登记的，"
            "在变更事项发生后20个工作日内报送；</li>"
            "<li><strong>年度报告：</strong>每年1月1日至6月30日报送上一年度的年度报告。</li></ul>"
        ),
        "conditions_en": (
            "<p>Where a foreign investor invests in the city directly or indirectly, the foreign investor or the "
            "foreign-invested enterprise shall report investment information:</p>"
            "<ul><li><strong>Initial report:</strong> filed together with the registration of establishment of the "
            "foreign-invested enterprise;</li>"
            "<li><strong>Change report:</strong> when the information in the initial report changes, filed together "
            "with the registration of the change, or within 20 working days after the change if no registration is "
            "required;</li>"
            "<li><strong>Annual report:</strong> the report for the previous year, filed between 1 January and 30 "
            "June each year.</li></ul>"
        ),
        "materials_zh": [
            "企业基本信息（由登记信息自动带入）",
            "外国投资者及实际控制人信息",
            "投资交易信息（初始报告、变更报告时填报）",
            "上一年度经营和资产负债信息（年度报告时填报）",
        ],
        "materials_en": [
            "Basic information on the enterprise (filled in automatically from the registration)",
            "Information on the foreign investors and the actual controller",
            "Information on the investment transaction (for initial and change reports)",
            "Business, asset and liability information for the previous year (for annual reports)",
        ],
        "steps_zh": [
            "登录企业登记系统或国家企业信用信息公示系统",
            "按提示在线填报外商投资信息",
            "提交后系统自动推送至商务主管部门",
            "商务主管部门核对信息，发现遗漏或者错误的，通知企业补报、更正",
            "企业可在“商务之窗”平台查询报告状态",
        ],
        "steps_en": [
            (
                "Log in to the enterprise registration system or the National Enterprise Credit Information "
                "Publicity System"
            ),
            "Fill in the foreign investment information online as prompted",
            "On submission the system forwards the information to the commerce authority",
            (
                "The commerce authority checks it and asks the enterprise to complete or correct anything missing or "
                "wrong"
            ),
            "The enterprise can check the status of its reports on the TradeWindow platform",
        ],
        "statutory_days": 1,
        "promised_days": 1,
        "fees_zh": "不收费。",
        "fees_en": "Free of charge.",
        "where_zh": (
            "网上办理：国家企业信用信息公示系统、浙江政务服务网企业登记系统；现场咨询："
            "宁波市政务服务中心（鄞州区宁穿路）二楼商务综合窗口。"
        ),
        "where_en": (
            "Online: the National Enterprise Credit Information Publicity System and the enterprise registration "
            "system on Zhejiang Government Services Online; enquiries in person: commerce counter, 2nd floor, Ningbo "
            "Government Services Centre (Ningchuan Road, Yinzhou District)."
        ),
        "contact_zh": "市商务局外商投资管理处　0574-87183625　fdi@example.gov.cn",
        "contact_en": (
            "Foreign Investment Administration Division, Municipal Bureau of Commerce, 0574-87183625, fdi@example."
            "gov.cn"
        ),
        "forms": [
            {
                "filename": "外商投资信息报告填报指引.pdf",
                "title_zh": "外商投资信息报告填报指引",
                "title_en": "How to fill in foreign investment information reports",
            },
            {
                "filename": "外商投资信息补报更正说明.docx",
                "title_zh": "外商投资信息补报（更正）情况说明",
                "title_en": "Statement for completing or correcting foreign investment information",
            },
        ],
    },
    {
        "ref": "guide-overseas-fair",
        "kind": "guide",
        "unit": "market",
        "title_zh": "境外展会项目备案办事指南",
        "title_en": "Service Guide: Filing a Trade Fair Abroad for the Municipal Programme",
        "summary_zh": (
            "组展单位组织本市企业参加境外展会的，可申请列入市级重点境外展会计划，参展企业据此享受更高比例的展位费支持。"
        ),
        "summary_en": (
            "Organizers taking the city’s enterprises to a trade fair abroad can apply to have it put on the "
            "municipal programme of key trade fairs abroad, which entitles exhibitors to higher booth-fee support."
        ),
        "body_zh": (
            "<p>市级重点境外展会计划每季度集中公布一次。列入计划的展会，参展企业可按《宁波市中小企业国际市场开拓资金"
            "管理办法》申报70%的展位费支持，单个项目最高8万元。</p>"
            "<p>组展单位应当如实宣传展会，不得以列入计划为名向参展企业收取额外费用。</p>"
        ),
        "body_en": (
            "<p>The municipal programme of key trade fairs abroad is published once a quarter. For a fair on the "
            "programme, exhibitors can apply under the Ningbo Measures for the Administration of the SME "
            "International Market Development Fund for support of 70% of the booth fee, up to CNY 80,000 per project."
            "</p>"
            "<p>Organizers shall describe the fair truthfully and shall not charge exhibitors any extra fee on the "
            "ground that the fair is on the programme.</p>"
        ),
        "industries": [],
        "districts": [],
        "published_days_ago": 200,
        "item_zh": "境外展会项目备案（市级重点境外展会计划）",
        "item_en": "Filing of a trade fair abroad (municipal programme of key trade fairs abroad)",
        "legal_basis_zh": (
            "《中华人民共和国中小企业促进法》；《外经贸发展专项资金管理办法》；"
            "《宁波市中小企业国际市场开拓资金管理办法》（甬商务〔2026〕58号）"
        ),
        "legal_basis_en": (
            "Law of the People’s Republic of China on Promoting Small and Medium-sized Enterprises; Measures for the "
            "Administration of the Special Fund for Foreign Economic and Trade Development; Ningbo Measures for the "
            "Administration of the SME International Market Development Fund (Yong Shang Wu [2026] No. 58)"
        ),
        "conditions_zh": (
            "<ul><li>组展单位为依法登记的企业、行业协会或者商会；</li>"
            "<li>近三年组织境外展会不少于2次，且无严重失信记录；</li>"
            "<li>拟组织的展会为国际性专业展会，组织本市参展企业不少于10家或者展位不少于20个；</li>"
            "<li>在展会开幕60日前提出备案申请。</li></ul>"
        ),
        "conditions_en": (
            "<ul><li>The organizer is a lawfully registered enterprise, industry association or chamber of commerce;"
            "</li>"
            "<li>it has organized at least 2 trade fairs abroad in the past three years and has no record of serious "
            "dishonesty;</li>"
            "<li>the fair is an international trade fair and the organizer brings at least 10 exhibitors or 20 "
            "booths from the city;</li>"
            "<li>the filing is made at least 60 days before the fair opens.</li></ul>"
        ),
        "materials_zh": [
            "境外展会项目备案申请表",
            "组展单位营业执照或者社会团体登记证书",
            "展会主办方邀请函或者展位合同",
            "招展方案及费用预算",
            "近三年组展业绩证明材料",
        ],
        "materials_en": [
            "Filing form for a trade fair abroad",
            "The organizer’s business licence or registration certificate as a social organization",
            "Invitation from the fair’s organizer or the booth contract",
            "Recruitment plan and cost budget",
            "Proof of the fairs organized in the past three years",
        ],
        "steps_zh": [
            "在展会开幕60日前通过“商务之窗”平台提交备案申请",
            "市场运行与消费促进处审核",
            "符合条件的列入市级重点境外展会计划并在平台公布",
            "组展单位组织招展，参展企业按规定申报市场开拓资金",
            "展会结束后30日内报送展后总结报告",
        ],
        "steps_en": [
            "Submit the filing on the TradeWindow platform at least 60 days before the fair opens",
            "Review by the Market Operation and Consumption Promotion Division",
            "Eligible fairs are put on the municipal programme and published on the platform",
            "The organizer recruits exhibitors, who apply to the Market Development Fund as provided",
            "The organizer submits a report on the fair within 30 days after it closes",
        ],
        "statutory_days": 20,
        "promised_days": 10,
        "fees_zh": "不收费。",
        "fees_en": "Free of charge.",
        "where_zh": (
            "网上办理：“商务之窗”平台“网上办事”栏目；现场办理：宁波市政务服务中心（鄞州区宁穿路）二楼商务综合窗口。"
        ),
        "where_en": (
            "Online: “Online services” on the TradeWindow platform; in person: commerce counter, 2nd floor, Ningbo "
            "Government Services Centre (Ningchuan Road, Yinzhou District)."
        ),
        "contact_zh": "市商务局市场运行与消费促进处　0574-87183640　fairs@example.gov.cn",
        "contact_en": (
            "Market Operation and Consumption Promotion Division, Municipal Bureau of Commerce, 0574-87183640, "
            "fairs@example.gov.cn"
        ),
        "forms": [
            {
                "filename": "境外展会项目备案申请表.docx",
                "title_zh": "境外展会项目备案申请表",
                "title_en": "Filing form for a trade fair abroad",
            },
            {
                "filename": "招展方案模板.docx",
                "title_zh": "招展方案（模板）",
                "title_en": "Exhibitor recruitment plan (template)",
            },
            {
                "filename": "展后总结报告模板.docx",
                "title_zh": "展后总结报告（模板）",
                "title_en": "Post-fair report (template)",
            },
        ],
    },
    # ==================== Notices (通知公告)
    {
        "ref": "notice-fie-annual-report",
        "kind": "notice",
        "unit": "foreign-investment",
        "title_zh": "关于做好2025年度外商投资信息报告年度报告工作的通知",
        "title_en": "Notice on Filing the 2025 Annual Foreign Investment Information Reports",
        "summary_zh": "全市外商投资企业应于2026年6月30日前通过国家企业信用信息公示系统报送2025年度年度报告。",
        "summary_en": (
            "All foreign-invested enterprises in the city shall file their 2025 annual reports through the National "
            "Enterprise Credit Information Publicity System by 30 June 2026."
        ),
        "body_zh": (
            "<p>各区（县、市）商务主管部门，各外商投资企业：</p>"
            "<p>根据《中华人民共和国外商投资法》和《外商投资信息报告办法》，现就做好2025年度外商投资信息报告年度报告"
            "工作通知如下：</p>"
            "<p><strong>一、报送对象。</strong>2025年12月31日前在本市登记注册并取得营业执照的外商投资企业（含外商投资"
            "合伙企业）。</p>"
            "<p><strong>二、报送时间。</strong>2026年1月1日至6月30日。</p>"
            "<p><strong>三、报送方式。</strong>登录国家企业信用信息公示系统，"
            "在报送市场监管年度报告时一并填报外商投资信息，无需另行向商务部门报送纸质材料。</p>"
            "<p><strong>四、工作要求。</strong>各区（县、市）商务主管部门要加强宣传和督促，对逾期未报的企业及时提醒。"
            "未按规定报送的，将依法责令限期改正；逾期不改正的，依法予以处罚。</p>"
            "<p>联系电话：市商务局外商投资管理处　0574-87183625。</p>"
        ),
        "body_en": (
            "<p>To the commerce authorities of the districts, counties and county-level cities, and all "
            "foreign-invested enterprises:</p>"
            "<p>In accordance with the Foreign Investment Law of the People’s Republic of China and the Measures on "
            "Reporting of Foreign Investment Information, the following arrangements are made for the 2025 annual "
            "foreign investment information reports:</p>"
            "<p><strong>1. Who reports.</strong> Foreign-invested enterprises (including foreign-invested "
            "partnerships) registered in the city that obtained their business licences on or before 31 December "
            "2025.</p>"
            "<p><strong>2. When.</strong> From 1 January to 30 June 2026.</p>"
            "<p><strong>3. How.</strong> Log in to the National Enterprise Credit Information Publicity System and "
            "fill in the foreign investment information together with the annual report to the market regulator; no "
            "paper documents need to be sent to the commerce authorities.</p>"
            "<p><strong>4. Requirements.</strong> The commerce authorities of the districts, counties and "
            "county-level cities shall publicize the requirements, follow up and remind enterprises that have not "
            "reported in time. Enterprises that fail to report as required will be ordered to make corrections "
            "within a time limit; those that still fail to do so will be penalized according to law.</p>"
            "<p>Contact: Foreign Investment Administration Division, Municipal Bureau of Commerce, 0574-87183625.</p>"
        ),
        "industries": [],
        "districts": [],
        "published_days_ago": 354,
        "deadline_days_from_now": -159,
        "attachments": [
            {
                "filename": "外商投资信息报告年度报告填报指引.pdf",
                "title_zh": "外商投资信息报告年度报告填报指引",
                "title_en": "How to fill in the annual foreign investment information report",
            },
        ],
    },
    {
        "ref": "notice-canton-fair",
        "kind": "notice",
        "unit": "foreign-trade",
        "title_zh": "关于组织企业申报第141届中国进出口商品交易会展位的通知",
        "title_en": "Notice on Applying for Booths at the 141st China Import and Export Fair",
        "summary_zh": "第141届广交会展位申报工作启动，机械、电子、家居、纺织等行业企业请于12月17日前在线提交申请。",
        "summary_en": (
            "Applications for booths at the 141st Canton Fair are open; enterprises in machinery, electronics, home "
            "goods, textiles and other industries shall apply online by 17 December."
        ),
        "body_zh": (
            "<p>各区（县、市）商务主管部门，各有关企业：</p>"
            "<p>第141届中国进出口商品交易会（广交会）将于2027年4月中旬至5月上旬在广州分三期举办。"
            "现将我市交易团展位申报有关事项通知如下：</p>"
            "<p><strong>一、申报条件。</strong>在本市依法注册、上年度有出口实绩、"
            "近三年无严重失信记录的生产型和贸易型企业；申报品牌展位的，须符合大会品牌展位评审标准。</p>"
            "<p><strong>二、申报方式。</strong>企业登录“商务之窗”平台“通知公告”栏目在线填写展位申请表，"
            "并上传相关材料。</p>"
            "<p><strong>三、截止时间。</strong>2026年12月17日17:00，逾期不予受理。</p>"
            "<p><strong>四、其他事项。</strong>展位安排结果将在平台公布，企业可随时查询审核进度。"
            "参展企业可按规定申报中小企业国际市场开拓资金。</p>"
            "<p>联系电话：市商务局对外贸易处　0574-87183618。</p>"
        ),
        "body_en": (
            "<p>To the commerce authorities of the districts, counties and county-level cities, and the enterprises "
            "concerned:</p>"
            "<p>The 141st China Import and Export Fair (Canton Fair) will be held in Guangzhou in three phases from "
            "mid-April to early May 2027. The arrangements for booth applications by the Ningbo trading delegation "
            "are as follows:</p>"
            "<p><strong>1. Who may apply.</strong> Manufacturers and trading companies lawfully registered in the "
            "city that exported in the previous year and have no record of serious dishonesty in the past three "
            "years; applicants for brand booths shall meet the fair’s criteria for brand booths.</p>"
            "<p><strong>2. How to apply.</strong> Log in to the TradeWindow platform, fill in the booth application "
            "form under “Notices” and upload the supporting documents.</p>"
            "<p><strong>3. Deadline.</strong> 17:00 on 17 December 2026; late applications will not be accepted.</p>"
            "<p><strong>4. Other matters.</strong> Booth allocations will be published on the platform, where "
            "enterprises can follow the review at any time. Exhibitors may apply to the SME International Market "
            "Development Fund as provided.</p>"
            "<p>Contact: Foreign Trade Division, Municipal Bureau of Commerce, 0574-87183618.</p>"
        ),
        "industries": ["machinery", "electronics", "home", "textiles"],
        "districts": [],
        "published_days_ago": 10,
        "changes": [
            {
                "days_ago": 6,
                "major": False,
                "note_zh": "补充附件2品牌展位申报材料清单。",
                "note_en": "Added attachment 2, the checklist of documents for brand booths.",
            },
        ],
        "deadline_days_from_now": 11,
        "attachments": [
            {
                "filename": "第141届广交会展位申请表.xlsx",
                "title_zh": "附件1：第141届广交会展位申请表",
                "title_en": "Attachment 1: Booth application form, 141st Canton Fair",
            },
            {
                "filename": "品牌展位申报材料清单.docx",
                "title_zh": "附件2：品牌展位申报材料清单",
                "title_en": "Attachment 2: Checklist of documents for brand booths",
            },
        ],
    },
    {
        "ref": "notice-sme-fund-call",
        "kind": "notice",
        "unit": "foreign-trade",
        "title_zh": "关于组织申报2026年度中小企业国际市场开拓资金项目的通知",
        "title_en": "Call for Applications to the 2026 SME International Market Development Fund",
        "summary_zh": (
            "2026年度市场开拓资金项目申报启动，项目实施期为2025年10月1日至2026年9月30日，申报截止12月18日。"
        ),
        "summary_en": (
            "Applications to the 2026 Market Development Fund are open for projects carried out from 1 October 2025 "
            "to 30 September 2026; the deadline is 18 December."
        ),
        "body_zh": (
            "<p>各区（县、市）商务主管部门、财政局，各有关企业：</p>"
            "<p>根据《宁波市中小企业国际市场开拓资金管理办法》（甬商务〔2026〕58号），"
            "现组织开展2026年度市场开拓资金项目申报工作。</p>"
            "<p><strong>一、项目实施期。</strong>2025年10月1日至2026年9月30日。</p>"
            "<p><strong>二、申报时间。</strong>即日起至2026年12月18日。</p>"
            "<p><strong>三、申报方式。</strong>企业通过“商务之窗”平台在线申报，各区（县、市）商务、"
            "财政部门应于申报截止后10个工作日内完成初审。</p>"
            "<p><strong>四、新兴市场名单。</strong>详见附件3。</p>"
            "<p>企业应当对申报材料的真实性负责，严禁虚报、冒领。</p>"
        ),
        "body_en": (
            "<p>To the commerce authorities and finance bureaus of the districts, counties and county-level cities, "
            "and the enterprises concerned:</p>"
            "<p>In accordance with the Ningbo Measures for the Administration of the SME International Market "
            "Development Fund (Yong Shang Wu [2026] No. 58), applications for the 2026 Market Development Fund are "
            "now invited.</p>"
            "<p><strong>1. Project period.</strong> From 1 October 2025 to 30 September 2026.</p>"
            "<p><strong>2. Application period.</strong> From today until 18 December 2026.</p>"
            "<p><strong>3. How to apply.</strong> Enterprises apply online on the TradeWindow platform; the commerce "
            "and finance authorities of the districts, counties and county-level cities shall complete the "
            "preliminary review within 10 working days after the deadline.</p>"
            "<p><strong>4. Emerging markets.</strong> See attachment 3.</p>"
            "<p>Enterprises are responsible for the truthfulness of their applications; false declarations and "
            "fraudulent claims are strictly prohibited.</p>"
        ),
        "industries": [],
        "districts": [],
        "published_days_ago": 40,
        "deadline_days_from_now": 12,
        "attachments": [
            {
                "filename": "国际市场开拓资金项目申报表.xlsx",
                "title_zh": "附件1：中小企业国际市场开拓资金项目申报表",
                "title_en": "Attachment 1: Application form of the SME International Market Development Fund",
            },
            {
                "filename": "企业信用承诺书.docx",
                "title_zh": "附件2：企业信用承诺书",
                "title_en": "Attachment 2: Credit commitment letter",
            },
            {
                "filename": "2026年度新兴市场名单.pdf",
                "title_zh": "附件3：2026年度新兴市场国别（地区）名单",
                "title_en": "Attachment 3: Emerging-market countries and regions, 2026",
            },
        ],
    },
    {
        "ref": "notice-cbec-insurance-webinar",
        "kind": "notice",
        "unit": "ecommerce",
        "title_zh": "关于举办跨境电商出口信用保险与海外仓业务线上培训的通知",
        "title_en": (
            "Notice of an Online Training Session on Export Credit Insurance and Overseas Warehouses for "
            "Cross-Border E-Commerce"
        ),
        "summary_zh": (
            "市商务局联合中国出口信用保险公司宁波分公司举办线上专题培训，面向家居、文具、玩具、纺织等行业跨境电商企业。"
        ),
        "summary_en": (
            "The Municipal Bureau of Commerce and the Ningbo branch of China Export & Credit Insurance Corporation "
            "hold an online training session for cross-border e-commerce sellers in home goods, stationery, toys, "
            "textiles and other industries."
        ),
        "body_zh": (
            "<p>各区（县、市）商务主管部门，各跨境电商企业：</p>"
            "<p>为帮助跨境电商企业防范海外买家信用风险、用好海外仓，市商务局联合中国出口信用保险公司宁波分公司举办专"
            "题线上培训。现将有关事项通知如下：</p>"
            "<p><strong>一、培训时间。</strong>2026年12月16日（星期三）14:00—16:30。</p>"
            "<p><strong>二、培训内容。</strong>跨境电商出口信用保险产品及理赔实务；海外仓运营与风险防范；"
            "跨境电商支持政策解读。</p>"
            "<p><strong>三、参训对象。</strong>家居用品、文具、玩具、纺织服装等行业跨境电商企业负责人及业务骨干。</p>"
            "<p><strong>四、报名方式。</strong>请于12月14日前在“商务之窗”平台填写报名回执，"
            "培训链接将于开课前一日通过短信发送。</p>"
            "<p>联系电话：市商务局电子商务处　0574-87183655。</p>"
        ),
        "body_en": (
            "<p>To the commerce authorities of the districts, counties and county-level cities, and all cross-border "
            "e-commerce enterprises:</p>"
            "<p>To help cross-border e-commerce enterprises guard against the credit risk of overseas buyers and "
            "make good use of overseas warehouses, the Municipal Bureau of Commerce and the Ningbo branch of China "
            "Export &amp; Credit Insurance Corporation are holding an online training session. The arrangements are "
            "as follows:</p>"
            "<p><strong>1. Time.</strong> 14:00–16:30, Wednesday 16 December 2026.</p>"
            "<p><strong>2. Topics.</strong> Export credit insurance for cross-border e-commerce and how claims are "
            "handled; running overseas warehouses and managing their risks; the support policies for cross-border "
            "e-commerce explained.</p>"
            "<p><strong>3. Who should attend.</strong> Managers and key staff of cross-border e-commerce enterprises "
            "in home goods, stationery, toys, textiles and apparel and other industries.</p>"
            "<p><strong>4. Registration.</strong> Fill in the registration form on the TradeWindow platform by 14 "
            "December; the link to the session will be sent by text message the day before.</p>"
            "<p>Contact: E-Commerce Division, Municipal Bureau of Commerce, 0574-87183655.</p>"
        ),
        "industries": ["home", "stationery", "toys", "textiles"],
        "districts": [],
        "scheduled_in_days": 2,
        "deadline_days_from_now": 8,
        "attachments": [
            {
                "filename": "培训报名回执.docx",
                "title_zh": "培训报名回执",
                "title_en": "Registration form for the training session",
            },
        ],
    },
    {
        "ref": "notice-beilun-japan-buyers",
        "kind": "notice",
        "unit": "beilun",
        "title_zh": "关于组织企业参加北仑区模具汽配产业对日采购对接会的通知",
        "title_en": (
            "Notice on Taking Part in the Beilun Mould and Auto Parts Matchmaking Meeting with Japanese Buyers"
        ),
        "summary_zh": "北仑区商务局拟于10月下旬举办模具、汽配产业对日采购对接会，组织区内相关企业报名参加。",
        "summary_en": (
            "The Beilun District Bureau of Commerce plans a matchmaking meeting with Japanese buyers for the mould "
            "and auto parts industries in late October and invites enterprises in the district to register."
        ),
        "body_zh": (
            "<p>各街道（开发区）经济发展部门，各有关企业：</p>"
            "<p>为帮助我区模具、汽车零部件企业拓展日本市场，区商务局拟于10月下旬举办北仑区模具汽配产业对日采购对接会"
            "，邀请日本汽车零部件采购商代表团来仑开展洽谈和实地考察。现将有关事项通知如下：</p>"
            "<p><strong>一、参会对象。</strong>在北仑区注册、具有对日出口意向或者业绩的模具、汽车零部件生产企业。</p>"
            "<p><strong>二、活动内容。</strong>一对一采购洽谈、企业实地考察、日本市场准入与质量体系讲座。</p>"
            "<p><strong>三、报名方式。</strong>请于10月9日前填写报名表，报送至区商务局外经贸科。</p>"
            "<p>联系电话：北仑区商务局　0574-87183702。</p>"
        ),
        "body_en": (
            "<p>To the economic development offices of the subdistricts and development zones, and the enterprises "
            "concerned:</p>"
            "<p>To help the district’s mould and auto parts makers enter the Japanese market, the District Bureau of "
            "Commerce plans to hold a matchmaking meeting for the mould and auto parts industries with Japanese "
            "buyers in late October, and will invite a delegation of Japanese auto parts buyers to Beilun for talks "
            "and factory visits. The arrangements are as follows:</p>"
            "<p><strong>1. Who may take part.</strong> Mould and auto parts manufacturers registered in Beilun "
            "District that intend to export to Japan or already do.</p>"
            "<p><strong>2. Programme.</strong> One-to-one sourcing talks, factory visits, and a briefing on market "
            "access and quality systems in Japan.</p>"
            "<p><strong>3. Registration.</strong> Send the registration form to the Foreign Trade and Economic "
            "Cooperation Section of the District Bureau of Commerce by 9 October.</p>"
            "<p>Contact: Beilun District Bureau of Commerce, 0574-87183702.</p>"
        ),
        "industries": ["machinery", "auto_parts"],
        "districts": ["330206"],
        "published_days_ago": 72,
        "withdrawn": {
            "days_ago": 55,
            "reason_zh": "因日方采购商代表团来华行程调整，对接会延期举办，本通知撤回，新的举办时间另行通知。",
            "reason_en": (
                "The Japanese buyers’ delegation changed its travel plans, so the meeting is postponed and this "
                "notice is withdrawn; the new date will be announced separately."
            ),
        },
        "deadline_days_from_now": -58,
        "attachments": [
            {
                "filename": "对日采购对接会企业报名表.xlsx",
                "title_zh": "对日采购对接会企业报名表",
                "title_en": "Registration form for the matchmaking meeting with Japanese buyers",
            },
        ],
    },
    {
        "ref": "notice-yinzhou-insurance-subsidy",
        "kind": "notice",
        "unit": "yinzhou",
        "title_zh": "关于开展鄞州区2026年度出口信用保险保费补助申报工作的通知",
        "title_en": "Notice on Applications for the 2026 Export Credit Insurance Premium Subsidy in Yinzhou District",
        "summary_zh": (
            "鄞州区外贸企业2025年10月1日至2026年9月30日实缴的短期出口信用保险保费，可申报区级补助，申报截止12月24日。"
        ),
        "summary_en": (
            "Foreign trade enterprises in Yinzhou District can apply for a district subsidy on short-term export "
            "credit insurance premiums paid from 1 October 2025 to 30 September 2026; the deadline is 24 December."
        ),
        "body_zh": (
            "<p>各镇人民政府、街道办事处，各有关企业：</p>"
            "<p>为鼓励企业运用出口信用保险防范收汇风险，根据区级外贸扶持政策，"
            "现开展2026年度出口信用保险保费补助申报工作。</p>"
            "<p><strong>一、补助对象。</strong>在鄞州区注册、2025年10月1日至2026年9月30日期间投保短期出口信用保险并实"
            "缴保费的外贸企业。</p>"
            "<p><strong>二、补助标准。</strong>在市级补助基础上，按实缴保费的20%给予区级补助，单家企业最高30万元。"
            "</p>"
            "<p><strong>三、申报时间。</strong>即日起至2026年12月24日。</p>"
            "<p><strong>四、申报材料。</strong>申报表、保单及保费缴纳凭证、企业信用承诺书，通过“商务之窗”"
            "平台在线提交。</p>"
            "<p>联系电话：鄞州区商务局　0574-87183731。</p>"
        ),
        "body_en": (
            "<p>To the town governments, subdistrict offices and the enterprises concerned:</p>"
            "<p>To encourage enterprises to use export credit insurance against the risk of non-payment, "
            "applications for the 2026 export credit insurance premium subsidy are invited under the district’s "
            "foreign trade support policy.</p>"
            "<p><strong>1. Who may apply.</strong> Foreign trade enterprises registered in Yinzhou District that "
            "bought short-term export credit insurance and paid the premiums between 1 October 2025 and 30 September "
            "2026.</p>"
            "<p><strong>2. Amount.</strong> On top of the municipal subsidy, a district subsidy of 20% of the "
            "premiums paid, up to CNY 300,000 per enterprise.</p>"
            "<p><strong>3. Application period.</strong> From today until 24 December 2026.</p>"
            "<p><strong>4. Documents.</strong> The application form, the policy and proof of premium payment, and "
            "the credit commitment letter, submitted online on the TradeWindow platform.</p>"
            "<p>Contact: Yinzhou District Bureau of Commerce, 0574-87183731.</p>"
        ),
        "industries": [],
        "districts": ["330212"],
        "published_days_ago": 25,
        "deadline_days_from_now": 18,
        "attachments": [
            {
                "filename": "出口信用保险保费补助申报表.xlsx",
                "title_zh": "鄞州区出口信用保险保费补助申报表",
                "title_en": "Application form for the Yinzhou export credit insurance premium subsidy",
            },
            {
                "filename": "企业信用承诺书.docx",
                "title_zh": "企业信用承诺书",
                "title_en": "Credit commitment letter",
            },
        ],
    },
    # ==================== Approval announcements (审批公告)
    {
        "ref": "ann-auction-hanlan",
        "kind": "announcement",
        "unit": "market",
        "title_zh": "关于宁波瀚澜拍卖有限公司从事拍卖业务许可申请审批结果的公告",
        "title_en": (
            "Announcement of the Decision on the Application of Ningbo Hanlan Auction Co., Ltd. for an Auction "
            "Business Licence"
        ),
        "summary_zh": (
            "宁波瀚澜拍卖有限公司的拍卖业务许可申请不符合《中华人民共和国拍卖法》规定的条件，决定不予许可。"
        ),
        "summary_en": (
            "The application of Ningbo Hanlan Auction Co., Ltd. for an auction business licence does not meet the "
            "conditions of the Auction Law of the People’s Republic of China and is refused."
        ),
        "body_zh": (
            "<p>宁波瀚澜拍卖有限公司申请从事拍卖业务许可。经审查，该公司拟聘拍卖师的执业注册关系仍在其他拍卖企业，"
            "其拍卖业务规则未载明拍卖标的鉴定、竞买保证金管理等内容，不符合《中华人民共和国拍卖法》"
            "第十二条规定的条件。根据《中华人民共和国行政许可法》第三十八条的规定，决定不予许可。</p>"
            "<p>申请人如对本决定不服，可以自收到决定书之日起六十日内依法申请行政复议，"
            "或者在六个月内依法提起行政诉讼。</p>"
            "<p>特此公告。</p>"
        ),
        "body_en": (
            "<p>Ningbo Hanlan Auction Co., Ltd. applied for a licence to conduct auction business. On review, the "
            "auctioneer it intends to employ is still registered to practise with another auction company, and its "
            "auction rules do not cover the appraisal of lots or the handling of bidders’ deposits; the application "
            "therefore does not meet the conditions of Article 12 of the Auction Law of the People’s Republic of "
            "China. In accordance with Article 38 of the Administrative Licensing Law of the People’s Republic of "
            "China, the licence is refused.</p>"
            "<p>If the applicant disagrees with this decision, it may apply for administrative reconsideration "
            "within sixty days of receiving the written decision, or bring an administrative lawsuit within six "
            "months, according to law.</p>"
            "<p>This announcement is hereby made.</p>"
        ),
        "industries": [],
        "districts": ["330203"],
        "published_days_ago": 150,
        "applicant_name_zh": "宁波瀚澜拍卖有限公司",
        "applicant_name_en": "Ningbo Hanlan Auction Co., Ltd.",
        "item_zh": "拍卖企业从事拍卖业务许可",
        "item_en": "Licence for an auction company to conduct auction business",
        "decision": "refused",
        "decision_days_ago": 152,
    },
    {
        "ref": "ann-oil-retail-chunxiao",
        "kind": "announcement",
        "unit": "market",
        "title_zh": "关于宁波泓通能源有限公司春晓加油站成品油零售经营资格审批结果的公告",
        "title_en": (
            "Announcement of the Decision on the Refined Oil Retail Qualification of the Chunxiao Filling Station of "
            "Ningbo Hongtong Energy Co., Ltd."
        ),
        "summary_zh": (
            "宁波泓通能源有限公司春晓加油站取得成品油零售经营资格，须在正式营业前完成油气回收在线监测系统验收。"
        ),
        "summary_en": (
            "The Chunxiao Filling Station of Ningbo Hongtong Energy Co., Ltd. is granted the refined oil retail "
            "qualification, on condition that its vapour recovery monitoring system passes inspection before it "
            "opens."
        ),
        "body_zh": (
            "<p>宁波泓通能源有限公司春晓加油站（站址：北仑区春晓街道）申请成品油零售经营资格。经审查，"
            "该站符合本市成品油零售网点布局规划及成品油零售经营资格的有关条件，决定予以许可，"
            "颁发《成品油零售经营批准证书》。</p>"
            "<p>本许可附带以下条件：</p>"
            "<ol><li>正式营业前完成油气回收在线监测系统安装，并通过生态环境部门验收；</li>"
            "<li>自取得验收报告之日起10个工作日内将验收报告报送市商务局；</li>"
            "<li>上述条件满足前，不得对外开展成品油零售经营。</li></ol>"
            "<p>特此公告。</p>"
        ),
        "body_en": (
            "<p>The Chunxiao Filling Station of Ningbo Hongtong Energy Co., Ltd. (Chunxiao Subdistrict, Beilun "
            "District) applied for the refined oil retail qualification. On review, the station conforms to the "
            "city’s plan for the layout of refined oil retail outlets and meets the conditions for the qualification;"
            " the application is approved and the Refined Oil Retail Approval Certificate is issued.</p>"
            "<p>The approval is subject to the following conditions:</p>"
            "<ol><li>before opening, the station installs an online vapour recovery monitoring system that passes "
            "inspection by the ecology and environment authority;</li>"
            "<li>it sends the inspection report to the Municipal Bureau of Commerce within 10 working days of "
            "receiving it;</li>"
            "<li>until these conditions are met, it shall not sell refined oil to the public.</li></ol>"
            "<p>This announcement is hereby made.</p>"
        ),
        "industries": [],
        "districts": ["330206"],
        "published_days_ago": 60,
        "applicant_name_zh": "宁波泓通能源有限公司春晓加油站",
        "applicant_name_en": "Chunxiao Filling Station, Ningbo Hongtong Energy Co., Ltd.",
        "item_zh": "成品油零售经营资格审批",
        "item_en": "Refined oil retail qualification",
        "decision": "approved_with_conditions",
        "decision_days_ago": 62,
    },
    {
        "ref": "ann-odi-jincheng",
        "kind": "announcement",
        "unit": "foreign-investment",
        "title_zh": "关于宁波锦澄智能家居有限公司境外投资备案的公告",
        "title_en": "Announcement on the Outbound Investment Filing of Ningbo Jincheng Smart Home Co., Ltd.",
        "summary_zh": "宁波锦澄智能家居有限公司在越南海防市设立生产企业的境外投资项目准予备案。",
        "summary_en": (
            "The outbound investment of Ningbo Jincheng Smart Home Co., Ltd. in a manufacturing company in Hai Phong,"
            " Viet Nam, is accepted for filing."
        ),
        "body_zh": (
            "<p>宁波锦澄智能家居有限公司申请在越南海防市设立锦澄家居（越南）有限公司，投资总额1200万美元，"
            "主要从事智能家居产品的生产和销售。经审核，该项目不涉及敏感国家和地区、敏感行业，申报材料齐全，"
            "根据《境外投资管理办法》，准予备案，颁发《企业境外投资证书》。</p>"
            "<p>企业应当按照规定办理外汇、海关等相关手续，并在项目实施后按要求报送境外投资信息。</p>"
            "<p>特此公告。</p>"
        ),
        "body_en": (
            "<p>Ningbo Jincheng Smart Home Co., Ltd. applied to establish Jincheng Home (Viet Nam) Co., Ltd. in Hai "
            "Phong, Viet Nam, with a total investment of USD 12 million, mainly to manufacture and sell smart home "
            "products. On review, the project involves no sensitive country, region or industry and the documents "
            "are complete; in accordance with the Measures for the Administration of Outbound Investment, the filing "
            "is accepted and the Enterprise Outbound Investment Certificate is issued.</p>"
            "<p>The enterprise shall complete the foreign exchange, customs and other formalities as required, and "
            "report information on the investment as required once the project is under way.</p>"
            "<p>This announcement is hereby made.</p>"
        ),
        "industries": ["home"],
        "districts": ["330212"],
        "published_days_ago": 209,
        "applicant_name_zh": "宁波锦澄智能家居有限公司",
        "applicant_name_en": "Ningbo Jincheng Smart Home Co., Ltd.",
        "item_zh": "企业境外投资备案",
        "item_en": "Filing of an enterprise’s outbound investment",
        "decision": "approved",
        "decision_days_ago": 212,
    },
    {
        "ref": "ann-labour-haituo",
        "kind": "announcement",
        "unit": "foreign-trade",
        "title_zh": "关于宁波海拓国际经济技术合作有限公司对外劳务合作经营资格审批结果的公告",
        "title_en": (
            "Announcement of the Decision on the Foreign Labour Service Cooperation Licence of Ningbo Haituo "
            "International Economic and Technical Cooperation Co., Ltd."
        ),
        "summary_zh": (
            "宁波海拓国际经济技术合作有限公司符合《对外劳务合作管理条例》规定的条件，准予取得对外劳务合作经营资格。"
        ),
        "summary_en": (
            "Ningbo Haituo International Economic and Technical Cooperation Co., Ltd. meets the conditions of the "
            "Regulations on the Administration of Foreign Labour Service Cooperation and is granted the licence."
        ),
        "body_zh": (
            "<p>宁波海拓国际经济技术合作有限公司申请对外劳务合作经营资格。经审查，该公司的注册资本、"
            "对外劳务合作风险处置备用金缴存、专门管理人员和规章制度等符合《对外劳务合作管理条例》规定的条件，"
            "决定予以许可，颁发对外劳务合作经营资格证书。</p>"
            "<p>该公司应当依法开展对外劳务合作，切实维护劳务人员合法权益，"
            "不得允许其他单位或者个人以本企业名义组织劳务人员赴国外工作。</p>"
            "<p>特此公告。</p>"
        ),
        "body_en": (
            "<p>Ningbo Haituo International Economic and Technical Cooperation Co., Ltd. applied for a licence to "
            "conduct foreign labour service cooperation. On review, its registered capital, the reserve fund "
            "deposited for handling risks in foreign labour service cooperation, its dedicated managers and its "
            "internal rules meet the conditions of the Regulations on the Administration of Foreign Labour Service "
            "Cooperation; the licence is granted and the certificate issued.</p>"
            "<p>The company shall conduct foreign labour service cooperation according to law, protect the lawful "
            "rights and interests of the workers it sends abroad, and shall not allow any other organization or "
            "individual to recruit workers for employment abroad in its name.</p>"
            "<p>This announcement is hereby made.</p>"
        ),
        "industries": [],
        "districts": ["330205"],
        "published_days_ago": 30,
        "applicant_name_zh": "宁波海拓国际经济技术合作有限公司",
        "applicant_name_en": "Ningbo Haituo International Economic and Technical Cooperation Co., Ltd.",
        "item_zh": "对外劳务合作经营资格核准",
        "item_en": "Licence for foreign labour service cooperation",
        "decision": "approved",
        "decision_days_ago": 33,
    },
    # ==================== Key investment projects (重点招商项目)
    {
        "ref": "proj-beilun-diecasting",
        "kind": "project",
        "unit": "beilun",
        "title_zh": "新能源汽车一体化压铸结构件项目",
        "title_en": "Integrated Die-Cast Structural Parts for New Energy Vehicles",
        "title_ja": "新エネルギー車向け一体成形ダイカスト構造部品プロジェクト",
        "summary_zh": (
            "在宁波经济技术开发区建设大型一体化压铸生产线，达产后年产新能源汽车压铸结构件60万套，诚邀境内外投资者合作。"
        ),
        "summary_en": (
            "Large integrated die-casting lines in the Ningbo Economic and Technological Development Zone, producing "
            "600,000 sets of structural parts for new energy vehicles a year at full capacity. Investors from China "
            "and abroad are welcome."
        ),
        "summary_ja": (
            "寧波経済技術開発区に大型一体成形ダイカストラインを建設し、フル稼働時に新エネルギー車向け構造部品を年間60"
            "万セット生産する計画です。国内外の投資家との協力を歓迎します。"
        ),
        "body_zh": (
            "<h3>项目概况</h3>"
            "<p>项目规划用地约150亩，建设大型一体化压铸生产线8条及配套机加工、热处理车间，"
            "达产后年产新能源汽车前后底板、电池托盘等一体化压铸结构件60万套。</p>"
            "<h3>投资环境</h3>"
            "<p>北仑区是全国重要的汽车及零部件产业基地，集聚规模以上汽车零部件企业300余家，模具产业配套完善。"
            "项目紧邻宁波舟山港，铝合金原料进口和产品出口物流便捷。</p>"
            "<h3>合作方式</h3>"
            "<p>外商独资、中外合资均可。符合条件的项目可按规定享受国家、省、市和北仑区相关产业扶持政策。</p>"
            "<h3>预期效益</h3>"
            "<p>达产后预计年销售收入30亿元，年纳税约1.8亿元，新增就业岗位800个。</p>"
        ),
        "body_en": (
            "<h3>The project</h3>"
            "<p>About 10 hectares of land for 8 large integrated die-casting lines with machining and heat-treatment "
            "shops. At full capacity the plant will produce 600,000 sets a year of integrated die-cast structural "
            "parts for new energy vehicles, such as front and rear underbodies and battery trays.</p>"
            "<h3>Investment environment</h3>"
            "<p>Beilun District is one of China’s major bases for vehicles and auto parts, with more than 300 auto "
            "parts makers above the statistical size threshold and a complete mould-making supply chain. The site is "
            "next to Ningbo-Zhoushan Port, which makes importing aluminium alloy and exporting finished parts easy."
            "</p>"
            "<h3>Forms of cooperation</h3>"
            "<p>Wholly foreign-owned enterprises and Sino-foreign joint ventures are both welcome. Eligible projects "
            "enjoy the relevant national, provincial, municipal and Beilun District industrial support policies as "
            "provided.</p>"
            "<h3>Expected returns</h3>"
            "<p>At full capacity, annual sales of about CNY 3 billion, annual taxes of about CNY 180 million and 800 "
            "new jobs.</p>"
        ),
        "body_ja": (
            "<h3>プロジェクト概要</h3>"
            "<p>計画用地は約10ヘクタールで、大型一体成形ダイカストライン8本と機械加工・熱処理工場を建設します。"
            "フル稼働時には、新エネルギー車のフロント・リアアンダーボディやバッテリートレイなどの一体成形ダイカスト構"
            "造部品を年間60万セット生産します。</p>"
            "<h3>投資環境</h3>"
            "<p>北侖区は中国有数の自動車・自動車部品の産業拠点で、一定規模以上の自動車部品メーカーが300社以上集積し、"
            "金型産業のサプライチェーンも充実しています。寧波舟山港に隣接しており、"
            "アルミ合金原料の輸入や製品の輸出に便利です。</p>"
            "<h3>協力形態</h3>"
            "<p>外資独資、中外合弁のいずれも可能です。条件を満たすプロジェクトは、"
            "国・省・市および北侖区の関連産業支援政策を規定に基づき受けることができます。</p>"
            "<h3>期待される効果</h3>"
            "<p>フル稼働時の年間売上高は約30億元、年間納税額は約1.8億元、新規雇用は800人を見込んでいます。</p>"
        ),
        "industries": ["auto_parts"],
        "districts": ["330206"],
        "published_days_ago": 139,
        "sector": "auto_parts",
        "location_zh": "宁波经济技术开发区（北仑区）汽车零部件产业园",
        "location_en": (
            "Auto Parts Industrial Park, Ningbo Economic and Technological Development Zone (Beilun District)"
        ),
        "amount_wan": 150000,
        "contact_zh": "北仑区商务局投资促进科　0574-87183706　beilun-invest@example.gov.cn",
        "contact_en": (
            "Investment Promotion Section, Beilun District Bureau of Commerce, 0574-87183706, beilun-invest@example."
            "gov.cn"
        ),
    },
    {
        "ref": "proj-yinzhou-medical",
        "kind": "project",
        "unit": "yinzhou",
        "title_zh": "鄞州高端医疗器械产业园合作项目",
        "title_en": "Yinzhou High-End Medical Device Industrial Park",
        "title_ja": "鄞州ハイエンド医療機器産業パーク協力プロジェクト",
        "summary_zh": (
            "在鄞州经济开发区建设高端医疗器械产业园，重点引进体外诊断、医学影像、康复器械和高值医用耗材企业及研发机构。"
        ),
        "summary_en": (
            "A high-end medical device park in the Yinzhou Economic Development Zone, looking for companies and "
            "research institutes in in-vitro diagnostics, medical imaging, rehabilitation equipment and high-value "
            "medical consumables."
        ),
        "summary_ja": (
            "鄞州経済開発区にハイエンド医療機器産業パークを建設し、体外診断、医用画像、リハビリ機器、"
            "高付加価値医療用消耗品の企業と研究開発機関を重点的に誘致します。"
        ),
        "body_zh": (
            "<h3>项目概况</h3>"
            "<p>园区规划用地约200亩，一期建设标准厂房、洁净车间及研发楼共12万平方米，重点引进体外诊断、医学影像、"
            "康复器械、高值医用耗材等领域的生产企业和研发机构。</p>"
            "<h3>投资环境</h3>"
            "<p>鄞州区已集聚医疗器械生产企业100余家，区内设有医疗器械注册申报服务站和检验检测公共服务平台，"
            "可为入驻企业提供产品注册、临床试验对接等全流程服务。园区距宁波栎社国际机场约15公里。</p>"
            "<h3>合作方式</h3>"
            "<p>可采取整体开发、合资共建或者租赁入驻等方式，具体面议。</p>"
            "<h3>预期效益</h3>"
            "<p>园区全部建成后，预计年产值50亿元，集聚医疗器械企业50家以上。</p>"
        ),
        "body_en": (
            "<h3>The project</h3>"
            "<p>About 13 hectares of land. The first phase provides 120,000 square metres of standard factory "
            "buildings, clean rooms and R&amp;D buildings for manufacturers and research institutes in in-vitro "
            "diagnostics, medical imaging, rehabilitation equipment, high-value medical consumables and related "
            "fields.</p>"
            "<h3>Investment environment</h3>"
            "<p>More than 100 medical device manufacturers are already based in Yinzhou District. The district has a "
            "service station for medical device registration and a public testing and inspection platform, which "
            "help companies in the park from product registration to finding partners for clinical trials. The park "
            "is about 15 km from Ningbo Lishe International Airport.</p>"
            "<h3>Forms of cooperation</h3>"
            "<p>Development of the whole park, a joint venture to build it, or leasing space in it; terms to be "
            "negotiated.</p>"
            "<h3>Expected returns</h3>"
            "<p>When complete, the park is expected to produce about CNY 5 billion a year and to house more than 50 "
            "medical device companies.</p>"
        ),
        "body_ja": (
            "<h3>プロジェクト概要</h3>"
            "<p>計画用地は約13ヘクタールで、第1期として標準工場、クリーンルーム、"
            "研究開発棟など計12万平方メートルを建設し、体外診断、医用画像、リハビリ機器、"
            "高付加価値医療用消耗品などの分野の製造企業と研究開発機関を重点的に誘致します。</p>"
            "<h3>投資環境</h3>"
            "<p>鄞州区にはすでに100社を超える医療機器メーカーが集積しています。"
            "区内には医療機器の登録申請サポート窓口と検査・試験の公共サービスプラットフォームがあり、"
            "製品登録から臨床試験の連携まで一貫したサービスを提供します。パークから寧波櫟社国際空港までは約15キロです"
            "。</p>"
            "<h3>協力形態</h3>"
            "<p>パーク全体の開発、合弁による共同建設、賃貸による入居などの形態が可能です。"
            "詳細は個別にご相談ください。</p>"
            "<h3>期待される効果</h3>"
            "<p>全面完成後の年間生産額は約50億元、医療機器企業50社以上の集積を見込んでいます。</p>"
        ),
        "industries": ["medical"],
        "districts": ["330212"],
        "published_days_ago": 177,
        "sector": "medical",
        "location_zh": "宁波市鄞州经济开发区",
        "location_en": "Yinzhou Economic Development Zone, Ningbo",
        "amount_wan": 80000,
        "contact_zh": "鄞州区商务局外资科　0574-87183735　yinzhou-invest@example.gov.cn",
        "contact_en": (
            "Foreign Investment Section, Yinzhou District Bureau of Commerce, 0574-87183735, yinzhou-invest@example."
            "gov.cn"
        ),
    },
    {
        "ref": "proj-zhenhai-polymers",
        "kind": "project",
        "unit": "foreign-investment",
        "title_zh": "年产20万吨高性能聚合物新材料项目",
        "title_en": "High-Performance Polymer Materials, 200,000 Tonnes a Year",
        "title_ja": "年産20万トン高性能ポリマー新素材プロジェクト",
        "summary_zh": (
            "依托宁波石化经济技术开发区上游原料优势，建设年产20万吨特种工程塑料和高端聚烯烃生产装置，"
            "欢迎外商独资或中外合资。"
        ),
        "summary_en": (
            "Plants for 200,000 tonnes a year of specialty engineering plastics and high-end polyolefins, using the "
            "upstream feedstock of the Ningbo Petrochemical Economic and Technological Development Zone. Wholly "
            "foreign-owned and joint-venture investment welcome."
        ),
        "summary_ja": (
            "寧波石化経済技術開発区の川上原料の強みを生かし、特殊エンジニアリングプラスチックと高機能ポリオレフィンを"
            "年間20万トン生産する設備を建設します。外資独資・中外合弁いずれも歓迎します。"
        ),
        "body_zh": (
            "<h3>项目概况</h3>"
            "<p>项目拟利用园区乙烯、丙烯等上游原料，建设年产20万吨高性能聚合物生产装置，"
            "产品包括特种工程塑料和高端聚烯烃，主要用于新能源汽车、电子电器和医疗器械等领域。</p>"
            "<h3>投资环境</h3>"
            "<p>宁波石化经济技术开发区是国家级经济技术开发区，炼化一体化产业链完整，公用工程、"
            "公共管廊和危险化学品物流等配套设施齐全，毗邻宁波舟山港镇海港区，具备大宗原料和产品的水运条件。</p>"
            "<h3>合作方式</h3>"
            "<p>外商独资或中外合资。属于《鼓励外商投资产业目录》的项目，进口自用设备可按规定享受免征关税政策。</p>"
            "<h3>预期效益</h3>"
            "<p>达产后预计年销售收入45亿元，年纳税约3亿元。</p>"
        ),
        "body_en": (
            "<h3>The project</h3>"
            "<p>Using ethylene, propylene and other upstream feedstock available in the zone, the project will build "
            "plants for 200,000 tonnes a year of high-performance polymers, including specialty engineering plastics "
            "and high-end polyolefins, mainly for new energy vehicles, electronics and electrical appliances, and "
            "medical devices.</p>"
            "<h3>Investment environment</h3>"
            "<p>The Ningbo Petrochemical Economic and Technological Development Zone is a national-level development "
            "zone with a complete integrated refining and chemicals chain, full utilities, shared pipe racks and "
            "hazardous chemicals logistics. It is next to the Zhenhai port area of Ningbo-Zhoushan Port, so bulk "
            "feedstock and products can travel by water.</p>"
            "<h3>Forms of cooperation</h3>"
            "<p>Wholly foreign-owned enterprise or Sino-foreign joint venture. For projects listed in the Catalogue "
            "of Industries for Encouraging Foreign Investment, equipment imported for the project’s own use is "
            "exempt from customs duties as provided.</p>"
            "<h3>Expected returns</h3>"
            "<p>At full capacity, annual sales of about CNY 4.5 billion and annual taxes of about CNY 300 million."
            "</p>"
        ),
        "body_ja": (
            "<h3>プロジェクト概要</h3>"
            "<p>開発区内のエチレン、プロピレンなどの川上原料を活用し、特殊エンジニアリングプラスチックと高機能ポリオ"
            "レフィンを中心とする高性能ポリマーを年間20万トン生産する設備を建設します。製品は主に新エネルギー車、"
            "電子・電気機器、医療機器などの分野に供給されます。</p>"
            "<h3>投資環境</h3>"
            "<p>寧波石化経済技術開発区は国家級経済技術開発区で、石油精製・化学一体型の産業チェーンが整っており、"
            "ユーティリティ、共同パイプラック、危険化学品物流などのインフラも完備しています。"
            "寧波舟山港鎮海港区に隣接し、原料・製品の大量水上輸送が可能です。</p>"
            "<h3>協力形態</h3>"
            "<p>外資独資または中外合弁。「外商投資奨励産業目録」に該当するプロジェクトは、"
            "自社使用の輸入設備について規定に基づき関税が免除されます。</p>"
            "<h3>期待される効果</h3>"
            "<p>フル稼働時の年間売上高は約45億元、年間納税額は約3億元を見込んでいます。</p>"
        ),
        "industries": ["chemicals"],
        "districts": ["330211"],
        "published_days_ago": 45,
        "sector": "chemicals",
        "location_zh": "宁波石化经济技术开发区（镇海区）",
        "location_en": "Ningbo Petrochemical Economic and Technological Development Zone (Zhenhai District)",
        "amount_wan": 300000,
        "contact_zh": "市商务局外商投资管理处　0574-87183625　fdi@example.gov.cn",
        "contact_en": (
            "Foreign Investment Administration Division, Municipal Bureau of Commerce, 0574-87183625, fdi@example."
            "gov.cn"
        ),
    },
    # ==================== News (工作动态)
    {
        "ref": "news-trade-q3",
        "kind": "news",
        "unit": "office",
        "title_zh": "前三季度全市外贸进出口稳中有进",
        "title_en": "Ningbo’s Foreign Trade Grows Steadily in the First Three Quarters",
        "summary_zh": "前三季度全市进出口总额1.05万亿元，同比增长4.8%，其中出口增长6.1%。",
        "summary_en": (
            "The city’s imports and exports reached CNY 1.05 trillion in the first three quarters, up 4.8% year on "
            "year; exports grew by 6.1%."
        ),
        "body_zh": (
            "<p>据海关统计，今年前三季度，全市实现进出口总额1.05万亿元，同比增长4.8%。其中，出口6780亿元，增长6.1%；"
            "进口3720亿元，增长2.5%。</p>"
            "<p>从市场看，对共建“一带一路”国家进出口增长8.3%，占全市进出口总额的比重提高到46.2%。从产品看，"
            "机电产品出口增长7.4%，汽车零部件、家用电器、文具等优势产品出口保持较快增长。从主体看，"
            "有进出口实绩的企业达2.4万家，民营企业进出口占比超过七成。</p>"
            "<p>下一步，市商务局将持续抓好稳外贸政策落地，加快发展跨境电商、海外仓等外贸新业态，"
            "全力完成全年外贸目标任务。</p>"
        ),
        "body_en": (
            "<p>According to customs statistics, the city’s imports and exports totalled CNY 1.05 trillion in the "
            "first three quarters of the year, up 4.8% year on year. Exports were CNY 678 billion, up 6.1%; imports "
            "were CNY 372 billion, up 2.5%.</p>"
            "<p>By market, trade with Belt and Road partner countries grew by 8.3% and rose to 46.2% of the city’s "
            "total. By product, exports of mechanical and electrical products grew by 7.4%, and the city’s strong "
            "lines, such as auto parts, household appliances and stationery, continued to grow quickly. By company, "
            "24,000 enterprises imported or exported, and private enterprises accounted for more than 70% of the "
            "total.</p>"
            "<p>The Municipal Bureau of Commerce will keep putting the foreign trade support policies into practice, "
            "speed up new forms of trade such as cross-border e-commerce and overseas warehouses, and spare no "
            "effort to meet this year’s foreign trade targets.</p>"
        ),
        "industries": [],
        "districts": [],
        "published_days_ago": 44,
        "photos": [
            {
                "caption_zh": "宁波舟山港集装箱码头",
                "caption_en": "Container terminal at Ningbo-Zhoushan Port",
                "color": "#2a6f97",
            },
            {
                "caption_zh": "企业出口汽车零部件装箱",
                "caption_en": "Auto parts being loaded into a container for export",
                "color": "#c8553d",
            },
        ],
    },
    {
        "ref": "news-portal-progress",
        "kind": "news",
        "unit": "office",
        "title_zh": "“商务之窗”政务服务平台上线办件进度查询和网上投诉功能",
        "title_en": "TradeWindow Adds Case Tracking and Online Complaints",
        "summary_zh": "企业可随时查看办件各环节进度和审核意见，网上投诉实行“一件一号”全程跟踪。",
        "summary_en": (
            "Enterprises can now follow every step of their applications and see reviewers’ comments at any time; "
            "each online complaint gets a tracking number."
        ),
        "body_zh": (
            "<p>近日，市商务局“商务之窗”政务服务平台完成升级，新增办件进度实时查询、"
            "网上投诉和企业信用信息查询等功能。</p>"
            "<p>企业通过平台申报市场开拓资金、办理技术进出口合同登记等事项后，可随时查看受理、审核、"
            "办结等各环节进度和审核意见，不必再电话询问。网上投诉实行“一件一号”，"
            "企业和群众凭投诉编号即可跟踪办理情况，办结后还可对办理结果进行评价。"
            "平台同时整合了全市6000余家外贸企业的基本信息和信用记录，方便采购商了解企业信用状况。</p>"
            "<p>市商务局有关负责人表示，下一步将推动各区（县、市）“商务之窗”子站与市级平台统一管理，实现政策、"
            "办事和服务信息“一网通查”。</p>"
        ),
        "body_en": (
            "<p>The Municipal Bureau of Commerce has upgraded its TradeWindow e-government platform, adding "
            "real-time case tracking, online complaints and enterprise credit look-ups.</p>"
            "<p>After applying on the platform for the Market Development Fund, a technology contract registration "
            "or another service, an enterprise can see at any time how far its case has gone through acceptance, "
            "review and conclusion, together with the reviewers’ comments, without having to telephone. Each online "
            "complaint receives a tracking number with which businesses and citizens can follow its handling, and "
            "rate the outcome once it is concluded. The platform also brings together the basic information and "
            "credit records of more than 6,000 foreign trade enterprises in the city, so that buyers can judge how "
            "trustworthy a company is.</p>"
            "<p>A bureau official said that the next step is to manage the district and county TradeWindow sub-sites "
            "together with the municipal platform, so that policies, services and information can all be found in "
            "one place.</p>"
        ),
        "industries": [],
        "districts": [],
        "published_days_ago": 230,
        "photos": [
            {
                "caption_zh": "工作人员演示办件进度查询功能",
                "caption_en": "A staff member shows how to track a case",
                "color": "#3d5a80",
            },
            {
                "caption_zh": "“商务之窗”平台首页",
                "caption_en": "The TradeWindow home page",
                "color": "#98c1d9",
            },
        ],
    },
    {
        "ref": "news-beilun-japan-buyers",
        "kind": "news",
        "unit": "beilun",
        "title_zh": "日本采购商代表团走进北仑　模具汽配企业收获意向订单",
        "title_en": "Japanese Buyers Visit Beilun; Mould and Auto Parts Makers Win Prospective Orders",
        "summary_zh": "18家日本汽车零部件企业组成的采购商代表团来仑对接洽谈，达成意向采购金额2300万美元。",
        "summary_en": (
            "A delegation of buyers from 18 Japanese auto parts companies held talks in Beilun, with prospective "
            "purchases worth USD 23 million."
        ),
        "body_zh": (
            "<p>11月19日至20日，由18家日本汽车零部件企业组成的采购商代表团来到北仑，"
            "参加北仑区模具汽配产业对日采购对接会。</p>"
            "<p>本次对接会原定于10月下旬举办，因日方行程调整延期。代表团成员表示，他们最早是通过“商务之窗”"
            "网上博览会了解到北仑模具企业的产品，此次专程来实地考察。活动期间，32家区内企业与日方开展一对一洽谈85场，"
            "达成意向采购金额2300万美元；代表团还实地考察了5家模具和压铸企业的生产车间。</p>"
            "<p>区商务局将跟踪推动意向订单落地，并计划明年组织企业赴日本参加汽车零部件专业展。</p>"
        ),
        "body_en": (
            "<p>On 19 and 20 November, a delegation of buyers from 18 Japanese auto parts companies came to Beilun "
            "for the Beilun Mould and Auto Parts Matchmaking Meeting with Japanese Buyers.</p>"
            "<p>The meeting had been planned for late October and was postponed when the Japanese side changed its "
            "travel plans. Members of the delegation said they had first come across the products of Beilun’s mould "
            "makers on the TradeWindow online expo, and had come specially to see the factories. During the event, "
            "32 enterprises from the district held 85 one-to-one meetings with the Japanese buyers, with prospective "
            "purchases worth USD 23 million; the delegation also visited the workshops of 5 mould and die-casting "
            "companies.</p>"
            "<p>The District Bureau of Commerce will follow up to turn the prospective orders into contracts, and "
            "plans to take enterprises to an auto parts trade fair in Japan next year.</p>"
        ),
        "industries": ["machinery", "auto_parts"],
        "districts": ["330206"],
        "published_days_ago": 12,
        "photos": [
            {
                "caption_zh": "一对一洽谈现场",
                "caption_en": "One-to-one meetings with the Japanese buyers",
                "color": "#6a4c93",
            },
            {
                "caption_zh": "日方代表考察模具企业车间",
                "caption_en": "The delegation visits a mould maker’s workshop",
                "color": "#1982c4",
            },
            {
                "caption_zh": "压铸件样品展示",
                "caption_en": "Die-cast samples on display",
                "color": "#8d99ae",
            },
        ],
    },
    {
        "ref": "news-export-goods-fair",
        "kind": "news",
        "unit": "market",
        "title_zh": "“甬品出海·优品回家”外贸优品展销活动举办",
        "title_en": "“Made in Ningbo, Sold at Home”: Export-Quality Goods Fair Held",
        "summary_zh": "60家外贸企业带来1200余种出口转内销产品，两天活动实现销售额和意向订单合计860万元。",
        "summary_en": (
            "Sixty foreign trade enterprises brought more than 1,200 export products to the home market; sales and "
            "prospective orders over the two days came to CNY 8.6 million."
        ),
        "body_zh": (
            "<p>3月7日至8日，“甬品出海·优品回家”外贸优品展销活动在天一广场举办。活动由市商务局主办、"
            "海曙区商务局承办，是我市推进内外贸一体化的一项具体举措。</p>"
            "<p>来自全市的60家外贸企业参展，展出小家电、家居用品、服装、文具等出口转内销产品1200余种，"
            "其中30余种产品已取得“同线同标同质”认证。两天活动吸引市民5万余人次，现场销售额和意向订单合计860万元，"
            "12家企业与本地商超、电商平台达成长期供货意向。</p>"
            "<p>市商务局将常态化开展外贸优品进商场、进社区活动，帮助外贸企业用好国内国际两个市场。</p>"
        ),
        "body_en": (
            "<p>On 7 and 8 March, the “Made in Ningbo, Sold at Home” fair of export-quality goods was held at Tianyi "
            "Square. Organized by the Municipal Bureau of Commerce and hosted by the Haishu District Bureau of "
            "Commerce, it is one of the city’s concrete steps towards integrating domestic and foreign trade.</p>"
            "<p>Sixty foreign trade enterprises from across the city showed more than 1,200 export products now also "
            "sold at home, including small appliances, home goods, clothing and stationery; more than 30 of them are "
            "certified under the “same line, same standard, same quality” scheme. The fair drew over 50,000 visits "
            "in two days, sales and prospective orders came to CNY 8.6 million, and 12 enterprises agreed in "
            "principle to supply local supermarkets and e-commerce platforms on a long-term basis.</p>"
            "<p>The Municipal Bureau of Commerce will make such events in shopping centres and neighbourhoods a "
            "regular feature, helping foreign trade enterprises make good use of both the domestic and the "
            "international market.</p>"
        ),
        "industries": ["home", "textiles", "stationery", "electronics"],
        "districts": ["330203"],
        "published_days_ago": 270,
        "photos": [
            {
                "caption_zh": "展销活动现场",
                "caption_en": "The fair at Tianyi Square",
                "color": "#e07a5f",
            },
            {
                "caption_zh": "市民选购外贸优品",
                "caption_en": "Shoppers choosing export-quality goods",
                "color": "#81b29a",
            },
        ],
    },
    {
        "ref": "news-expo-winter-home",
        "kind": "news",
        "unit": "ecommerce",
        "title_zh": "网上博览会“冬季家居与礼品专场”今日上线",
        "title_en": "Online Expo Opens Its Winter Home and Gifts Exhibition Today",
        "summary_zh": "专场设家居用品、节日礼品、文具和玩具四个展馆，160家本市企业参展，展出产品3500余种。",
        "summary_en": (
            "Four halls, home goods, festive gifts, stationery and toys, with 160 exhibitors from the city and more "
            "than 3,500 products."
        ),
        "body_zh": (
            "<p>今天，“商务之窗”网上博览会“冬季家居与礼品专场”正式上线。专场设家居用品、节日礼品、"
            "文具和玩具四个展馆，共有160家本市企业参展，展出产品3500余种。</p>"
            "<p>专场上线期间，采购商可全天候浏览展位、在线询盘和发布采购需求，平台提供中英文双语服务。"
            "参展企业可通过批量导入快速更新产品目录，及时回复采购商询盘和报价。</p>"
            "<p>网上博览会自开通以来，已累计服务注册采购商逾万家，成为我市外贸企业“不出国门拓市场”的重要渠道。</p>"
        ),
        "body_en": (
            "<p>The Winter Home and Gifts exhibition of the TradeWindow online expo opens today. It has four halls, "
            "home goods, festive gifts, stationery and toys, with 160 exhibitors from the city showing more than 3,"
            "500 products.</p>"
            "<p>While the exhibition is open, buyers can visit booths, send inquiries and post buyer requests around "
            "the clock, in Chinese or English. Exhibitors can update their catalogues quickly by bulk import and "
            "answer buyers’ inquiries and requests for quotes promptly.</p>"
            "<p>Since it opened, the online expo has served more than 10,000 registered buyers and has become an "
            "important way for the city’s exporters to reach markets abroad without leaving home.</p>"
        ),
        "industries": ["home", "stationery", "toys"],
        "districts": [],
        "scheduled_in_days": 3,
        "photos": [
            {
                "caption_zh": "专场首页",
                "caption_en": "The exhibition’s front page",
                "color": "#2a9d8f",
            },
            {
                "caption_zh": "家居用品馆",
                "caption_en": "The home goods hall",
                "color": "#e9c46a",
            },
        ],
    },
]
