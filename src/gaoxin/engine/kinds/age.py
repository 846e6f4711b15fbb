"""Days from founding (成立日期) to the assessment date against a threshold (高企: 注册成立一年以上 = 365 天)."""

from __future__ import annotations

from typing import Literal

import polars as pl

from gaoxin.engine.kinds.base import Ctx, Kind, Row
from gaoxin.engine.text import OP_WORDS

_OPS = {">=": "ge", ">": "gt", "<=": "le", "<": "lt", "==": "eq"}


class Age(Kind):
    kind: Literal["age"]
    op: Literal[">=", ">", "<=", "<", "=="]
    days: int

    measures = True

    def inputs(self) -> tuple[str, ...]:
        return ("founded_on",)

    def columns(self, ctx: Ctx) -> dict[str, pl.Expr]:
        value = (pl.lit(ctx.on) - pl.col("founded_on").cast(pl.Date)).dt.total_days()
        return {"status": getattr(value, _OPS[self.op])(self.days).cast(pl.Int8), "value": value.cast(pl.Float64)}

    def threshold_text(self, row: Row | None) -> str:
        return f"成立{OP_WORDS[self.op]} {self.days} 天"

    def gap_text(self, label: str, row: Row, status: str) -> str:
        if status == "unknown":
            return "数据不足，无法判断"
        value = row.get("value")
        if status == "fail":
            return f"成立 {value:g} 天，还差 {self.days - value:g} 天"
        return ""

    def missing(self, row: Row) -> list[str]:
        return ["founded_on"] if row.data.get("founded_on") is None else []
