"""中小企业 under the 划型标准 for the enterprise's industry (a standard file under `standards/`), from 上年度
employees, revenue and assets; a blank measure is used by its range (营业收入 ≥ 主营业务收入 …)."""

from __future__ import annotations

from typing import Literal

import polars as pl
from pydantic import field_validator

from gaoxin.engine.kinds.base import Ctx, Kind, Row
from gaoxin.engine.sme_size import MEASURES, is_sme_expr, standard


class SmeSize(Kind):
    kind: Literal["sme_size"]
    standard: str = "sme_size@2011"

    @field_validator("standard")
    @classmethod
    def _known(cls, v: str) -> str:
        standard(v)
        return v

    def inputs(self) -> tuple[str, ...]:
        return ("industry_code", "employees", "revenue", "total_assets")

    def reads(self) -> set[tuple[str, int]]:
        return {(code, -1) for code in self.inputs()}

    def columns(self, ctx: Ctx) -> dict[str, pl.Expr]:
        measures = {m: (ctx.bounds.lo(m, -1), ctx.bounds.hi(m, -1)) for m in MEASURES}
        return {"status": is_sme_expr(standard(self.standard), pl.col("industry_code"), measures).cast(pl.Int8)}

    def threshold_text(self, row: Row | None) -> str:
        category = standard(self.standard).category_of(row.data.get("industry_code") if row else None)
        return f"中小企业（{category.describe()}）" if category else "中小企业（按所属行业的划型标准）"

    def gap_text(self, label: str, row: Row, status: str) -> str:
        if status == "unknown":
            return "数据不足，无法判断"
        return f"按{self.threshold_text(row)}判定为大型企业" if status == "fail" else ""
