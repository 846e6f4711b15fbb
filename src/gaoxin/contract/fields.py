"""Every field of the enterprise data contract, with its Chinese label, unit, meaning and range.

Ranges are hard limits: a value outside them is an impossible value and an import error. Plausibility
(amounts that look like 元 rather than 万元) is judged separately in `checks`, because it depends on the size
of the enterprise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Kind = Literal["text", "int", "money", "number", "percent", "bool", "date", "enum", "year"]
Level = Literal["enterprise", "year"]


@dataclass(frozen=True)
class Field:
    code: str
    label: str
    kind: Kind
    level: Level
    unit: str = ""
    meaning: str = ""
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    choices: tuple[tuple[str, str], ...] = ()  # (code, 中文)
    required: bool = False
    aliases: tuple[str, ...] = ()  # other headers users put on this column
    synonyms: tuple[tuple[str, str], ...] = ()  # (what users write, choice code): 无 → none (未建立)
    absent: tuple[str, ...] = ()  # cell contents meaning "none of it", kept as an empty cell (未获奖 → blank)

    def choice_label(self, value: str) -> str:
        return dict(self.choices).get(value, value)

    def choice_code(self, raw: object) -> str | None:
        """The choice a cell names by its code, its label or a synonym (case and spaces ignored); None if none.
        Asked before a cell is taken for empty, so the code `none` (未建立) is a value, not a blank."""
        if not self.choices or raw is None:
            return None
        text = str(raw).strip()
        for code, label in self.choices:
            if text.lower() == code or text == label:
                return code
        return dict(self.synonyms).get(text)


D = Decimal
ZERO = D(0)
MAX_MONEY = D("100000000")  # 1 万亿元 in 万元: no enterprise in a zone reports more
MAX_PERSONS = 2_000_000

RD_INSTITUTION_LEVELS = (
    ("national", "国家级"),
    ("provincial", "省级"),
    ("city", "市级"),
    ("below_city", "市级以下"),
    ("none", "未建立"),
)
LISTED_BOARDS = (
    ("main", "主板"),
    ("star", "科创板"),
    ("chinext", "创业板"),
    ("bse", "北交所"),
    ("neeq", "新三板"),
)
HIGH_TECH_FIELDS = (
    ("electronic_info", "电子信息"),
    ("biomedicine", "生物与新医药"),
    ("aerospace", "航空航天"),
    ("new_materials", "新材料"),
    ("high_tech_services", "高技术服务"),
    ("new_energy", "新能源与节能"),
    ("resources_env", "资源与环境"),
    ("advanced_manufacturing", "先进制造与自动化"),
    ("outside", "不属于重点支持领域"),  # staff judged the core technology to be outside all eight
)
NO_AWARD = ("0", "无", "未获奖", "没有", "否", "未获得", "未入围")


def _ent(code, label, kind, **kw) -> Field:
    return Field(code, label, kind, "enterprise", **kw)


def _yr(code, label, kind, **kw) -> Field:
    return Field(code, label, kind, "year", **kw)


def _money(code, label, meaning, signed=False) -> Field:
    return _yr(code, label, "money", unit="万元", meaning=meaning,
               minimum=-MAX_MONEY if signed else ZERO, maximum=MAX_MONEY)


def _persons(code, label, meaning) -> Field:
    return _yr(code, label, "int", unit="人", meaning=meaning, minimum=ZERO, maximum=D(MAX_PERSONS))


def _count(code, label, meaning) -> Field:
    return _yr(code, label, "int", unit="项", meaning=meaning, minimum=ZERO, maximum=D(100_000))


ENTERPRISE_FIELDS: tuple[Field, ...] = (
    _ent("credit_code", "统一社会信用代码", "text", required=True,
         aliases=("信用代码", "社会信用代码"),
         meaning="18 位，第 18 位为校验位（GB 32100-2015）"),
    _ent("name", "企业名称", "text", meaning="工商登记名称；新企业必填；2–200 个字符，不含控制字符和不可见字符"),
    _ent("founded_on", "成立日期", "date", meaning="工商注册成立日期"),
    _ent("park", "所属园区/街道", "text", aliases=("所属园区", "园区", "街道", "所属街道"),
         meaning="本区的园区或街道名称，须为已登记的园区/街道"),
    _ent("industry_code", "国民经济行业代码", "text", meaning="GB/T 4754-2017 行业代码，如 C3911、I6513"),
    _ent("high_tech_field", "高新技术领域", "enum", choices=HIGH_TECH_FIELDS,
         meaning="《国家重点支持的高新技术领域》八大领域之一；工作人员判定不属于任何领域时填“不属于重点支持领域”"),
    _ent("strategic_emerging", "主导产品属于战略性新兴产业", "bool",
         meaning="主导产品属于《战略性新兴产业分类》"),
    _ent("niche_since", "进入细分市场年份", "year", minimum=D(1900), maximum=D(2100),
         meaning="主导产品进入特定细分市场的年份"),
    _ent("listed_board", "上市板块", "enum", choices=LISTED_BOARDS, meaning="已上市或挂牌的板块；未上市留空",
         absent=("未上市", "无", "否", "未挂牌")),
    _ent("resident", "境内注册居民企业", "bool", meaning="在中国境内（不含港澳台）注册的居民企业；默认是"),
    _ent("restricted_industry", "属于禁止/限制/淘汰类", "bool",
         meaning="产品或服务属于国家禁止、限制或淘汰类"),
    _ent("credit_blacklisted", "列入经营异常名录或严重失信名单", "bool", meaning="申报时的信用状态"),
    _ent("branch_or_trading", "分公司、销售或贸易公司", "bool",
         meaning="分公司、销售公司、贸易公司、外企生产基地或大型央企下属企业（瞪羚评价排除）"),
    _ent("listing_plan", "有明确上市计划", "bool", meaning="有明确的境内外上市计划"),
    _ent("joint_stock", "已完成股份制改造", "bool", meaning="已改制为股份有限公司"),
    _ent("joint_stock_planned", "计划 2 年内完成股改", "bool", meaning="尚未股改，但计划 2 年内完成"),
)

YEAR_FIELDS: tuple[Field, ...] = (
    _yr("year", "年度", "year", required=True, minimum=D(1990), maximum=D(2100), meaning="财务数据所属会计年度"),
    _persons("employees", "职工总数", "在职、兼职和临时聘用人员（后两者全年累计工作 183 天以上）"),
    _persons("tech_staff", "科技人员", "直接从事研发和相关技术创新活动及其管理、服务的人员"),
    _persons("rd_staff", "研发人员", "从事研究开发活动的人员"),
    _money("revenue", "营业收入", "利润表营业收入（主营业务收入 + 其他业务收入）"),
    _money("main_revenue", "主营业务收入", "主营业务收入"),
    _money("high_tech_revenue", "高新技术产品（服务）收入", "高新技术产品（服务）收入与技术性收入之和"),
    _money("total_assets", "资产总额", "年末资产总额"),
    _money("total_liabilities", "负债总额", "年末负债总额"),
    _money("net_assets", "净资产", "年末净资产 = 资产总额 − 负债总额", signed=True),
    _money("total_cost", "成本费用支出总额", "营业成本、税金及附加、期间费用与研发费用之和"),
    _money("rd_expense", "研发费用总额", "按研发费用加计扣除口径归集的研发费用"),
    _yr("rd_expense_domestic", "其中境内研发费用", "money", unit="万元", minimum=ZERO, maximum=MAX_MONEY,
        aliases=("境内研发费用", "其中：境内研发费用"), meaning="在中国境内发生的研发费用"),
    _money("net_profit", "净利润", "利润表净利润", signed=True),
    _money("equity_financing", "新增股权融资（合格机构投资者实缴）", "当年合格机构投资者实缴的股权融资"),
    _money("total_financing", "累计股权融资", "截至年末累计获得的专业投资机构股权融资（人民币折算）"),
    _money("net_profit_deducted", "扣除非经常性损益后的净利润", "扣非净利润", signed=True),
    _money("operating_cash_flow", "经营活动现金流量净额", "现金流量表经营活动产生的现金流量净额", signed=True),
    _yr("expected_market_value", "预计市值", "number", unit="亿元", minimum=ZERO, maximum=D(1_000_000),
        meaning="保荐机构或投资机构对发行上市时市值的预计"),
    _yr("valuation_usd", "估值", "number", unit="亿美元", minimum=ZERO, maximum=D(100_000),
        meaning="最近一轮融资的投后估值"),
    _count("ip_class1", "Ⅰ类知识产权", "年末有效、与主要产品相关的Ⅰ类知识产权（发明专利等）"),
    _count("ip_class1_self", "其中自主研发Ⅰ类", "Ⅰ类中原始取得（自主研发）的"),
    _count("ip_class1_high_value", "其中高价值Ⅰ类", "Ⅰ类中的高价值知识产权"),
    _count("ip_class2", "Ⅱ类知识产权", "年末有效、与主要产品相关的Ⅱ类知识产权（实用新型、外观设计、软著等）"),
    _count("tech_conversions", "科技成果转化数", "当年科技成果转化项数"),
    _yr("rd_institution_level", "研发机构级别", "enum", choices=RD_INSTITUTION_LEVELS,
        synonyms=(("无", "none"), ("没有", "none"), ("未设立", "none"), ("无研发机构", "none"), ("否", "none")),
        meaning="经认定的最高级别研发机构；没有研发机构填“未建立”（none），留空表示未知"),
    _yr("national_award_rank", "国家级科技奖励排名", "int", unit="名", minimum=D(1), maximum=D(100), absent=NO_AWARD,
        meaning="当年国家级科技奖励在获奖单位中的排名；未获奖留空"),
    _yr("provincial_award_rank", "省级科技奖励排名", "int", unit="名", minimum=D(1), maximum=D(100), absent=NO_AWARD,
        meaning="当年省级科技奖励在获奖单位中的排名；未获奖留空"),
    _yr("makerchina_rank", "创客中国全国名次", "int", unit="名", minimum=D(1), maximum=D(100_000), absent=NO_AWARD,
        meaning="“创客中国”中小企业创新创业大赛全国名次；未获名次留空"),
    _yr("led_standard", "主导制定标准", "bool", meaning="当年主导制定国际、国家或行业标准"),
    _yr("major_incident", "重大事故或严重失信", "bool",
        meaning="当年发生重大安全、质量事故，严重环境违法或科研严重失信"),
    _yr("mgmt_certified", "管理体系认证", "bool", meaning="取得质量等管理体系认证"),
    _yr("own_brand", "自主品牌", "bool", meaning="拥有直接面向市场的自主品牌"),
    _yr("digital_level", "数字化水平等级", "int", unit="级", minimum=D(1), maximum=D(6),
        meaning="中小企业数字化水平评测等级"),
    _yr("market_share", "细分市场占有率", "percent", unit="%", minimum=ZERO, maximum=D(100),
        meaning="主导产品全国细分市场占有率"),
    _yr("market_share_intl", "国际细分市场占有率", "percent", unit="%", minimum=ZERO, maximum=D(100),
        aliases=("国际市场占有率",), meaning="主导产品在国际细分市场的占有率（2026 办法“小巨人”认定标准纳入）"),
    _yr("market_rank", "细分市场国内排名", "int", unit="名", minimum=D(1), maximum=D(100_000),
        meaning="主导产品在国内细分市场的排名"),
    _yr("quality_award", "省级以上质量奖", "bool", meaning="获得省级以上质量奖"),
    _yr("info_system", "核心业务信息系统支撑", "bool",
        meaning="研发设计、生产制造、供应链管理等环节中至少 1 项核心业务有信息系统支撑"),
    _yr("key_domain", "主导产品属于重点领域", "bool",
        meaning="主导产品属于制造业核心基础零部件、元器件、关键软件、基础工艺与材料、产业技术基础，"
                "或制造强国十大重点产业领域、网络强国相关领域（工作人员认定）"),
    _yr("chain_key_link", "位于产业链关键环节", "bool",
        meaning="位于产业链关键环节，发挥“补短板”“锻长板”“填空白”作用（工作人员认定）"),
    _yr("niche_market_leading", "细分市场占有率较为靠前", "bool",
        meaning="主导产品在国内或国际细分市场占有率较为靠前、有一定知名度（工作人员认定）"),
    _yr("srdi_domain_points", "专精特新主导产品领域得分", "int", unit="分", minimum=ZERO, maximum=D(5),
        meaning="专精特新评分“主导产品所属领域”档：补短板锻长板填空白 5、六基/老字号/服务龙头 3、其他 0"),
    _yr("srdi_local_points", "专精特新特色化得分", "number", unit="分", minimum=ZERO, maximum=D(15),
        meaning="专精特新评分中省级自定的特色化指标得分（满分 15）"),
    _yr("local_feature_1", "特色化指标一", "bool", meaning="省级特色化指标第一项（含义由所选省份版本规定）"),
    _yr("local_feature_2", "特色化指标二", "bool", meaning="省级特色化指标第二项（含义由所选省份版本规定）"),
    _yr("local_feature_3", "特色化指标三", "bool", meaning="省级特色化指标第三项（含义由所选省份版本规定）"),
    _yr("srdi_eval_score", "专精特新发展评价得分", "number", unit="分", minimum=ZERO, maximum=D(100),
        meaning="培育平台按《中小企业专精特新发展评价指标体系》给出的得分（2026 办法）"),
    _yr("hte_ip_points", "高企知识产权得分", "number", unit="分", minimum=ZERO, maximum=D(30),
        meaning="高企评价中专家给出的知识产权得分"),
    _yr("hte_rd_mgmt_points", "高企研发组织管理得分", "number", unit="分", minimum=ZERO, maximum=D(20),
        meaning="高企评价中专家给出的研究开发组织管理水平得分"),
)

ALL_FIELDS: tuple[Field, ...] = ENTERPRISE_FIELDS + YEAR_FIELDS
BY_CODE: dict[str, Field] = {f.code: f for f in ALL_FIELDS}
FIGURE_FIELDS: tuple[Field, ...] = tuple(f for f in YEAR_FIELDS if f.code != "year")
# Figures the zone's staff or its experts decide (认定, 评分), never asked of an enterprise (调查排摸).
ZONE_ASSESSED: frozenset[str] = frozenset({
    "key_domain", "chain_key_link", "niche_market_leading", "local_feature_1", "local_feature_2", "local_feature_3",
    "hte_ip_points", "hte_rd_mgmt_points", "srdi_domain_points", "srdi_local_points", "srdi_eval_score"})


def resolve_header(header: str) -> Field | None:
    """The field a spreadsheet column means: its code name or its Chinese label, ignoring spaces and units."""
    key = _header_key(header)
    return _HEADER_INDEX.get(key)


UNITS = ("万元", "人", "项", "亿美元", "%", "分", "级", "名", "个", "件", "年")
OTHER_MONEY_UNITS = ("元", "千元", "亿元", "百万元")  # a money column in these is not in 万元: refused, not guessed
_UNIT = re.compile(r"(?:\((?:单位[:：])?(?P<a>[^()]+)\)|[/_](?P<b>[^/_()]+))$")


def _split_unit(header: str) -> tuple[str, str | None]:
    """A header and the unit written after it: 营业收入（万元）, 营业收入(万元), 营业收入/万元,
    营业收入（单位：万元）."""
    text = str(header).strip().replace("（", "(").replace("）", ")").replace(" ", "").replace("\u3000", "")
    match = _UNIT.search(text)
    if match is None:
        return text, None
    return text[:match.start()], match.group("a") or match.group("b")


def _header_key(header: str) -> str:
    text, unit = _split_unit(header)
    return (text if unit in UNITS else text + (f"({unit})" if unit else "")).lower()


def unit_mismatch(header: str) -> str | None:
    """Why a column cannot be read as it is labelled: a money figure in 元 or 亿元 where the contract keeps 万元."""
    text, unit = _split_unit(header)
    f = _HEADER_INDEX.get(text.lower())
    if f is None or unit not in OTHER_MONEY_UNITS or f.unit != "万元":
        return None
    return (f"列“{header}”的单位是{unit}，本系统按万元导入：请换算为万元，"
            f"并把列名改为“{f.label}（万元）”")


_HEADER_INDEX: dict[str, Field] = {}
for _f in ALL_FIELDS:
    _HEADER_INDEX[_header_key(_f.code)] = _f
    _HEADER_INDEX[_header_key(_f.label)] = _f
    for _alias in _f.aliases:
        _HEADER_INDEX[_header_key(_alias)] = _f


def describe_rule(f: Field) -> str:
    """The validation of one field in words (the import template's notes and docs/data-dictionary.md)."""
    parts = []
    if f.code == "credit_code":
        parts.append("18 位，校验位按 GB 32100-2015 校验")
    if f.kind == "bool":
        parts.append("是 / 否")
    if f.kind == "date":
        parts.append("日期，如 2018-05-20")
    if f.kind == "enum":
        parts.append("以下之一：" + "、".join(f"{label}（{code}）" for code, label in f.choices))
    if f.kind in ("int", "year"):
        parts.append("整数")
    if f.minimum is not None and f.maximum is not None:
        parts.append(f"{f.minimum} 至 {f.maximum}")
    elif f.minimum is not None:
        parts.append(f"不小于 {f.minimum}")
    if f.required:
        parts.append("必填")
    else:
        parts.append("留空表示未知（不是 0）" if f.kind in ("int", "money", "number", "percent") else "留空表示未知")
    return "；".join(parts)
