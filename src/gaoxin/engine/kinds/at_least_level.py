"""An ordinal input at or above a level (研发机构级别 ≥ 省级). 未建立 is a level, below all the others."""

from __future__ import annotations

from typing import Literal

import polars as pl
from pydantic import model_validator

from gaoxin.contract.fields import BY_CODE
from gaoxin.engine.frame import column
from gaoxin.engine.kinds.base import Ctx, OneInput, Row, blank, status_of


class AtLeastLevel(OneInput):
    kind: Literal["at_least_level"]
    level: str

    @model_validator(mode="after")
    def _level_known(self) -> AtLeastLevel:
        choices = [c for c, _ in BY_CODE[self.input].choices]
        if self.level not in choices:
            raise ValueError(f"“{self.level}” is not a level of {self.input}: {choices}")
        return self

    def reads(self) -> set[tuple[str, int]]:
        return {(self.input, -1)}

    def columns(self, ctx: Ctx) -> dict[str, pl.Expr]:
        order = [code for code, _ in BY_CODE[self.input].choices]  # highest level first
        raw = pl.col(column(self.input, -1))
        return {"status": status_of(raw.is_in(order[: order.index(self.level) + 1]), blank(raw))}

    def threshold_text(self, row: Row | None) -> str:
        return f"{dict(BY_CODE[self.input].choices)[self.level]}及以上"
