"""Titles (资质/称号) an enterprise can hold, in ladder order, and the kinds of intellectual property.

Rung numbers order the cultivation ladder 科小 → 高企 → 创新型 → 专精特新 → 小巨人 → 瞪羚 → 独角兽 → 上市.
`valid_years` is the usual validity of a recognition; 科小 registration is valid for the current year only.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Title:
    code: str
    label: str
    short: str
    rung: int
    valid_years: int | None  # None: no fixed validity (上市)


TITLES: tuple[Title, ...] = (
    Title("tech_sme", "科技型中小企业", "科小", 1, 1),
    Title("high_tech", "高新技术企业", "高企", 2, 3),
    Title("innovative_sme", "创新型中小企业", "创新型", 3, 3),
    Title("srdi_sme", "专精特新中小企业", "专精特新", 4, 3),
    Title("little_giant", "专精特新“小巨人”企业", "小巨人", 5, 3),
    Title("gazelle", "瞪羚企业", "瞪羚", 6, 1),
    Title("seed_unicorn", "种子独角兽企业", "种子独角兽", 7, 1),
    Title("potential_unicorn", "潜在独角兽企业", "潜在独角兽", 7, 1),
    Title("unicorn", "独角兽企业", "独角兽", 8, 1),
    Title("listing_reserve", "上市后备企业", "上市后备", 8, 1),
    Title("listed", "上市企业", "上市", 9, None),
)
TITLE_BY_CODE = {t.code: t for t in TITLES}
TITLE_CHOICES = tuple((t.code, t.label) for t in TITLES)

TITLE_LEVELS = (("national", "国家级"), ("provincial", "省级"), ("city", "市级"), ("district", "区级"))

# Intellectual property: kind → (中文, class). Class Ⅰ/Ⅱ as defined for 高企 and 科小 (trade marks excluded).
IP_KINDS: tuple[tuple[str, str, int], ...] = (
    ("invention_patent", "发明专利", 1),
    ("defense_patent", "国防专利", 1),
    ("plant_variety", "植物新品种", 1),
    ("crop_variety", "国家级农作物品种", 1),
    ("new_drug", "国家新药", 1),
    ("tcm_protected", "国家一级中药保护品种", 1),
    ("ic_layout", "集成电路布图设计专有权", 1),
    ("utility_model", "实用新型专利", 2),
    ("design_patent", "外观设计专利", 2),
    ("software_copyright", "软件著作权", 2),
)
IP_KIND_CHOICES = tuple((code, label) for code, label, _ in IP_KINDS)
IP_CLASS = {code: cls for code, _, cls in IP_KINDS}

IP_ACQUISITIONS = (
    ("self_developed", "自主研发"),
    ("transferred", "受让"),
    ("donated", "受赠"),
    ("merged", "并购"),
)


def flat_title_code(header: str) -> str | None:
    """The title a flat column names: `title_<code>_valid_until` or “<称号>有效期至” (e.g. 高企有效期至)."""
    text = str(header).strip()
    if text.startswith("title_") and text.endswith("_valid_until"):
        code = text[len("title_"):-len("_valid_until")]
        return code if code in TITLE_BY_CODE else None
    if text.endswith("有效期至"):
        name = text[:-len("有效期至")]
        return next((t.code for t in TITLES if name in (t.label, t.short)), None)
    return None


def inferred_recognition(title: str, valid_until):
    """A flat column gives only the end of validity; the grant is taken to have started one validity period
    earlier (e.g. 高企 valid until 2027-11-30 → recognised 2024-12-01). Documented in the data dictionary."""
    import datetime as dt

    years = TITLE_BY_CODE[title].valid_years or 1
    start = valid_until + dt.timedelta(days=1)
    try:
        return start.replace(year=start.year - years)
    except ValueError:  # 29 February
        return start.replace(year=start.year - years, day=28)


def title_of(text: str) -> str:
    """A title named by its code, its name or its short name (high_tech, 高新技术企业, 高企); ValueError if none."""
    words = {w: t.code for t in TITLES for w in (t.code, t.label, t.short)}
    found = words.get(str(text).strip())
    if found is None:
        raise ValueError(f"无法识别的称号“{text}”，可用：{'、'.join(t.short for t in TITLES)}")
    return found


def level_of(text: str) -> str:
    """A level named by its code or in Chinese (provincial, 省级); ValueError if none."""
    words = {w: code for code, label in TITLE_LEVELS for w in (code, label, label.removesuffix("级"))}
    found = words.get(str(text).strip())
    if found is None:
        raise ValueError(f"无法识别的级别“{text}”，可用：{'、'.join(label for _c, label in TITLE_LEVELS)}")
    return found


def validity_end(title: str, recognized_on):
    """The last day a recognition is valid when the list does not say: 科小's registration only in its year
    (tsme.validity.annual: 入库登记编号只在当年有效), other titles `valid_years` from the day of recognition
    (高企 3 年, 专精特新/小巨人/创新型 3 年 per the v2022 办法, 瞪羚 1 年); None for 上市."""
    import datetime as dt

    years = TITLE_BY_CODE[title].valid_years
    if years is None:
        return None
    if title == "tech_sme":
        return dt.date(recognized_on.year, 12, 31)
    try:
        end = recognized_on.replace(year=recognized_on.year + years)
    except ValueError:  # 29 February
        end = recognized_on.replace(year=recognized_on.year + years, day=28)
    return end - dt.timedelta(days=1)


# Terms of protection from the filing date (专利法 第四十二条, as amended 2020, in force 2021-06-01: 发明 20 年,
# 实用新型 10 年, 外观设计 15 年 for applications from 2021-06-01 and 10 years before). Other kinds have no term here:
# their `expires_on` is given or they are taken as in force.
IP_TERM_YEARS = {"invention_patent": 20, "utility_model": 10}
DESIGN_TERM_CHANGE = (2021, 6, 1)
IP_STATUSES = (("valid", "有效"), ("pending", "审中"), ("lapsed", "失效"))


def ip_term_end(kind: str, applied_on):
    """The last day of protection a patent's filing date gives, or None when the list does not allow it."""
    import datetime as dt

    if applied_on is None:
        return None
    years = IP_TERM_YEARS.get(kind)
    if kind == "design_patent":
        years = 15 if applied_on >= dt.date(*DESIGN_TERM_CHANGE) else 10
    if years is None:
        return None
    try:
        end = applied_on.replace(year=applied_on.year + years)
    except ValueError:  # 29 February
        end = applied_on.replace(year=applied_on.year + years, day=28)
    return end - dt.timedelta(days=1)


