"""Points by the level an input names (研发机构级别: 国家级 10、省级 8 …)."""

from __future__ import annotations

from typing import Literal

import polars as pl
from pydantic import model_validator

from gaoxin.contract.fields import BY_CODE
from gaoxin.engine.frame import column
from gaoxin.engine.kinds.base import Ctx, OneInput, Row, blank
from gaoxin.engine.text import num


class LevelPoints(OneInput):
    kind: Literal["level_points"]
    points: dict[str, float]
    year: int = -1

    scored = True

    @model_validator(mode="after")
    def _levels_known(self) -> LevelPoints:
        choices = {c for c, _ in BY_CODE[self.input].choices}
        if set(self.points) != choices:
            raise ValueError(f"points must be given for exactly the levels of {self.input}: {sorted(choices)}")
        return self

    def __hash__(self) -> int:  # `points` is a dict
        return hash((self.input, self.year, tuple(sorted(self.points.items()))))

    def reads(self) -> set[tuple[str, int]]:
        return {(self.input, self.year)}

    def columns(self, ctx: Ctx) -> dict[str, pl.Expr]:
        raw = pl.col(column(self.input, self.year)).cast(pl.String)
        chain = pl.when(pl.lit(False)).then(None)
        for level, points in self.points.items():
            chain = chain.when(raw == level).then(float(points))
        known = ~blank(raw)
        return {"pmin": pl.when(known).then(chain).otherwise(min(self.points.values())).cast(pl.Float64),
                "pmax": pl.when(known).then(chain).otherwise(max(self.points.values())).cast(pl.Float64)}

    def threshold_text(self, row: Row | None) -> str:
        labels = dict(BY_CODE[self.input].choices)
        return "；".join(f"{labels[level]} {num(points)} 分" for level, points in self.points.items())

    def gap_text(self, label: str, row: Row, status: str) -> str:
        raw = row.raw(self.input, self.year)
        if raw in (None, ""):
            return "数据不足，无法判断"
        return f"{BY_CODE[self.input].choice_label(raw)}：{num(self.points[raw])} 分"
