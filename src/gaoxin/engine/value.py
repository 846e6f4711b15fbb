"""What a clause measures (`Value`) and the interval it can lie in given the figures known (`value_span`).

One source per value: an `input`, a `ratio` of two, a `sum_of` several (Ⅰ类 + Ⅱ类), a `count_true` of yes/no
inputs, the `growth` of one input across `years`, `years_since` an enterprise-level year or date, or the
`min_of` several (净利润取扣非前后孰低). Each is computed as a `Span`, so a value whose parts are partly blank
still decides a clause when its whole range lies on one side of the threshold.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, model_validator

from gaoxin.contract.derivations import Sum
from gaoxin.contract.fields import BY_CODE
from gaoxin.engine.bounds import Bounds
from gaoxin.engine.span import INF, Span, divide, lowest, share, total, union

# Derived values (ratios, means, growth) are rounded to this many decimals before they meet a threshold, so that
# binary floating point cannot put 3 × 600.03 / 3 × 20,000.01 a hair under 3%. Far below any figure's precision.
DECIMALS = 10


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def contract_field(code: str) -> str:
    if code not in BY_CODE:
        raise ValueError(f"“{code}” is not a field of the data contract")
    return code


class Value(Strict):
    """What a clause measures, in a year relative to the assessment year Y.

    `year: -1` is 上年度 (Y−1). With `years: [-3, -1]` inputs are summed (or averaged, `aggregate: mean`) over
    Y−3..Y−1 first (e.g. 高企 研发费用占比 over 近三个会计年度). `since_founding` shortens that window to the
    fiscal years since the enterprise was founded (高企: 实际经营不满三年的按实际经营时间计算).
    """

    input: str | None = None
    ratio: tuple[str, str] | None = None
    sum_of: tuple[str, ...] | None = None
    count_true: tuple[str, ...] | None = None
    growth: str | None = None
    years_since: str | None = None  # (Y + year) − an enterprise-level year or date's year (细分市场年限, 成立年限)
    min_of: tuple[str, ...] | None = None  # the lowest of several inputs (净利润取扣非前后孰低)
    scale: float | str = 1.0  # multiplies the value (亿美元 → 亿元 at the pack's exchange rate)
    method: Literal["mean_ratio", "cagr", "last_ratio"] = "mean_ratio"
    first_base: Literal["strict", "skip_zero", "skip_not_positive"] = "strict"
    year: int = -1
    years: tuple[int, int] | None = None
    through: int | None = None  # re-anchors `years` to end at Y + through (0: the application year counts)
    aggregate: Literal["sum", "mean"] = "sum"
    since_founding: bool = False
    unit: str = ""

    @model_validator(mode="before")
    @classmethod
    def _anchor(cls, data):
        """`years` with `through`: the same number of fiscal years, ending at Y + through (a pack parameter
        says whether a window of events or financing counts the application year)."""
        if isinstance(data, dict) and data.get("through") is not None and data.get("years"):
            first, last = data["years"]
            data = data | {"years": (data["through"] - (last - first), data["through"])}
        return data

    @model_validator(mode="after")
    def _one_source(self) -> Value:
        sources = [self.input, self.ratio, self.sum_of, self.count_true, self.growth, self.years_since, self.min_of]
        if sum(s is not None for s in sources) != 1:
            raise ValueError("a value has exactly one of `input`, `ratio`, `sum_of`, `count_true`, `growth`, "
                             "`years_since`, `min_of`")
        if isinstance(self.scale, str):
            raise ValueError(f"`scale` must be a number (an unknown parameter? {self.scale})")
        for code in self.inputs():
            contract_field(code)
        if self.growth and not self.years:
            raise ValueError("a growth rate needs `years` (the window it is measured over)")
        if self.years and self.years[0] > self.years[1]:
            raise ValueError("`years` runs from the earlier offset to the later one")
        return self

    def inputs(self) -> tuple[str, ...]:
        if self.input or self.growth or self.years_since:
            return (self.input or self.growth or self.years_since,)
        return tuple(self.ratio or self.sum_of or self.count_true or self.min_of or ())

    def measure(self) -> dict:
        """What kind of figure the value is, for whoever must decide who may read it: a `share` (a ratio or a
        growth rate, no amount in it) or a `figure` (an input, a sum, a lowest of), with its unit and inputs."""
        kind = "share" if self.ratio or self.growth else "figure"
        return {"kind": kind, "unit": self.unit, "fields": list(self.inputs())}

    def offsets(self) -> range:
        return range(self.years[0], self.years[1] + 1) if self.years else range(self.year, self.year + 1)

    def reads(self) -> set[tuple[str, int]]:
        """Every (input, year offset) the value reads."""
        return {(code, k) for code in self.inputs() for k in self.offsets()}


@dataclass(frozen=True)
class Measured:
    """A value's span and, for a ratio, its numerator and denominator over the window (known values only),
    which explanations turn into "需再投入 X 万元"."""

    span: Span
    num: pl.Expr | None = None
    den: pl.Expr | None = None


def founded_year() -> pl.Expr:
    return pl.col("founded_on").cast(pl.Date).dt.year()


def measure(value: Value, bounds: Bounds) -> Measured:
    """The value's span (scaled and rounded as thresholds see it) and, for ratios, the known parts; computed
    once per evaluation (`Bounds.keep`), however many clauses and bands read it."""
    measured = _measure(value, bounds)
    span = measured.span.scale(float(value.scale)) if value.scale != 1 else measured.span
    name = f"~v:{digest(value)}"
    num = None if measured.num is None else bounds.keep(f"{name}:num", measured.num)
    den = None if measured.den is None else bounds.keep(f"{name}:den", measured.den)
    return Measured(bounds.keep_span(name, span.round(DECIMALS)), num, den)


@lru_cache(maxsize=8192)
def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def digest(value: Value) -> str:
    """A short stable name for a value's intermediate columns."""
    return _digest(value.model_dump_json())


