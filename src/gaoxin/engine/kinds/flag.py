"""A yes/no input that must have the expected value (year-level inputs are read in `year`, default Y−1)."""

from __future__ import annotations

from typing import Literal

import polars as pl

from gaoxin.engine.frame import column
from gaoxin.engine.kinds.base import Ctx, OneInput, Row


class Flag(OneInput):
    kind: Literal["flag"]
    expect: bool = True
    year: int = -1

    def reads(self) -> set[tuple[str, int]]:
        return {(self.input, self.year)}

    def columns(self, ctx: Ctx) -> dict[str, pl.Expr]:
        raw = pl.col(column(self.input, self.year))
        return {"status": pl.when(raw.is_null()).then(None).otherwise((raw == self.expect).cast(pl.Int8))}

    def shown_value(self, row: Row):
        raw = row.raw(self.input, self.year)
        return None if raw is None else bool(raw)

    def threshold_text(self, row: Row | None) -> str:
        return f"= {'是' if self.expect else '否'}"

    def gap_text(self, label: str, row: Row, status: str) -> str:
        if status == "unknown":
            return "数据不足，无法判断"
        return "" if status == "pass" else f"不符合：{label}"
