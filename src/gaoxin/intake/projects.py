"""重大项目 as a zone keeps them in Excel (项目库, 调度表): one row per project and year, with its plan, stage and
progress, read all or nothing, every wrong cell named with its row. Money is 万元 unless the header says 亿元 or
元; plan dates may be a day or a month (2026年6月). Deciding what the rows change is `tracking.imports`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from gaoxin.contract.creditcode import normalise, problem
from gaoxin.contract.fields import Field
from gaoxin.contract.lists import PERIOD_WORDS, PROJECT_COLUMNS, PROJECT_REQUIRED, STAGE_WORDS
from gaoxin.intake.names import clean
from gaoxin.intake.reader import DEFAULT_LIMITS, Limits
from gaoxin.intake.table import Row, Table, read_table_of
from gaoxin.intake.xlsx import columns_template

PLANNED = ("signed_by", "started_by", "in_operation_by")
ACTUAL = ("signed_on", "started_on", "in_operation_on")
MONEY = ("investment", "year_plan", "invested", "invested_year")
_MONTH = re.compile(r"^(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*月?$")
ZERO = Decimal(0)


@dataclass(frozen=True)
class ProjectRecord:
    row: int
    name: str
    year: int
    category: str
    park: str
    investment: Decimal
    credit_code: str = ""
    enterprise: str = ""
    year_plan: Decimal | None = None
    stage: str | None = None  # a tracking STAGES code
    dates: tuple[tuple[str, dt.date], ...] = ()  # (field, day) of the planned and actual dates given
    invested: Decimal | None = None
    invested_year: Decimal | None = None
    progress: int | None = None
    report_every: int | None = None
    notes: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return (self.name, self.year)

    def date(self, code: str) -> dt.date | None:
        return dict(self.dates).get(code)


def read_projects(data: bytes, file_name: str, limits: Limits = DEFAULT_LIMITS) -> Table:
    return read_table_of(data, file_name, columns=PROJECT_COLUMNS, required=PROJECT_REQUIRED, key="name",
                         record=_record, same="与第 {row} 行是同一项目（名称和年度相同）", limits=limits,
                         identity=lambda r: r.key)


def _record(row: Row) -> ProjectRecord | None:
    name = clean(row.text("name"))[:200]
    if not name:
        row.wrong("name", "项目名称为必填项")
    year = row.parsed("year", Field("year", "纳入年度", "year", "year", minimum=Decimal(2000),
                                    maximum=Decimal(2100)), required=True)
    money = {code: _money(row, code) for code in MONEY}
    dates = tuple((code, day) for code in (*PLANNED, *ACTUAL) if (day := _day(row, code)) is not None)
    stage = row.word("stage", STAGE_WORDS, "无法识别的阶段：应为 洽谈、签约、开工（在建）或投产（竣工、落地）")
    every = row.word("report_every", PERIOD_WORDS, "报送周期应为 每月、每季度、每半年 或 每年")
    progress = row.parsed("progress", Field("progress", "形象进度", "percent", "year", minimum=ZERO,
                                            maximum=Decimal(100)))
    code = normalise(row.text("credit_code"))
    if code and (why := problem(code)):
        row.wrong("credit_code", why)
    for required in ("category", "park"):
        if not row.text(required):
            row.wrong(required, f"{row.header[required]}为必填项")
    if not row.text("investment"):
        row.wrong("investment", "总投资为必填项")
    _check_plan(row, money, dates, stage)
    if not row.ok:
        return None
    return ProjectRecord(row.number, name, int(year), clean(row.text("category")), clean(row.text("park")),
                         money["investment"], code, clean(row.text("enterprise"))[:200], money["year_plan"],
                         stage, dates, money["invested"], money["invested_year"],
                         int(progress) if progress is not None else None, every, row.text("notes")[:2000])


def _check_plan(row: Row, money: dict, dates: tuple, stage: str | None) -> None:
    """The project form's rules, plus what a sheet can contradict: planned dates in order, the year's plan and
    the amounts done within the total, and no investment done while still 洽谈."""
    investment, plan = money["investment"], money["year_plan"]
    if investment is not None and investment <= 0:
        row.wrong("investment", "总投资应大于 0")
    if investment is not None and plan is not None and plan > investment:
        row.wrong("year_plan", "本年计划投资不能大于总投资")
    if investment is not None and money["invested"] is not None and money["invested"] > investment:
        row.wrong("invested", "累计完成投资不能大于总投资")
    if money["invested"] is not None and money["invested_year"] is not None \
            and money["invested_year"] > money["invested"]:
        row.wrong("invested_year", "本年完成投资不能大于累计完成投资")
    planned = [(code, day) for code, day in dates if code in PLANNED]
    for (a, before), (b, after) in zip(planned, planned[1:], strict=False):
        if after < before:
            row.wrong(b, f"{row.header[b]}不能早于{row.header[a]}")
    if stage == "negotiating" and (money["invested"] or 0) > 0:
        row.wrong("invested", "洽谈阶段的项目不应已有完成投资：请核对阶段或完成投资")


def _money(row: Row, code: str) -> Decimal | None:
    """An amount in 万元, whatever unit the header names (亿元 × 10 000, 元 ÷ 10 000)."""
    value = row.parsed(code, Field(code, row.header.get(code, code), "money", "year", minimum=ZERO))
    if value is None:
        return None
    header = row.header[code]
    if "亿元" in header:
        return value * 10_000
    if "元" in header and "万元" not in header:
        return (value / 10_000).quantize(Decimal("0.0001"))
    return value


def _day(row: Row, code: str) -> dt.date | None:
    """A day, or a month as its first day (计划开工 2026年6月)."""
    if code not in row.header or not row.text(code):
        return None
    month = _MONTH.match(row.text(code))
    if month and 1 <= int(month.group(2)) <= 12:
        return dt.date(int(month.group(1)), int(month.group(2)), 1)
    return row.parsed(code, Field(code, row.header[code], "date", "year"))


def template_workbook() -> bytes:
    """The import template: the columns as the reader knows them, one example row, and the words it reads."""
    example = {"name": "新一代智能传感器产业化项目", "year": 2026, "category": "科技类", "credit_code": "",
               "enterprise": "青江星云智能科技有限公司", "park": "青江科技城", "investment": 52000,
               "year_plan": 12000, "stage": "开工", "signed_by": "2026年3月", "started_by": "2026年6月",
               "in_operation_by": "2027年12月", "signed_on": "2026-03-18", "started_on": "2026-06-28",
               "invested": 9000, "invested_year": 9000, "progress": 20, "report_every": "每月", "notes": ""}
    return columns_template("重大项目", PROJECT_COLUMNS, [example], _NOTES,
                            {code: PROJECT_COLUMNS[code][0] + "（万元）" for code in MONEY})


_NOTES = {
    "name": "必填；名称和纳入年度相同的视为同一项目",
    "year": "必填",
    "category": "必填；须是系统中已有的项目类别",
    "park": "必填；须是系统中已有的园区/街道",
    "investment": "必填；万元，表头写“（亿元）”则按亿元读取",
    "stage": "洽谈、签约、开工（在建）、投产（竣工、落地）",
    "signed_by": "日期或年月，如 2026年6月",
    "report_every": "每月、每季度、每半年、每年",
    "enterprise": "按名称或统一社会信用代码对应企业库；企业库中没有的记入备注",
}