def value_span(value: Value, bounds: Bounds) -> Span:
    return measure(value, bounds).span


def _measure(value: Value, bounds: Bounds) -> Measured:
    if value.input:
        return Measured(window(value.input, value, bounds))
    if value.sum_of or value.count_true:
        return Measured(total([window(c, value, bounds) for c in (value.sum_of or value.count_true)]))
    if value.min_of:
        return Measured(lowest([window(c, value, bounds) for c in value.min_of]))
    if value.years_since:
        return Measured(_years_since(value, bounds))
    if value.growth:
        return Measured(_growth(value, bounds))
    return _ratio(value, bounds)


def _exists(value: Value, bounds: Bounds, k: int) -> pl.Expr:
    """Whether fiscal year Y+k counts in the window: always, or (since_founding) from the founding year on; an
    unknown founding date counts the year."""
    if not value.since_founding:
        return pl.lit(True)
    return bounds.keep(f"~e:{bounds.year + k}", (founded_year() <= bounds.year + k).fill_null(True))


def window(code: str, value: Value, bounds: Bounds) -> Span:
    """One input over the value's window: its sum (or mean); a year before founding counts as nothing when
    `since_founding`. A flow with a running total (新增股权融资) is capped by the total at the window's end."""
    if not value.years:
        return bounds.span(code, value.year)
    terms, counted = [], []
    for k in value.offsets():
        exists = _exists(value, bounds, k)
        terms.append(_counted(bounds.span(code, k), exists))
        counted.append(exists.cast(pl.Int32))
    summed = total(terms)
    cap = bounds.flow_window_hi(code, value.offsets())
    if cap is not None:
        capped = pl.min_horizontal(summed.hi, pl.max_horizontal(cap, summed.lo))
        summed = Span(summed.lo, pl.when(cap.is_null()).then(summed.hi).otherwise(capped))
    if value.aggregate == "mean":  # no year counted (founded after the window): no value, not a 0
        n = pl.sum_horizontal(counted)
        summed = summed.mapped(pl.when(n > 0).then(summed.lo / n), pl.when(n > 0).then(summed.hi / n))
    return bounds.keep_span(f"~w:{code}:{_window_name(value)}", summed)


def _window_name(value: Value) -> str:
    return f"{value.offsets().start}..{value.offsets().stop - 1}:{int(value.since_founding)}:{value.aggregate}"


def _counted(span: Span, exists: pl.Expr) -> Span:
    """A year's term of a window: itself where the year counts, exactly 0 where it does not (before founding)."""
    if exists.meta.is_literal() and span.exact:
        return span
    return span.mapped(pl.when(exists).then(span.lo).otherwise(0.0), pl.when(exists).then(span.hi).otherwise(0.0))


def _years_since(value: Value, bounds: Bounds) -> Span:
    code = value.years_since
    at = bounds.year + value.year
    if BY_CODE[code].kind == "date":
        return Span.point(at - pl.col(code).cast(pl.Date).dt.year().cast(pl.Float64))
    since = bounds.span(code, value.year)
    if since.exact:
        return Span.point(at - since.lo)
    return Span(at - since.hi, at - since.lo)


