"""The more favourable of several points tables (科小 研发投入 两种算法, 创新型 知识产权 A/B/C/D 档)."""

from __future__ import annotations

from typing import Literal

import polars as pl

from gaoxin.engine.kinds.bands import Bands
from gaoxin.engine.kinds.base import Ctx, Kind, Row


class BestOf(Kind):
    kind: Literal["best_of"]
    options: tuple[Bands, ...]

    scored = True
    measures = True

    def inputs(self) -> tuple[str, ...]:
        return tuple(c for o in self.options for c in o.inputs())

    def reads(self) -> set[tuple[str, int]]:
        return set().union(*(o.reads() for o in self.options))

    def columns(self, ctx: Ctx) -> dict[str, pl.Expr]:
        ranges = [o.points(ctx) for o in self.options]
        out = {"pmin": pl.max_horizontal(lo for lo, _, _ in ranges),
               "pmax": pl.max_horizontal(hi for _, hi, _ in ranges)}
        if ctx.explain:
            out["choice"] = _choice([(lo, m.span.value()) for lo, _, m in ranges])
            for i, ((lo, hi, measured), option) in enumerate(zip(ranges, self.options, strict=True)):
                parts = {"pmin": lo, "pmax": hi} | option.shown_columns(ctx, measured)
                out |= {f"o{i}:{name}": expr for name, expr in parts.items()}
        return out

    def chosen(self, row: Row) -> tuple[Bands, Row]:
        """The table that gave the enterprise its points (the first one when nothing is known)."""
        i = row.get("choice") or 0
        return self.options[i], row.sub(i)

    def shown_value(self, row: Row):
        option, sub = self.chosen(row)
        return sub.get("value")

    def threshold_text(self, row: Row | None) -> str:
        if row is None:
            return self.options[0].threshold_text(None)
        option, sub = self.chosen(row)
        return option.threshold_text(sub)

    def gap_text(self, label: str, row: Row, status: str) -> str:
        option, sub = self.chosen(row)
        return option.gap_text(label, sub, status)


def _choice(options: list[tuple[pl.Expr, pl.Expr]]) -> pl.Expr:
    """The first option with a known value and the most points at its low end; 0 when no value is known."""
    best, best_points = pl.lit(0, dtype=pl.Int8), pl.lit(-1.0)
    for i, (low, value) in enumerate(options):
        points = pl.when(value.is_not_null()).then(low).otherwise(-1.0)
        better = points > best_points
        best = pl.when(better).then(pl.lit(i, dtype=pl.Int8)).otherwise(best)
        best_points = pl.when(better).then(points).otherwise(best_points)
    return best
