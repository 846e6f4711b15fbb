"""An enum input among `values` (上市板块 not main/star/chinext/bse = 未上市). `empty` says what an empty cell
means where the contract gives it a meaning (上市板块: empty = 未上市)."""

from __future__ import annotations

from typing import Literal

import polars as pl
from pydantic import model_validator

from gaoxin.contract.fields import BY_CODE
from gaoxin.engine.frame import column
from gaoxin.engine.kinds.base import Ctx, OneInput, Row, blank


class ChoiceIn(OneInput):
    kind: Literal["choice_in"]
    values: tuple[str, ...]
    negate: bool = False
    empty: Literal["pass", "fail", "unknown"] = "unknown"

    @model_validator(mode="after")
    def _values_known(self) -> ChoiceIn:
        choices = {c for c, _ in BY_CODE[self.input].choices}
        if not set(self.values) <= choices:
            raise ValueError(f"{sorted(set(self.values) - choices)} are not choices of {self.input}")
        return self

    def reads(self) -> set[tuple[str, int]]:
        return {(self.input, -1)}

    def columns(self, ctx: Ctx) -> dict[str, pl.Expr]:
        raw = pl.col(column(self.input, -1)).cast(pl.String)
        inside = raw.is_in(list(self.values))
        inside = inside.not_() if self.negate else inside
        empty = {"pass": pl.lit(1), "fail": pl.lit(0), "unknown": pl.lit(None)}[self.empty]
        return {"status": pl.when(blank(raw)).then(empty).otherwise(inside.cast(pl.Int8)).cast(pl.Int8)}

    def threshold_text(self, row: Row | None) -> str:
        field = BY_CODE[self.input]
        names = "、".join(field.choice_label(v) for v in self.values)
        empty = {"pass": "；未填视为符合", "fail": "；未填视为不符合", "unknown": ""}[self.empty]
        return f"{field.label}{'不' if self.negate else ''}属于 {names}{empty}"
