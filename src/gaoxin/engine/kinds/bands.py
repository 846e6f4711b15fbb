"""A points table over a measured value (研发投入占比 2%–3%：10 分). With part of the value unknown, the points are
the range over every band the value can still fall in; experts' bands give a range of their own (高企 7–8 分)."""

from __future__ import annotations

import math
from typing import Literal

import polars as pl
from pydantic import Field, model_validator

from gaoxin.contract.fields import BY_CODE
from gaoxin.engine.kinds.base import Ctx, Inclusive, Kind, Row, informative_bounds
from gaoxin.engine.kinds.rows import check_rows, inside, overlaps
from gaoxin.engine.span import Span
from gaoxin.engine.text import fmt, num, points_text, range_text
from gaoxin.engine.value import Measured, Strict, Value, label, measure

TOP_BAND = "已达最高档"  # the gap of a scored clause already in its best band; readers test for it


class Band(Strict):
    """One row of a points table. Inclusiveness is the table's unless the row says otherwise (高企 成长性:
    F is g ≤ 0, E is 0 < g < 5%)."""

    from_: float | None = Field(None, alias="from")
    to: float | None = None
    points: float | tuple[float, float]  # a (min, max) range where experts choose within the band (高企)
    label: str = ""
    lower: Inclusive | None = None
    upper: Inclusive | None = None

    def low(self) -> float:
        return float(self.points[0] if isinstance(self.points, tuple) else self.points)

    def high(self) -> float:
        return float(self.points[1] if isinstance(self.points, tuple) else self.points)


