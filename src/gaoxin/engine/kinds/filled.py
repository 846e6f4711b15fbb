"""A judgement staff record as a value (高企 技术领域): any recorded value passes except those that record a
negative judgement (`fails_on`: 不属于重点支持领域); empty is unknown, never a fail."""

from __future__ import annotations

from typing import Literal

import polars as pl

from gaoxin.contract.fields import BY_CODE
from gaoxin.engine.frame import column
from gaoxin.engine.kinds.base import Ctx, OneInput, Row, blank, status_of


class Filled(OneInput):
    kind: Literal["filled"]
    fails_on: tuple[str, ...] = ()

    def reads(self) -> set[tuple[str, int]]:
        return {(self.input, -1)}

    def columns(self, ctx: Ctx) -> dict[str, pl.Expr]:
        raw = pl.col(column(self.input, -1))
        return {"status": status_of(~raw.cast(pl.String).is_in(list(self.fails_on)), blank(raw))}

    def threshold_text(self, row: Row | None) -> str:
        return f"已认定{BY_CODE[self.input].label}"

    def gap_text(self, label: str, row: Row, status: str) -> str:
        if status == "unknown":
            return "数据不足，无法判断"
        if status == "pass":
            return ""
        field = BY_CODE[self.input]
        return f"工作人员已认定{field.label}为“{field.choice_label(row.raw(self.input, -1))}”"
