"""An event in any fiscal year of a window: a flag that was true, or a rank at most `max_rank` (with no
`max_rank`, any rank). `expect: false` passes when there was none (近三年未发生重大事故).

The window is `years` fiscal years ending at Y + `through`: −1 (the default) ends at 上年度, 0 counts the
application year itself. Packs set it per clause, as a parameter with the decision that fixes it."""

from __future__ import annotations

from typing import Literal

import polars as pl

from gaoxin.contract.fields import BY_CODE
from gaoxin.engine.frame import column
from gaoxin.engine.kinds.base import Ctx, OneInput, Row
from gaoxin.engine.value import founded_year


class Within(OneInput):
    kind: Literal["within"]
    years: int
    through: int = -1
    expect: bool = True
    max_rank: int | None = None
    empty_means_no: bool = False  # award ranks: the contract leaves the cell empty when nothing was won

    def offsets(self) -> range:
        return range(self.through - self.years + 1, self.through + 1)

    def reads(self) -> set[tuple[str, int]]:
        return {(self.input, k) for k in self.offsets()}

    def columns(self, ctx: Ctx) -> dict[str, pl.Expr]:
        """A year before the enterprise was founded is known to hold no event, any other empty year is unknown
        (unless empty means no). A rank below 1 (0 written for 未获奖) is no award."""
        hits, knowns = [], []
        is_flag = BY_CODE[self.input].kind == "bool"
        for k in self.offsets():
            raw = pl.col(column(self.input, k))
            if self.max_rank is not None:
                rank = raw.cast(pl.Float64)
                hit = (rank >= 1) & (rank <= self.max_rank)
            else:
                hit = raw.cast(pl.Boolean) if is_flag else raw.is_not_null()
            hits.append(hit.fill_null(False))
            before_founding = (founded_year() > ctx.year + k).fill_null(False)
            knowns.append(pl.lit(True) if self.empty_means_no else raw.is_not_null() | before_founding)
        happened = pl.when(pl.any_horizontal(hits)).then(True).when(pl.all_horizontal(knowns)).then(False).otherwise(
            None)
        return {"status": (happened if self.expect else happened.not_()).cast(pl.Int8)}

    def threshold_text(self, row: Row | None) -> str:
        span = f"近 {self.years} 个会计年度" + ("（含申报当年）" if self.through >= 0 else "")
        if not self.expect:
            return f"{span}内未发生"
        rank = f"排名不超过第 {self.max_rank} 名" if self.max_rank else "有记录"
        return f"{span}内{rank}"