def _ratio(value: Value, bounds: Bounds) -> Measured:
    num_code, den_code = value.ratio
    num = window(num_code, value, bounds)
    den = window(den_code, value, bounds)
    plain = divide(num, den)
    rest = None if num.exact and den.exact else _rest(num_code, den_code, value, bounds)
    if rest is not None:  # a part of its whole: exact even when both are blank (known ones divide as they are)
        plain = share(num, rest).where((rest.lo >= 0) & ~(num.known() & den.known()), plain)
    return Measured(plain, num.value(), den.value())


def _rest(part: str, whole: str, value: Value, bounds: Bounds) -> Span | None:
    """What the whole holds besides the part, over the window, when the rules say the part is one of its parts:
    whole − part when both are known, else [max(0, whole_lo − part_hi), whole_hi − part_lo] for a part-of pair, or
    the sum of the other parts of an exact identity (资产总额 = 负债总额 + 净资产)."""
    exact = next((r for r in bounds.rules.sums() if not r.rest and r.whole == whole and part in r.parts), None)
    if (part, whole) not in bounds.rules.part_of() and exact is None:
        return None
    terms = []
    for k in value.offsets():
        exists = _exists(value, bounds, k)
        p, w = bounds.raw(part, k), bounds.raw(whole, k)
        both = p.is_not_null() & w.is_not_null()
        if exact is not None:
            others = total([bounds.span(c, k) for c in exact.parts if c != part])
            lo, hi = others.lo, others.hi
        else:
            lo = pl.max_horizontal(pl.lit(0.0), bounds.lo(whole, k) - bounds.hi(part, k))
            hi = bounds.hi(whole, k) - bounds.lo(part, k)
        lo = pl.when(both).then(w - p).otherwise(lo)
        hi = pl.when(both).then(w - p).otherwise(hi)
        terms.append(_counted(Span(lo, hi), exists))
    return bounds.keep_span(f"~r:{part}:{whole}:{_window_name(value)}", total(terms))


# ---------------------------------------------------------------- growth


def _growth(value: Value, bounds: Bounds) -> Span:
    """Growth of one input across `years`, by `method`, starting at the first fiscal year the enterprise existed
    when `since_founding` (高企: 实际经营不满三年的按实际经营时间计算)."""
    first, last = value.years
    if not value.since_founding:
        return _growth_from(value, bounds, first)
    start = pl.max_horizontal(pl.lit(first), founded_year() - bounds.year).fill_null(first)
    chosen = _growth_from(value, bounds, last)  # a window of one year: undefined
    for j in range(last - 1, first - 1, -1):
        chosen = _growth_from(value, bounds, j).where(start == j, chosen)
    return chosen


def _growth_from(value: Value, bounds: Bounds, j: int) -> Span:
    last = value.years[1]
    x = {k: bounds.span(value.growth, k) for k in range(j, last + 1)}
    g = bounds.keep_span(f"~g:{digest(value)}:{j}", _growth_plain(value.method, x, j, last))
    if value.first_base == "strict" or last - j < 1:
        return g
    base = x[j]
    if value.first_base == "skip_zero":
        skip = pl.when((base.lo == 0) & (base.hi == 0)).then(True).when((base.lo > 0) | (base.hi < 0)).then(
            False).otherwise(None)
    else:
        skip = pl.when(base.hi <= 0).then(True).when(base.lo > 0).then(False).otherwise(None)
    return union(_growth_from(value, bounds, j + 1), g, skip)


def _undefined_if(bad_surely: pl.Expr, bad_maybe: pl.Expr, span: Span) -> Span:
    return Span(span.lo, span.hi, span.undefined | bad_surely.fill_null(False),
                span.maybe_undefined | bad_maybe.fill_null(True))


def _positive(s: Span) -> Span:
    """The part of a base's range where a growth rate is defined (base > 0)."""
    return Span(pl.max_horizontal(s.lo, pl.lit(0.0)), s.hi)


def _growth_plain(method: str, x: dict[int, Span], j: int, last: int) -> Span:
    n = last - j + 1
    if n <= 1:
        return Span(pl.lit(None, dtype=pl.Float64), pl.lit(None, dtype=pl.Float64), pl.lit(True), pl.lit(True))
    if all(s.exact for s in x.values()):
        return _growth_known(method, {k: s.lo for k, s in x.items()}, j, last)
    if method == "last_ratio" or n == 2:
        base = x[last - 1]
        ratio = divide(x[last], _positive(base))
        return _undefined_if(base.hi <= 0, base.lo <= 0, Span(ratio.lo - 1, ratio.hi - 1))
    if method == "cagr":
        base, end = x[j], x[last]
        ratio = divide(Span(pl.max_horizontal(end.lo, pl.lit(0.0)), end.hi), _positive(base))
        power = 1 / (n - 1)
        span = Span(ratio.lo.pow(power) - 1, ratio.hi.pow(power) - 1)
        return _undefined_if((base.hi <= 0) | (end.hi < 0), (base.lo <= 0) | (end.lo < 0), span)
    bases = [x[k] for k in range(j, last)]
    bad_surely = pl.any_horizontal(b.hi <= 0 for b in bases)
    bad_maybe = pl.any_horizontal(b.lo <= 0 for b in bases)
    if n == 3:
        span = _two_ratios(x[j], x[j + 1], x[j + 2])
    else:
        ratios = [divide(x[k + 1], _positive(x[k])) for k in range(j, last)]
        span = total(ratios).scale(1 / (n - 1))
    return _undefined_if(bad_surely, bad_maybe, span.shift(-1))