class Bands(Kind):
    kind: Literal["bands"]
    value: Value
    bands: tuple[Band, ...]
    lower: Inclusive = "inclusive"
    upper: Inclusive = "exclusive"
    when_undefined: float | None = None  # points when the value is undefined (0 denominator; None: unknown)

    scored = True
    measures = True

    @model_validator(mode="after")
    def _ordered_and_gapless(self) -> Bands:
        check_rows(self.bands)
        return self

    def inputs(self) -> tuple[str, ...]:
        return self.value.inputs()

    def reads(self) -> set[tuple[str, int]]:
        return self.value.reads()

    def contains(self, band: Band, value):
        """Whether `value` lies in `band` under this table's inclusiveness; works on floats and Polars exprs."""
        return inside(band, value, self.lower, self.upper)

    # ---------------------------------------------------------------- expressions

    def points(self, ctx: Ctx) -> tuple[pl.Expr, pl.Expr, Measured]:
        """The points range over every band the value can lie in, and the value as measured."""
        measured = measure(self.value, ctx.bounds)
        span = measured.span
        full_lo = min(b.low() for b in self.bands)
        full_hi = max(b.high() for b in self.bands)
        if span.exact:
            return (*self._exact_points(span, full_lo, full_hi), measured)
        lows = [pl.when(overlaps(b, span, self.lower, self.upper)).then(b.low()) for b in self.bands]
        highs = [pl.when(overlaps(b, span, self.lower, self.upper)).then(b.high()) for b in self.bands]
        pmin = pl.min_horizontal(lows).fill_null(full_lo)
        pmax = pl.max_horizontal(highs).fill_null(full_hi)
        if self.when_undefined is None:
            fixed_lo, fixed_hi = pl.lit(full_lo), pl.lit(full_hi)
        else:
            fixed_lo = fixed_hi = pl.lit(float(self.when_undefined))
        pmin = pl.when(span.undefined).then(fixed_lo).when(span.maybe_undefined).then(
            pl.min_horizontal(pmin, fixed_lo)).otherwise(pmin)
        pmax = pl.when(span.undefined).then(fixed_hi).when(span.maybe_undefined).then(
            pl.max_horizontal(pmax, fixed_hi)).otherwise(pmax)
        return pmin.cast(pl.Float64), pmax.cast(pl.Float64), measured

    def _exact_points(self, span: Span, full_lo: float, full_hi: float) -> tuple[pl.Expr, pl.Expr]:
        """A known value's band in one pass (the general way compares both ends with every band): undefined
        scores `when_undefined`, a blank the whole table's range."""
        fixed = None if self.when_undefined is None else float(self.when_undefined)
        ends = []
        for end, full in ((Band.low, full_lo), (Band.high, full_hi)):
            chain = pl.when(span.undefined).then(pl.lit(full if fixed is None else fixed))
            for band in self.bands:
                chain = chain.when(pl.lit(True) if (held := self.contains(band, span.lo)) is True else held).then(
                    pl.lit(end(band)))
            ends.append(chain.otherwise(pl.lit(full)).cast(pl.Float64))
        return ends[0], ends[1]

    def columns(self, ctx: Ctx) -> dict[str, pl.Expr]:
        pmin, pmax, measured = self.points(ctx)
        out = {"pmin": pmin, "pmax": pmax}
        if ctx.explain:
            out |= self.shown_columns(ctx, measured)
        return out

    def shown_columns(self, ctx: Ctx, measured: Measured) -> dict[str, pl.Expr]:
        span = measured.span
        out = {"value": span.value(), "undefined": span.undefined} | informative_bounds(self.value, span, ctx)
        if measured.num is not None:
            out |= {"num": measured.num, "den": measured.den}
        return out

    # ---------------------------------------------------------------- explanation

    def threshold_text(self, row: Row | None) -> str:
        return "；".join(f"{b.label}：{points_text(b.points)}" for b in self.bands)

    def band_of(self, value: float | None) -> Band | None:
        if value is None:
            return None
        return next((band for band in self.bands if self.contains(band, value)), None)

    def gap_text(self, label_: str, row: Row, status: str) -> str:
        value = row.get("value")
        if value is None:
            return self._range_gap(row, status)
        current = self.band_of(value)
        unit = self.value.unit
        where = f"{self._shown(value)}（{current.label}，{points_text(current.points)}）"
        better = [b for b in self.bands if b.low() > current.low()]
        above = [b for b in better if b.from_ is not None and b.from_ > value]
        below = [b for b in better if b.to is not None and b.to <= value]
        if above:
            target = min(above, key=lambda b: b.from_)
            needed = self._needed(row, value, target)
            reward = f"达到 {fmt(target.from_, unit)} 可得 {points_text(target.points)}"
            return f"{where}，{reward}" + (f"：{needed}" if needed else "")
        if below:
            target = max(below, key=lambda b: b.to)
            return f"{where}，降至 {fmt(target.to, unit)} 以下可得 {points_text(target.points)}"
        return f"{where}，{TOP_BAND}"

    def _range_gap(self, row: Row, status: str) -> str:
        """No single value: undefined (a 0 base), or a range the known figures leave open."""
        if row.get("undefined"):
            if status != "unknown":
                return f"{label(self.value)}无法计算（分母为 0 或增长基数不为正），按 {num(self.when_undefined)} 分计"
            if all(row.raw(code, k) not in (None, "") for code, k in self.reads()):
                return "数据齐全但无法计算（分母或增长基数为 0 或为负），需人工判断"
        lo, hi = row.get("lo"), row.get("hi")
        if lo is None and hi is None:
            return "数据不足，无法判断"
        pmin, pmax = row.get("pmin"), row.get("pmax")
        points = f"{num(pmin)} 分" if pmin == pmax else f"{num(pmin)}–{num(pmax)} 分"
        return f"按已知数据{label(self.value)}{range_text(lo, hi, self.value.unit)}，可得 {points}"

    def _shown(self, value: float) -> str:
        """A measured value for display: yes/no inputs as 是/否, others with their unit."""
        if self.value.input and BY_CODE[self.value.input].kind == "bool":
            return "是" if value else "否"
        return fmt(value, self.value.unit)

    def _needed(self, row: Row, value: float, target: Band) -> str:
        v = self.value
        if v.input and not v.years:
            f = BY_CODE[v.input]
            amount = target.from_ - value
            return f"需再增加{f.label} {fmt(math.ceil(amount) if f.kind == 'int' else amount, f.unit)}"
        if not v.ratio:
            return ""
        num_code, den_code = v.ratio
        numerator, den = row.get("num"), row.get("den")
        if numerator is None or den is None:
            return ""
        f = BY_CODE[num_code]
        amount = target.from_ * den - numerator
        if f.kind == "int":
            return f"需再增加{f.label} {math.ceil(amount - 1e-9)} {f.unit}（{BY_CODE[den_code].label}不变）"
        return f"需再投入{f.label} {amount:,.2f} {f.unit}（{BY_CODE[den_code].label}不变）"
