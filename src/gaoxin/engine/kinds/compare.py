"""A measured value against a fixed threshold, or one chosen by tiers of another value (高企: the R&D share
required falls as 最近一年销售收入 rises). Decided from partial data when the value's whole range lies on one side.
"""

from __future__ import annotations

import math
from typing import Literal

import polars as pl
from pydantic import Field, model_validator

from gaoxin.contract.fields import BY_CODE
from gaoxin.engine.kinds.base import Ctx, Inclusive, Kind, Row, informative_bounds
from gaoxin.engine.kinds.rows import check_rows, inside, overlaps
from gaoxin.engine.span import Span, compare, settle
from gaoxin.engine.text import OP_WORDS, fmt, informative, range_text
from gaoxin.engine.value import Strict, Value, label, measure

Op = Literal[">=", ">", "<=", "<", "=="]


class Tier(Strict):
    from_: float | None = Field(None, alias="from")
    to: float | None = None
    threshold: float
    label: str = ""
    lower: Inclusive | None = None
    upper: Inclusive | None = None


class Tiers(Strict):
    """A threshold that depends on another value. By default a tier includes its upper edge (S ≤ 5,000 万元 → 5%)."""

    by: Value
    lower: Inclusive = "exclusive"
    upper: Inclusive = "inclusive"
    rows: tuple[Tier, ...]

    @model_validator(mode="after")
    def _gapless(self) -> Tiers:
        check_rows(self.rows)
        return self

    def contains(self, tier: Tier, value):
        return inside(tier, value, self.lower, self.upper)

    def overlaps(self, tier: Tier, span: Span) -> pl.Expr:
        return overlaps(tier, span, self.lower, self.upper)


