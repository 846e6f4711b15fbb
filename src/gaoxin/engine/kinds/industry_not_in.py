"""The industry code (GB/T 4754) starts with none of `prefixes` (瞪羚: 烟草、铁路、矿产、房地产…除外)."""

from __future__ import annotations

from typing import Literal

import polars as pl

from gaoxin.engine.kinds.base import Ctx, Kind, Row, blank, status_of


class IndustryNotIn(Kind):
    kind: Literal["industry_not_in"]
    prefixes: tuple[str, ...]
    label: str = ""

    def inputs(self) -> tuple[str, ...]:
        return ("industry_code",)

    def reads(self) -> set[tuple[str, int]]:
        return {("industry_code", -1)}

    def columns(self, ctx: Ctx) -> dict[str, pl.Expr]:
        code = pl.col("industry_code").cast(pl.String)
        hit = pl.any_horizontal(code.str.starts_with(p) for p in self.prefixes)
        return {"status": status_of(hit.not_(), blank(code))}

    def threshold_text(self, row: Row | None) -> str:
        return self.label or f"行业代码不以 {'、'.join(self.prefixes)} 开头"

    def gap_text(self, label: str, row: Row, status: str) -> str:
        if status == "unknown":
            return "数据不足，无法判断"
        if status == "fail":
            return f"行业代码 {row.data.get('industry_code')} 属于排除行业"
        return ""