def _growth_known(method: str, x: dict[int, pl.Expr], j: int, last: int) -> Span:
    """The same rates where every figure is reported: one number each, undefined where a base is not positive."""
    n = last - j + 1
    if method == "last_ratio" or n == 2:
        bad, g = x[last - 1] <= 0, x[last] / x[last - 1] - 1
    elif method == "cagr":
        bad, g = (x[j] <= 0) | (x[last] < 0), (x[last] / x[j]).pow(1 / (n - 1)) - 1
    else:
        bad = pl.any_horizontal(x[k] <= 0 for k in range(j, last))
        g = pl.mean_horizontal(x[k + 1] / x[k] for k in range(j, last)) - 1
    read = {"last_ratio": (last - 1, last), "cagr": (j, last)}.get(method if n > 2 else "last_ratio", tuple(x))
    blank = pl.any_horizontal(x[k].is_null() for k in read)
    bad = bad.fill_null(False)
    return Span.point(pl.when(blank | bad).then(None).otherwise(g), bad & ~blank)


def _two_ratios(a: Span, t: Span, b: Span) -> Span:
    """(t / a + b / t) / 2 over positive a and t, exactly: the middle year appears in both ratios, so its range is
    not simply added. For fixed t the extremes sit at a's and b's ends; in t the sum is convex, least at
    √(a·b) and greatest at an end of t's range."""
    a_lo, a_hi = pl.max_horizontal(a.lo, pl.lit(0.0)), a.hi
    t_lo, t_hi = pl.max_horizontal(t.lo, pl.lit(0.0)), t.hi
    b_lo, b_hi = b.lo, b.hi

    def f(tv: pl.Expr, av: pl.Expr, bv: pl.Expr) -> pl.Expr:
        first = pl.when(av > 0).then(tv / av).otherwise(INF)
        second = pl.when(tv > 0).then(bv / tv).otherwise(pl.when(bv > 0).then(INF).when(bv < 0).then(-INF)
                                                          .otherwise(0.0))
        return first + second

    # least: a as large and b as small as they go; t at √(a·b) when that lies in its range, else its nearer end
    best_t = (a_hi * b_lo).sqrt()
    inside = (b_lo > 0) & (t_lo < t_hi) & (best_t >= t_lo) & (best_t <= t_hi)
    least = pl.when(inside).then(2 * (b_lo / a_hi).sqrt()).otherwise(
        pl.min_horizontal(f(t_lo, a_hi, b_lo).fill_nan(-INF), f(t_hi, a_hi, b_lo).fill_nan(-INF)))
    greatest = pl.max_horizontal(f(t_lo, a_lo, b_hi).fill_nan(INF), f(t_hi, a_lo, b_hi).fill_nan(INF))
    return Span(least / 2, greatest / 2)


# ---------------------------------------------------------------- words


YEARS_SINCE = {"founded_on": "成立年限", "niche_since": "从事细分市场年限"}
GROWTH = {"mean_ratio": "平均增长率", "cagr": "复合增长率", "last_ratio": "增长率"}


def label(v: Value) -> str:
    """What the value is called in explanations (研发费用总额占营业收入比例, Ⅰ类知识产权+Ⅱ类知识产权 …)."""
    if v.years_since:
        return YEARS_SINCE.get(v.years_since, f"自{BY_CODE[v.years_since].label}起的年数")
    if v.min_of:
        return "、".join(BY_CODE[c].label for c in v.min_of) + "孰低"
    if v.input:
        return BY_CODE[v.input].label
    if v.growth:
        return BY_CODE[v.growth].label + GROWTH[v.method]
    if v.ratio:
        return f"{BY_CODE[v.ratio[0]].label}占{BY_CODE[v.ratio[1]].label}比例"
    return "+".join(BY_CODE[c].label for c in (v.sum_of or v.count_true))


def part_of_rule(part: str, whole: str, rules) -> Sum | None:
    chain = rules.part_of().get((part, whole))
    return chain[0] if chain else None