class Compare(Kind):
    """A measured value against a fixed threshold or one chosen by `tiers`."""

    kind: Literal["compare"]
    value: Value
    op: Op
    threshold: float | None = None
    tiers: Tiers | None = None
    when_undefined: bool | None = None  # the result when the value is undefined (0 denominator; None: unknown)
    every_year: bool = False  # with `years`: each year on its own must pass (近 2 年研发占比均不低于 3%)

    measures = True

    @model_validator(mode="after")
    def _one_threshold(self) -> Compare:
        if (self.threshold is None) == (self.tiers is None):
            raise ValueError("a comparison has either `threshold` or `tiers`")
        if self.every_year and (not self.value.years or self.tiers or self.value.growth):
            raise ValueError("`every_year` needs a value over `years` and a fixed threshold")
        return self

    def inputs(self) -> tuple[str, ...]:
        return self.value.inputs() + (self.tiers.by.inputs() if self.tiers else ())

    def reads(self) -> set[tuple[str, int]]:
        return self.value.reads() | (self.tiers.by.reads() if self.tiers else set())

    # ---------------------------------------------------------------- expressions

    def columns(self, ctx: Ctx) -> dict[str, pl.Expr]:
        if self.every_year:
            return self._every_year(ctx)
        measured = measure(self.value, ctx.bounds)
        span = measured.span
        out: dict[str, pl.Expr]
        if self.tiers:
            out = self._tiered(ctx, span)
        else:
            out = {"status": settle(span, compare(span, self.op, self.threshold), self.when_undefined)}
        if ctx.explain:
            out |= {"value": span.value(), "undefined": span.undefined}
            out |= informative_bounds(self.value, span, ctx)
            if measured.num is not None:
                out |= {"num": measured.num, "den": measured.den}
        return out

    def _tiered(self, ctx: Ctx, span: Span) -> dict[str, pl.Expr]:
        """Each tier the deciding figure can still fall in is tried with that figure narrowed to the tier, so a
        figure in both the tier and the value (最近一年销售收入) is not counted twice."""
        by = self.tiers.by
        single = by.input is not None and by.years is None
        by_span = measure(by, ctx.bounds).span
        feasible, statuses = [], []
        for tier in self.tiers.rows:
            feasible.append(self.tiers.overlaps(tier, by_span))
            narrowed = span
            if single:
                bounds = ctx.bounds.restricted(by.input, by.year, tier.from_, tier.to)
                narrowed = measure(self.value, bounds).span
            statuses.append(settle(narrowed, compare(narrowed, self.op, tier.threshold), self.when_undefined))
        some = pl.any_horizontal(feasible)
        passes = pl.all_horizontal(~f | (s == 1).fill_null(False) for f, s in zip(feasible, statuses, strict=True))
        fails = pl.all_horizontal(~f | (s == 0).fill_null(False) for f, s in zip(feasible, statuses, strict=True))
        status = pl.when(some & passes).then(1).when(some & fails).then(0).otherwise(None).cast(pl.Int8)
        n = pl.sum_horizontal(f.cast(pl.Int8) for f in feasible)
        chain = pl.when(pl.lit(False)).then(None)
        for f, tier in zip(feasible, self.tiers.rows, strict=True):
            chain = chain.when(f).then(tier.threshold)
        threshold = pl.when(n == 1).then(chain.otherwise(None)).otherwise(None).cast(pl.Float64)
        return {"status": status, "threshold": threshold}

    def _every_year(self, ctx: Ctx) -> dict[str, pl.Expr]:
        """Each year of the window compared on its own; the value shown is the weakest year."""
        spans = [measure(self.value.model_copy(update={"years": None, "through": None, "year": k}), ctx.bounds).span
                 for k in self.value.offsets()]
        statuses = [settle(s, compare(s, self.op, self.threshold), self.when_undefined) for s in spans]
        status = pl.when(pl.any_horizontal(s == 0 for s in statuses)).then(0).when(
            pl.all_horizontal(s == 1 for s in statuses)).then(1).otherwise(None).cast(pl.Int8)
        out = {"status": status}
        if ctx.explain:
            values = [s.value() for s in spans]
            weakest = pl.min_horizontal(values) if self.op in (">=", ">") else pl.max_horizontal(values)
            known = pl.all_horizontal(v.is_not_null() for v in values)
            out |= {"value": pl.when(known).then(weakest), "undefined": pl.lit(False)}
        return out

    # ---------------------------------------------------------------- explanation

    def applied(self, row: Row | None) -> float | None:
        if not self.tiers:
            return self.threshold
        return row.get("threshold") if row else None

    def threshold_text(self, row: Row | None) -> str:
        unit = self.value.unit
        if self.tiers:
            applied = self.applied(row)
            if applied is not None:
                tier = next(t for t in self.tiers.rows if t.threshold == applied)
                return f"{self.op} {fmt(applied, unit)}（{tier.label}）"
            return "；".join(f"{t.label}：{self.op} {fmt(t.threshold, unit)}" for t in self.tiers.rows)
        each = f"近 {len(self.value.offsets())} 年每年 " if self.every_year else ""
        current = "（含申报当年）" if self.value.years and self.value.years[1] >= 0 else ""
        return f"{each}{self.op} {fmt(self.threshold, unit)}{current}"

    def shortfall(self, row: Row) -> float:
        value, threshold = row.get("value"), self.applied(row)
        if value is None:
            value = _best_case(self.op, row.get("lo"), row.get("hi"))
        if value is None or threshold is None or not math.isfinite(value):
            return 1.0
        return round(min(1.0, abs(value - threshold) / max(abs(threshold), 1e-9)), 6)

    def gap_text(self, label_: str, row: Row, status: str) -> str:
        value, unit = row.get("value"), self.value.unit
        threshold = self.applied(row)
        name = label(self.value)
        if status == "unknown":
            if value is None and row.get("undefined") and self.inputs_known(row):
                return "数据齐全但无法计算（分母或增长基数为 0 或为负），需人工判断"
            lo, hi = row.get("lo"), row.get("hi")
            if informative(lo) or informative(hi):
                aim = f"{OP_WORDS[self.op]} {fmt(threshold, unit)}" if threshold is not None else "达到门槛"
                return f"数据不足：按已知数据{name}{range_text(lo, hi, unit)}，尚不能判断是否{aim}"
            return "数据不足，无法判断"
        if value is None and row.get("undefined"):
            verdict = "符合" if status == "pass" else "不符合"
            return f"{name}无法计算（分母为 0），按{verdict}处理"
        if value is None:
            return self._range_gap(row, status, name, threshold)
        shown = f"{name} {fmt(value, unit)}"
        if threshold is None:
            return shown if status == "pass" else f"{shown}，低于各档门槛"
        if status == "pass":
            return f"{shown}，{OP_WORDS[self.op]} {fmt(threshold, unit)}"
        diff = abs(value - threshold)
        verb = "减少" if self.op in ("<=", "<") else "增加"
        if diff == 0:  # a strict comparison at its threshold
            return f"{shown}，须{OP_WORDS[self.op]} {fmt(threshold, unit)}"
        need = self._ratio_need(row, threshold) if self.value.ratio and verb == "增加" else ""
        missed = "超出" if verb == "减少" else "未达到"
        return f"{shown}，{missed}{OP_WORDS[self.op]} {fmt(threshold, unit)} 的要求：需{verb} {fmt(diff, unit)}{need}"

    def _range_gap(self, row: Row, status: str, name: str, threshold: float | None) -> str:
        """A result the known figures decide although some are blank: where the value must lie, and, for a
        failure, how far even its best case falls short."""
        unit = self.value.unit
        where = f"按已知数据{name}{range_text(row.get('lo'), row.get('hi'), unit)}"
        if threshold is None:  # tiers: the deciding figure is blank too
            by = label(self.tiers.by)
            return f"{where}，{by}无论处于哪一档都" + ("已达到该档门槛" if status == "pass" else "达不到该档门槛")
        if status == "pass":
            return f"{where}，必然{OP_WORDS[self.op]} {fmt(threshold, unit)}（未填的数据不影响结论）"
        best = _best_case(self.op, row.get("lo"), row.get("hi"))
        missed = "超出" if self.op in ("<=", "<") else "未达到"
        text = f"{where}，即使补齐数据也{missed}{OP_WORDS[self.op]} {fmt(threshold, unit)} 的要求"
        if best is not None and math.isfinite(best) and best != threshold:
            verb = "减少" if self.op in ("<=", "<") else "增加"
            text += f"：至少需{verb} {fmt(abs(best - threshold), unit)}"
        return text

    def _ratio_need(self, row: Row, target: float) -> str:
        num_code, den_code = self.value.ratio
        num, den = row.get("num"), row.get("den")
        if num is None or den is None:
            return ""
        f = BY_CODE[num_code]
        amount = target * den - num
        span = f"（近 {len(self.value.offsets())} 年合计）" if self.value.years else ""
        if f.kind == "int":
            return f"，即再增加{f.label} {math.ceil(amount - 1e-9)} {f.unit}{span}（{BY_CODE[den_code].label}不变）"
        return f"，即再投入{f.label} {amount:,.2f} {f.unit}{span}（{BY_CODE[den_code].label}不变）"

    def inputs_known(self, row: Row) -> bool:
        return all(row.raw(code, k) not in (None, "") for code, k in self.reads())


def _best_case(op: str, lo, hi):
    """The value's most favourable end: the highest for ≥ / >, the lowest for ≤ / <."""
    return hi if op in (">=", ">") else lo
