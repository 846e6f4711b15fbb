"""中小企业划型 (size class by industry), the condition several tiers share ("符合《中小企业划型标准规定》").

The limits are data (`standards/sme_size_2011.yaml`); this module matches an industry code to its category
and builds the test as one Polars expression, so it runs over a whole zone at once.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import polars as pl
import yaml
from pydantic import BaseModel, ConfigDict

STANDARD_DIR = Path(__file__).resolve().parent / "standards"
MEASURES = {"employees": ("从业人员", "人"), "revenue": ("营业收入", "万元"), "total_assets": ("资产总额", "万元")}


class Category(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: str
    prefixes: tuple[str, ...]
    employees: float | None = None
    revenue: float | None = None
    total_assets: float | None = None

    def limits(self) -> dict[str, float]:
        return {m: getattr(self, m) for m in MEASURES if getattr(self, m) is not None}

    def describe(self) -> str:
        parts = [f"{MEASURES[m][0]} {v:g} {MEASURES[m][1]}以下" for m, v in self.limits().items()]
        return f"{self.label}：" + "或".join(parts)


class Standard(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    document: str
    article: str
    source: str
    effective_from: dt.date
    categories: tuple[Category, ...]

    def category_of(self, industry_code: str | None) -> Category | None:
        if not industry_code:
            return None
        return next(c for c in self.categories if any(industry_code.startswith(p) for p in c.prefixes))


@cache
def standard(standard_id: str) -> Standard:
    name = standard_id.replace("@", "_") + ".yaml"
    path = STANDARD_DIR / name
    if not path.exists():
        raise ValueError(f"unknown size standard “{standard_id}”")
    return Standard.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def is_sme_expr(std: Standard, code: pl.Expr, measures: dict[str, tuple[pl.Expr, pl.Expr]]) -> pl.Expr:
    """True when below any of the category's limits, False when at or above all of them, null when the data
    can't decide (industry unknown, or every limit that could still pass is unknown). Each measure is a range
    (lowest, highest it can be): a blank 营业收入 is still "at least 主营业务收入"."""
    code = code.cast(pl.String)
    chain = pl.when(code.is_null() | (code == "")).then(None)
    for cat in std.categories:
        surely = [measures[m][1] < limit for m, limit in cat.limits().items()]
        never = [measures[m][0] >= limit for m, limit in cat.limits().items()]
        any_below = pl.any_horizontal(b.fill_null(False) for b in surely)
        none_below = pl.all_horizontal(n.fill_null(False) for n in never)
        hit = pl.any_horizontal(code.str.starts_with(p) for p in cat.prefixes)
        chain = chain.when(hit).then(pl.when(any_below).then(True).when(none_below).then(False).otherwise(None))
    return chain.otherwise(None)
