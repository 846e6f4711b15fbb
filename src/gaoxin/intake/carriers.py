"""Carriers' yearly 火炬统计 figures (孵化器/众创空间统计调查), one row per carrier and year, past years included, as a
zone keeps them in Excel: read all or nothing, every wrong cell named with its row. What the rows change is
`innovation.imports`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gaoxin.contract.fields import Field
from gaoxin.contract.lists import CARRIER_KIND_WORDS, CARRIER_LEVEL_WORDS, CARRIER_YEAR_COLUMNS, CARRIER_YEAR_REQUIRED
from gaoxin.intake.names import clean
from gaoxin.intake.reader import DEFAULT_LIMITS, Limits
from gaoxin.intake.table import Row, Table, read_table_of
from gaoxin.intake.xlsx import columns_template

COUNTS = ("incubating", "entered", "graduated", "graduated_total", "incubated_total", "tech_sme", "high_tech",
          "innovative", "jobs")
ZERO = Decimal(0)


@dataclass(frozen=True)
class CarrierYearRecord:
    row: int
    carrier: str
    year: int
    kind: str | None = None  # a CARRIER_KINDS code, for a carrier the zone does not have yet
    level: str | None = None
    area: Decimal | None = None
    revenue: Decimal | None = None
    counts: tuple[tuple[str, int], ...] = ()

    @property
    def key(self) -> tuple[str, int]:
        return (self.carrier, self.year)

    def values(self) -> dict:
        """The figures the row gives (a blank cell gives none)."""
        given = {"area": self.area, "revenue": self.revenue, **dict(self.counts)}
        return {k: v for k, v in given.items() if v is not None}


def read_carrier_years(data: bytes, file_name: str, limits: Limits = DEFAULT_LIMITS) -> Table:
    return read_table_of(data, file_name, columns=CARRIER_YEAR_COLUMNS, required=CARRIER_YEAR_REQUIRED,
                         key="carrier", record=_record, same="与第 {row} 行是同一载体的同一年度", limits=limits,
                         identity=lambda r: r.key)


def _record(row: Row) -> CarrierYearRecord | None:
    name = clean(row.text("carrier"))[:200]
    if not name:
        row.wrong("carrier", "载体名称为必填项")
    year = row.parsed("year", Field("year", "年度", "year", "year", minimum=Decimal(1980), maximum=Decimal(2100)),
                      required=True)
    counts = tuple((code, int(v)) for code in COUNTS
                   if (v := row.parsed(code, Field(code, row.header.get(code, code), "int", "year",
                                                   minimum=ZERO))) is not None)
    area = row.parsed("area", Field("area", "场地面积", "number", "year", minimum=ZERO))
    revenue = row.parsed("revenue", Field("revenue", "在孵企业总收入", "money", "year", minimum=ZERO))
    if revenue is not None and "亿元" in row.header.get("revenue", ""):
        revenue *= 10_000
    kind = row.word("kind", CARRIER_KIND_WORDS, "载体类型应为 孵化器、众创空间 或 加速器")
    level = row.word("level", CARRIER_LEVEL_WORDS, "级别应为 国家级、省级、市级、区级 或 未认定")
    _check(row, dict(counts))
    if not row.ok:
        return None
    return CarrierYearRecord(row.number, name, int(year), kind, level, area, revenue, counts)


def _check(row: Row, counts: dict[str, int]) -> None:
    """What one year's survey cannot say: more graduated this year than in all years, more tenants holding a
    title than tenants, fewer incubated in all than graduated in all."""
    pairs = (("graduated", "graduated_total"), ("graduated_total", "incubated_total"),
             ("tech_sme", "incubating"), ("high_tech", "incubating"), ("innovative", "incubating"),
             ("entered", "incubating"))
    for part, whole in pairs:
        if part in counts and whole in counts and counts[part] > counts[whole]:
            row.wrong(part, f"{row.header[part]}（{counts[part]}）不能大于{row.header[whole]}（{counts[whole]}）")


def template_workbook() -> bytes:
    """The import template: the columns the reader knows, an example carrier's three past years."""
    keys = tuple(CARRIER_YEAR_COLUMNS)
    rows = [("青江创业中心", 2021, "孵化器", "国家级", 32000, 118, 30, 9, 96, 402, 40, 6, 0, 1650, 52000),
            ("青江创业中心", 2022, "孵化器", "国家级", 32000, 126, 35, 12, 108, 437, 45, 7, 3, 1780, 61000),
            ("青江创业中心", 2023, "孵化器", "国家级", 32000, 131, 33, 14, 122, 470, 51, 9, 5, 1890, 66000)]
    return columns_template("孵化载体历年统计", CARRIER_YEAR_COLUMNS, [dict(zip(keys, r, strict=True)) for r in rows],
                            {"carrier": "系统中没有的载体按类型、级别新建", "year": "每行一个载体的一个年度"},
                            {"area": "场地面积（m²）", "revenue": "在孵企业总收入（万元）"})
