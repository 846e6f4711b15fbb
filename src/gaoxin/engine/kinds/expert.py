"""Points an expert gives (高企 知识产权 ≤ 30). Until they are recorded the clause is unknown and its points are
a range: [0, max], or, with `estimate`, what the data already fix for one sub-item plus `rest` for the others,
capped at `max`."""

from __future__ import annotations

from typing import Literal

import polars as pl

from gaoxin.contract.fields import BY_CODE
from gaoxin.engine.kinds.bands import Bands
from gaoxin.engine.kinds.base import Ctx, OneInput, Row
from gaoxin.engine.kinds.best_of import BestOf
from gaoxin.engine.text import num


class Expert(OneInput):
    kind: Literal["expert"]
    max: float
    year: int = -1
    estimate: Bands | BestOf | None = None
    rest: tuple[float, float] = (0.0, 0.0)

    scored = True
    measures = True
    own_status = True  # recorded or not, not whether the estimate scores

    def reads(self) -> set[tuple[str, int]]:
        return {(self.input, self.year)} | (self.estimate.reads() if self.estimate else set())

    def columns(self, ctx: Ctx) -> dict[str, pl.Expr]:
        raw = ctx.bounds.raw(self.input, self.year)
        given = raw.clip(0, self.max)
        if self.estimate is not None:
            parts = self.estimate.columns(ctx)
            est_lo = (parts["pmin"] + self.rest[0]).clip(0, self.max)
            est_hi = (parts["pmax"] + self.rest[1]).clip(0, self.max)
        else:
            est_lo, est_hi = pl.lit(0.0), pl.lit(float(self.max))
        return {
            "status": pl.when(raw.is_null()).then(None).otherwise((given > 0).cast(pl.Int8)).cast(pl.Int8),
            "pmin": pl.when(raw.is_null()).then(est_lo).otherwise(given).cast(pl.Float64),
            "pmax": pl.when(raw.is_null()).then(est_hi).otherwise(given).cast(pl.Float64),
            "value": raw,
        }

    def threshold_text(self, row: Row | None) -> str:
        return f"专家评分，满分 {num(self.max)} 分"

    def gap_text(self, label: str, row: Row, status: str) -> str:
        value = row.get("value")
        if value is not None:
            return f"专家评分 {num(value)} 分（满分 {num(self.max)} 分）"
        lo, hi = row.get("pmin"), row.get("pmax")
        return f"专家尚未评分；按现有数据估计 {num(lo)}–{num(hi)} 分，需录入{BY_CODE[self.input].label}"
