"""What a value can still be when some figures it is computed from are blank: an interval, as Polars expressions.

Every measured value is a `Span`: the lowest and highest it can be (`lo`, `hi`) over every admissible filling of
the blanks, and whether it may be, or is sure to be, undefined (a 0 denominator, a growth rate without a positive
base). A known value is a span with lo = hi. A clause is decided when its whole span lies on one side of the
threshold, so a verdict the known figures already settle is settled, and a figure is asked for only when it could
change the answer.

Bounds are finite wherever the contract bounds a field (money, counts, ratios); a division by a denominator that
may come arbitrarily close to 0 gives ±inf, which comparisons handle as any other number.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

INF = float("inf")
FALSE = pl.lit(False)


@dataclass(frozen=True)
class Span:
    lo: pl.Expr
    hi: pl.Expr
    undefined: pl.Expr = FALSE  # certainly undefined (then lo and hi mean nothing)
    maybe_undefined: pl.Expr = FALSE  # possibly undefined; lo and hi bound the defined case
    exact: bool = False  # lo and hi are one expression (every figure known): the operations take the short way

    @staticmethod
    def point(expr: pl.Expr | float, undefined: pl.Expr = FALSE) -> Span:
        """A value known exactly (null where a figure it needs is blank), undefined where `undefined` holds."""
        value = expr if isinstance(expr, pl.Expr) else pl.lit(float(expr))
        return Span(value, value, undefined, undefined, exact=True)

    def known(self) -> pl.Expr:
        """True when the value is a single defined number (every figure it reads is known or follows)."""
        if self.exact:
            return (self.lo.is_not_null() & ~self.undefined).fill_null(False)
        return ((self.lo == self.hi) & ~self.maybe_undefined).fill_null(False)

    def value(self) -> pl.Expr:
        """The value when it is known, else null: what an explanation shows as the measured figure."""
        return pl.when(self.known()).then(self.lo).otherwise(None)

    def undefined_known(self) -> pl.Expr:
        """True / False when it is settled whether the value is undefined, null while that is open."""
        return pl.when(self.undefined).then(True).when(~self.maybe_undefined).then(False).otherwise(None)

    def mapped(self, lo: pl.Expr, hi: pl.Expr) -> Span:
        if self.exact:
            return Span(lo, lo, self.undefined, self.undefined, exact=True)
        return Span(lo, hi, self.undefined, self.maybe_undefined)

    def round(self, decimals: int) -> Span:
        return self.mapped(self.lo.round(decimals), self.hi.round(decimals))

    def scale(self, factor: float) -> Span:
        if factor >= 0:
            return self.mapped(self.lo * factor, self.hi * factor)
        return self.mapped(self.hi * factor, self.lo * factor)

    def shift(self, amount: float) -> Span:
        return self.mapped(self.lo + amount, self.hi + amount)

    def where(self, condition: pl.Expr, other: Span) -> Span:
        """This span where `condition` holds, `other` elsewhere (a row-wise choice, not a union)."""
        pick = condition.fill_null(False)

        def choose(a: pl.Expr, b: pl.Expr) -> pl.Expr:
            return pl.when(pick).then(a).otherwise(b)

        if self.exact and other.exact:
            return Span.point(choose(self.lo, other.lo), choose(self.undefined, other.undefined))
        return Span(choose(self.lo, other.lo), choose(self.hi, other.hi), choose(self.undefined, other.undefined),
                    choose(self.maybe_undefined, other.maybe_undefined))


def _all_exact(spans) -> bool:
    return all(s.exact for s in spans)


def total(spans: list[Span]) -> Span:
    """The sum of independent values."""
    if not spans:
        return Span.point(0.0)
    if _all_exact(spans):  # a blank part leaves the sum blank (sum_horizontal would read it as 0)
        value = pl.when(pl.any_horizontal(s.lo.is_null() for s in spans)).then(None).otherwise(
            pl.sum_horizontal(s.lo for s in spans))
        return Span.point(value, _any(s.undefined for s in spans))
    return Span(pl.sum_horizontal(s.lo for s in spans), pl.sum_horizontal(s.hi for s in spans),
                _any(s.undefined for s in spans), _any(s.maybe_undefined for s in spans))


def lowest(spans: list[Span]) -> Span:
    """The smallest of several values (净利润取扣非前后孰低)."""
    if _all_exact(spans):
        value = pl.when(pl.any_horizontal(s.lo.is_null() for s in spans)).then(None).otherwise(
            pl.min_horizontal(s.lo for s in spans))
        return Span.point(value, _any(s.undefined for s in spans))
    return Span(pl.min_horizontal(s.lo for s in spans), pl.min_horizontal(s.hi for s in spans),
                _any(s.undefined for s in spans), _any(s.maybe_undefined for s in spans))


def union(a: Span, b: Span, either: pl.Expr) -> Span:
    """`a` where `either` is true, `b` where false, and both (their hull) where it is unknown (null)."""
    if a.exact and b.exact:  # known figures: `either` is known wherever the value is
        return a.where(either, b)
    open_ = either.is_null()
    hull = Span(pl.min_horizontal(a.lo, b.lo), pl.max_horizontal(a.hi, b.hi), a.undefined & b.undefined,
                a.maybe_undefined | b.maybe_undefined)
    return hull.where(open_, a.where(either, b))


def divide(num: Span, den: Span) -> Span:
    """num / den over every pair of admissible values. Undefined where den can be 0.

    A denominator that may be 0 but is otherwise positive leaves the ratio unbounded above (num > 0); one that may
    take both signs leaves it unbounded both ways. Where it cannot be 0 the four corner quotients bound it.
    """
    if num.exact and den.exact:
        zero = (den.lo == 0).fill_null(False)
        return Span.point(pl.when(zero).then(None).otherwise(num.lo / den.lo), num.undefined | den.undefined | zero)
    positive = den.lo > 0
    negative = den.hi < 0
    may_be_zero = ~(positive | negative)
    surely_zero = (den.lo == 0) & (den.hi == 0)
    corners = [num.lo / den.lo, num.lo / den.hi, num.hi / den.lo, num.hi / den.hi]
    lo = pl.min_horizontal(_finite_or_null(c) for c in corners)
    hi = pl.max_horizontal(_finite_or_null(c) for c in corners)
    # den in (0, h]: n / den runs from n / h to ±inf (0 stays 0)
    half_lo = pl.when(num.lo >= 0).then(num.lo / den.hi).otherwise(-INF)
    half_hi = pl.when(num.hi <= 0).then(num.hi / den.hi).otherwise(INF)
    touches_zero_from_above = (den.lo == 0) & (den.hi > 0)
    lo = pl.when(positive | negative).then(lo).when(touches_zero_from_above).then(half_lo).otherwise(-INF)
    hi = pl.when(positive | negative).then(hi).when(touches_zero_from_above).then(half_hi).otherwise(INF)
    point_zero = (num.lo == 0) & (num.hi == 0)
    lo, hi = pl.when(point_zero).then(0.0).otherwise(lo), pl.when(point_zero).then(0.0).otherwise(hi)
    return Span(lo, hi, num.undefined | den.undefined | surely_zero.fill_null(False),
                num.maybe_undefined | den.maybe_undefined | may_be_zero.fill_null(True))


def share(part: Span, rest: Span) -> Span:
    """part / (part + rest) for a part of a whole whose other parts (`rest`) are never negative: increasing in
    the part and decreasing in the rest, so the extremes are exact even when part and whole are both unknown
    (main_revenue / revenue lies in [0, 1] when neither is reported). Undefined where the whole can be 0."""
    whole_lo, whole_hi = part.lo + rest.lo, part.hi + rest.hi
    lo = pl.when(rest.hi == 0).then(1.0).otherwise(_finite_or_null(part.lo / (part.lo + rest.hi)).fill_null(0.0))
    hi = pl.when(part.hi == 0).then(0.0).otherwise(_finite_or_null(part.hi / (part.hi + rest.lo)).fill_null(1.0))
    return Span(lo, hi, part.undefined | rest.undefined | (whole_hi <= 0).fill_null(False),
                part.maybe_undefined | rest.maybe_undefined | (whole_lo <= 0).fill_null(True))


def compare(span: Span, op: str, threshold: pl.Expr | float) -> pl.Expr:
    """1 when every admissible value passes `op threshold`, 0 when none does, null otherwise (Int8, so statuses
    combine with the rule's three-valued logic). Ignores undefinedness: see `settle`."""
    t = threshold if isinstance(threshold, pl.Expr) else pl.lit(float(threshold))
    if span.exact:
        return _OPS[op](span.lo, t).cast(pl.Int8)
    passes, fails = {
        ">=": (span.lo >= t, span.hi < t),
        ">": (span.lo > t, span.hi <= t),
        "<=": (span.hi <= t, span.lo > t),
        "<": (span.hi < t, span.lo >= t),
        "==": ((span.lo == t) & (span.hi == t), (span.hi < t) | (span.lo > t)),
    }[op]
    return pl.when(passes).then(1).when(fails).then(0).otherwise(None).cast(pl.Int8)


_OPS = {">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, "<": lambda a, b: a < b,
        "==": lambda a, b: a == b}


def settle(span: Span, defined_status: pl.Expr, when_undefined: bool | None) -> pl.Expr:
    """A comparison's status given whether its value may be undefined: the pack's stated result for an undefined
    value (or unknown when it states none), decided only when both cases agree."""
    undefined_status = pl.lit(None, dtype=pl.Int8) if when_undefined is None else pl.lit(int(when_undefined),
                                                                                        dtype=pl.Int8)
    if span.exact:
        return pl.when(span.undefined).then(undefined_status).otherwise(defined_status).cast(pl.Int8)
    agree = pl.when(defined_status == undefined_status).then(defined_status).otherwise(None)
    return pl.when(span.undefined).then(undefined_status).when(~span.maybe_undefined).then(defined_status).otherwise(
        agree).cast(pl.Int8)


def _finite_or_null(expr: pl.Expr) -> pl.Expr:
    """A quotient with NaN (∞/∞, 0/0) dropped, so the corner extremes ignore it."""
    return pl.when(expr.is_nan()).then(None).otherwise(expr)


def _any(exprs) -> pl.Expr:
    exprs = list(exprs)
    return pl.any_horizontal(exprs) if exprs else FALSE


class Plan:
    """Intermediate columns of one evaluation, computed once in stages instead of being repeated inside every
    expression that reads them (an input's bounds are read by many clauses, a value's span by every band).
    `keep` names an expression and returns a reference to it; `apply` adds the stages to a lazy frame, each
    after the stages whose columns it reads."""

    def __init__(self, columns: set[str]):
        self.stage_of: dict[str, int] = dict.fromkeys(columns, -1)
        self.stages: list[dict[str, pl.Expr]] = []

    def keep(self, name: str, expr: pl.Expr) -> pl.Expr:
        if name not in self.stage_of:
            stage = 1 + max((self.stage_of.get(r, -1) for r in expr.meta.root_names()), default=-1)
            while len(self.stages) <= stage:
                self.stages.append({})
            self.stages[stage][name] = expr
            self.stage_of[name] = stage
        return pl.col(name)

    def keep_span(self, name: str, span: Span) -> Span:
        if span.exact:
            return Span.point(self.keep(f"{name}:v", span.lo), self.keep(f"{name}:u", span.undefined))
        return Span(self.keep(f"{name}:lo", span.lo), self.keep(f"{name}:hi", span.hi),
                    self.keep(f"{name}:u", span.undefined), self.keep(f"{name}:m", span.maybe_undefined))

    def kept(self) -> list[str]:
        return [name for stage in self.stages for name in stage]

    def apply(self, frame: pl.LazyFrame) -> pl.LazyFrame:
        for stage in self.stages:
            frame = frame.with_columns(**stage)
        return frame