def ip_in_force(day, *, kind: str, status: str, applied_on=None, granted_on=None, expires_on=None,
                lapsed_on=None) -> bool | None:
    """Whether a right was in force on `day`: granted by then, not past its term, not lapsed by then. None when
    the list does not say (a lapsed right without the date it lapsed, for a day after its grant)."""
    if status == "pending" or granted_on is None or granted_on > day:
        return False
    end = expires_on or ip_term_end(kind, applied_on)
    if end is not None and end < day:
        return False
    if status == "lapsed":
        return None if lapsed_on is None else lapsed_on > day
    return True


def ip_kind_from_number(number: str) -> str | None:
    """The kind a Chinese number shows: 软著 登记号 (2021SR0123456), or the type digit of a patent application
    number (ZL 2021 1 0123456.7: 1/8 发明, 2/9 实用新型, 3 外观设计)."""
    import re

    text = re.sub(r"[\s.．]", "", str(number).upper()).removeprefix("ZL").removeprefix("CN")
    if re.fullmatch(r"\d{4}SR\d+", text):
        return "software_copyright"
    match = re.fullmatch(r"(\d{4})(\d)\d{7}[0-9X]", text)
    if not match:
        return None
    return {"1": "invention_patent", "8": "invention_patent", "2": "utility_model", "9": "utility_model",
            "3": "design_patent"}.get(match.group(2))
