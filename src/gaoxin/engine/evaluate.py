"""Evaluating a policy pack over many enterprises at once, with three-valued logic.

Every clause becomes Polars expressions: `status` (1 pass, 0 fail, null unknown), a points range
[`pmin`, `pmax`] (a range when an input is unknown or experts choose inside a band) and the measured `value`.
Unknown never silently passes or fails: a verdict is decided only when the unknowns cannot change it. No
per-enterprise Python runs here; explanations are rendered separately (`explain`).

Batches must hold whole enterprises (all their years), so a distributed engine can call this unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import polars as pl

from gaoxin.contract.fields import BY_CODE
from gaoxin.engine.frame import KEY, column, wide_frame
from gaoxin.engine.schema import (
    Age,
    AnyOf,
    AtLeastLevel,
    Bands,
    BestOf,
    ChoiceIn,
    Clause,
    Compare,
    Expert,
    Filled,
    Flag,
    IndustryNotIn,
    LevelPoints,
    Node,
    Pack,
    SmeSize,
    TitleHeld,
    Value,
    Within,
)
from gaoxin.engine.sme_size import is_sme_expr, standard

_OPS = {">=": "ge", ">": "gt", "<=": "le", "<": "lt", "==": "eq"}


def needs(pack: Pack) -> set[tuple[str, int]]:
    """Every (input, year offset) the pack reads."""
    out: set[tuple[str, int]] = set()
    for clause in pack.clauses:
        out |= test_needs(clause.test)
    return out


def test_needs(test) -> set[tuple[str, int]]:
    if isinstance(test, Compare):
        return _value_needs(test.value) | (_value_needs(test.tiers.by) if test.tiers else set())
    if isinstance(test, Bands):
        return _value_needs(test.value)
    if isinstance(test, BestOf):
        return set().union(*(_value_needs(o.value) for o in test.options))
    if isinstance(test, (Flag, Expert)):
        return {(test.input, test.year)} | (test_needs(test.estimate) if getattr(test, "estimate", None) else set())
    if isinstance(test, Within):
        return {(test.input, -k) for k in range(1, test.years + 1)}
    if isinstance(test, (AtLeastLevel, Filled, ChoiceIn)):
        return {(test.input, -1)}
    if isinstance(test, IndustryNotIn):
        return {("industry_code", -1)}
    if isinstance(test, SmeSize):
        return {(code, -1) for code in test.inputs()}
    if isinstance(test, LevelPoints):
        return {(test.input, test.year)}
    if isinstance(test, AnyOf):
        return set().union(*(test_needs(o) for o in test.options))
    return set()


def _value_needs(value: Value) -> set[tuple[str, int]]:
    return {(code, k) for code in value.inputs() for k in value.offsets()}


# ---------------------------------------------------------------- values


def _founded_year() -> pl.Expr:
    return pl.col("founded_on").cast(pl.Date).dt.year()


def _year_value(code: str, k: int) -> pl.Expr:
    """One input in year Y+k as a number; a percent field (0–100 in the contract) as a fraction, like ratios."""
    value = pl.col(column(code, k)).cast(pl.Float64)
    return value / 100 if BY_CODE[code].kind == "percent" else value


def _aggregate(code: str, value: Value, year: int) -> pl.Expr:
    """One input over the value's window: its sum (or mean); a year before founding counts as nothing when
    `since_founding`, any other empty year makes the result unknown."""
    if not value.years:
        return _year_value(code, value.year)
    terms, counted, unknown = [], [], []
    for k in value.offsets():
        exists = (_founded_year() <= year + k).fill_null(True) if value.since_founding else pl.lit(True)
        col = _year_value(code, k)
        terms.append(pl.when(exists).then(col).otherwise(0.0))
        counted.append(exists.cast(pl.Int32))
        unknown.append(exists & col.is_null())
    total = pl.sum_horizontal(terms)
    if value.aggregate == "mean":
        n = pl.sum_horizontal(counted)
        total = pl.when(n > 0).then(total / n).otherwise(None)
    return pl.when(pl.any_horizontal(unknown)).then(None).otherwise(total)


# Derived values (ratios, means, growth) are rounded to this many decimals before they meet a threshold, so that
# binary floating point cannot put 3 × 600.03 / 3 × 20,000.01 a hair under 3%. Far below any figure's precision.
DECIMALS = 10


def value_expr(value: Value, year: int = 0) -> tuple[pl.Expr, pl.Expr]:
    """The measured value and whether it is undefined (a 0 denominator, a growth without a base): undefined
    is true/false when known and null when the inputs are unknown."""
    measured, undefined = _value_expr(value, year)
    if value.scale != 1:
        measured = measured * value.scale
    return measured.round(DECIMALS), undefined


def _value_expr(value: Value, year: int) -> tuple[pl.Expr, pl.Expr]:
    no = pl.lit(False)
    if value.input:
        return _aggregate(value.input, value, year), no
    if value.sum_of or value.count_true:
        parts = [_aggregate(c, value, year) for c in (value.sum_of or value.count_true)]
        total = pl.when(pl.any_horizontal(p.is_null() for p in parts)).then(None).otherwise(pl.sum_horizontal(parts))
        return total, no
    if value.growth:
        return _growth(value, year)
    if value.years_since:
        since = pl.col(value.years_since)
        since = since.cast(pl.Date).dt.year() if BY_CODE[value.years_since].kind == "date" else since
        return (year + value.year) - since.cast(pl.Float64), no
    if value.min_of:
        parts = [_aggregate(c, value, year) for c in value.min_of]
        return pl.when(pl.any_horizontal(p.is_null() for p in parts)).then(None).otherwise(pl.min_horizontal(parts)), no
    num, den = (_aggregate(c, value, year) for c in value.ratio)
    return pl.when(den == 0).then(None).otherwise(num / den), den == 0


def _growth(value: Value, year: int) -> tuple[pl.Expr, pl.Expr]:
    """Growth of one input across `years`, by `method`, starting at the first fiscal year the enterprise
    existed when `since_founding` (高企: 实际经营不满三年的按实际经营时间计算)."""
    first, last = value.years
    if not value.since_founding:
        return _growth_from(value, first)
    start = pl.max_horizontal(pl.lit(first), _founded_year() - year).fill_null(first)
    value_chain, undefined_chain = pl.when(pl.lit(False)).then(None), pl.when(pl.lit(False)).then(None)
    for j in range(first, last + 1):
        g, undefined = _growth_from(value, j)
        value_chain, undefined_chain = value_chain.when(start == j).then(g), undefined_chain.when(start == j).then(
            undefined)
    return value_chain.otherwise(None), undefined_chain.otherwise(pl.lit(True))


def _growth_from(value: Value, j: int) -> tuple[pl.Expr, pl.Expr]:
    last = value.years[1]
    x = {k: _year_value(value.growth, k) for k in range(j, last + 1)}
    g, undefined = _growth_plain(value.method, x, j, last)
    if value.first_base != "strict" and last - j >= 1:
        skip = (x[j] == 0) if value.first_base == "skip_zero" else (x[j] <= 0)
        later, later_undefined = _growth_from(value, j + 1)
        g = pl.when(skip).then(later).otherwise(g)
        undefined = pl.when(skip).then(later_undefined).otherwise(undefined)
    return g, undefined


def _growth_plain(method: str, x: dict[int, pl.Expr], j: int, last: int) -> tuple[pl.Expr, pl.Expr]:
    n = last - j + 1
    if n <= 1:
        return pl.lit(None, dtype=pl.Float64), pl.lit(True)
    if method == "last_ratio" or n == 2:
        known = x[last].is_not_null() & x[last - 1].is_not_null()
        bad = x[last - 1] <= 0
        g = x[last] / x[last - 1] - 1
        return pl.when(known & ~bad).then(g).otherwise(None), pl.when(known).then(bad).otherwise(None)
    known = pl.all_horizontal(c.is_not_null() for c in x.values())
    if method == "cagr":
        known = x[j].is_not_null() & x[last].is_not_null()
    if method == "mean_ratio":
        bad = pl.any_horizontal(x[k] <= 0 for k in range(j, last))
        g = pl.mean_horizontal(x[k + 1] / x[k] for k in range(j, last)) - 1
    else:  # cagr
        bad = (x[j] <= 0) | (x[last] < 0)
        g = (x[last] / x[j]).pow(1 / (n - 1)) - 1
    undefined = pl.when(known).then(bad).otherwise(None)
    return pl.when(known & ~bad).then(g).otherwise(None), undefined


# ---------------------------------------------------------------- one clause → expressions


def _bands_points(test: Bands, value: pl.Expr, undefined: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    lo_chain, hi_chain = pl.when(pl.lit(False)).then(None), pl.when(pl.lit(False)).then(None)
    for band in test.bands:
        cond = test.contains(band, value)
        cond = pl.lit(True) if cond is True else cond
        lo, hi = band.points if isinstance(band.points, tuple) else (band.points, band.points)
        lo_chain, hi_chain = lo_chain.when(cond).then(lo), hi_chain.when(cond).then(hi)
    all_points = [p for b in test.bands for p in (b.points if isinstance(b.points, tuple) else (b.points,))]
    unknown_lo, unknown_hi = min(all_points), max(all_points)
    if test.when_undefined is not None:
        fixed = float(test.when_undefined)
        is_undefined = undefined.fill_null(False)
        pmin = pl.when(is_undefined).then(fixed).otherwise(lo_chain.otherwise(unknown_lo))
        pmax = pl.when(is_undefined).then(fixed).otherwise(hi_chain.otherwise(unknown_hi))
    else:
        pmin, pmax = lo_chain.otherwise(unknown_lo), hi_chain.otherwise(unknown_hi)
    return pmin.cast(pl.Float64), pmax.cast(pl.Float64)


def _points_range(test: Bands | BestOf, year: int) -> tuple[pl.Expr, pl.Expr]:
    if isinstance(test, Bands):
        return _bands_points(test, *value_expr(test.value, year))
    ranges = [_points_range(o, year) for o in test.options]
    return pl.max_horizontal(lo for lo, _ in ranges), pl.max_horizontal(hi for _, hi in ranges)


def _scored(pmin: pl.Expr, pmax: pl.Expr) -> pl.Expr:
    return pl.when(pmin > 0).then(True).when(pmax <= 0).then(False).otherwise(None)


def clause_exprs(clause: Clause, year: int, has_titles: bool, on: dt.date | None = None) -> dict[str, pl.Expr]:
    """status, and where the kind has them pmin / pmax (points) and value expressions for one clause, plus
    `threshold` where it depends on the enterprise (tiers). A pass/fail clause has no point columns: 0–0."""
    test = clause.test
    value: pl.Expr = pl.lit(None, dtype=pl.Float64)
    pmin = pmax = pl.lit(0.0)
    extra = {}
    if isinstance(test, Flag):
        raw = pl.col(column(test.input, test.year))
        status = pl.when(raw.is_null()).then(None).otherwise(raw == test.expect)
    elif isinstance(test, Compare) and test.every_year:
        value, status = _every_year(test, year)
    elif isinstance(test, Compare):
        value, undefined = value_expr(test.value, year)
        status, threshold = _compare(test, value, year)
        status = _when_undefined(test, status, undefined)
        if test.tiers:
            extra["threshold"] = threshold
    elif isinstance(test, (Bands, BestOf)):
        pmin, pmax = _points_range(test, year)
        if isinstance(test, Bands):
            value = value_expr(test.value, year)[0]
        status = _scored(pmin, pmax)
    elif isinstance(test, TitleHeld):
        if not test.required:
            status = pl.lit(True)
        else:
            status = pl.col(test.flag) if has_titles else pl.lit(None, dtype=pl.Boolean)
    elif isinstance(test, Within):
        status = _within(test, year)
    elif isinstance(test, AtLeastLevel):
        status = _at_least(test)
    elif isinstance(test, Age):
        value = (pl.lit(on or dt.date(year, 7, 1)) - pl.col("founded_on").cast(pl.Date)).dt.total_days()
        status = getattr(value, _OPS[test.op])(test.days)
    elif isinstance(test, Filled):
        raw = pl.col(column(test.input, -1))
        status = pl.when(raw.is_null() | (raw.cast(pl.String) == "")).then(None).otherwise(True)
    elif isinstance(test, Expert):
        value, pmin, pmax, status = _expert(test, year)
    elif isinstance(test, SmeSize):
        measures = {m: pl.col(column(m, -1)) for m in ("employees", "revenue", "total_assets")}
        status = is_sme_expr(standard(test.standard), pl.col("industry_code"), measures)
    elif isinstance(test, LevelPoints):
        raw = pl.col(column(test.input, test.year)).cast(pl.String)
        known = raw.is_not_null() & (raw != "")
        chain = pl.when(pl.lit(False)).then(None)
        for level, points in test.points.items():
            chain = chain.when(raw == level).then(float(points))
        pmin = pl.when(known).then(chain).otherwise(min(test.points.values())).cast(pl.Float64)
        pmax = pl.when(known).then(chain).otherwise(max(test.points.values())).cast(pl.Float64)
        status = _scored(pmin, pmax)
    elif isinstance(test, ChoiceIn):
        raw = pl.col(column(test.input, -1)).cast(pl.String)
        inside = raw.is_in(list(test.values))
        inside = inside.not_() if test.negate else inside
        empty = {"pass": pl.lit(True), "fail": pl.lit(False), "unknown": pl.lit(None, dtype=pl.Boolean)}[test.empty]
        status = pl.when(raw.is_null() | (raw == "")).then(empty).otherwise(inside)
    elif isinstance(test, IndustryNotIn):
        code = pl.col("industry_code").cast(pl.String)
        hit = pl.any_horizontal(code.str.starts_with(p) for p in test.prefixes)
        status = pl.when(code.is_null() | (code == "")).then(None).otherwise(hit.not_())
    elif isinstance(test, AnyOf):
        status = _any([clause_exprs(Clause(id=clause.id, label="", article="", test=o), year, has_titles, on)[
            "status"] for o in test.options]).cast(pl.Boolean)
    else:  # pragma: no cover - the schema admits no other kind
        raise TypeError(type(test))
    parts = {"status": status.cast(pl.Int8)}
    if isinstance(test, (Bands, BestOf, Expert, LevelPoints)):  # others score 0–0: no column, read as 0
        parts |= {"pmin": pmin, "pmax": pmax}
    if isinstance(test, (Compare, Bands, Age, Expert)):  # others measure nothing to show
        parts["value"] = value.cast(pl.Float64)
    return parts | extra


def _compare(test: Compare, value: pl.Expr, year: int) -> tuple[pl.Expr, pl.Expr | None]:
    op = _OPS[test.op]
    if not test.tiers:
        return getattr(value, op)(test.threshold), None
    by, _ = value_expr(test.tiers.by, year)
    chain = pl.when(pl.lit(False)).then(None)
    for tier in test.tiers.rows:
        cond = test.tiers.contains(tier, by)
        chain = chain.when(pl.lit(True) if cond is True else cond).then(tier.threshold)
    threshold = chain.otherwise(None).cast(pl.Float64)
    # tier unknown: decided only if the value passes (or fails) every tier's threshold
    every = [getattr(value, op)(t.threshold) for t in test.tiers.rows]
    unknown_tier = pl.when(pl.all_horizontal(every)).then(True).when(pl.all_horizontal(e.not_() for e in every)).then(
        False).otherwise(None)
    status = pl.when(threshold.is_null()).then(unknown_tier).otherwise(getattr(value, op)(threshold))
    return status, threshold


def _when_undefined(test: Compare, status: pl.Expr, undefined: pl.Expr) -> pl.Expr:
    """A comparison whose value is known to be undefined (a 0 denominator) takes the pack's stated result."""
    if test.when_undefined is None:
        return status
    return pl.when(undefined.fill_null(False)).then(pl.lit(test.when_undefined)).otherwise(status)


def _every_year(test: Compare, year: int) -> tuple[pl.Expr, pl.Expr]:
    """Each year of the window compared on its own; the value shown is the weakest year."""
    single = [test.value.model_copy(update={"years": None, "year": k}) for k in test.value.offsets()]
    values = [value_expr(v, year) for v in single]
    op = _OPS[test.op]
    statuses = []
    for value, undefined in values:
        statuses.append(_when_undefined(test, getattr(value, op)(test.threshold), undefined).cast(pl.Int8))
    weakest = pl.min_horizontal(v for v, _ in values) if op in ("ge", "gt") else pl.max_horizontal(v for v, _ in values)
    return weakest, _all(statuses).cast(pl.Boolean)


def _expert(test: Expert, year: int) -> tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr]:
    raw = pl.col(column(test.input, test.year)).cast(pl.Float64)
    given = raw.clip(0, test.max)
    if test.estimate is not None:
        lo, hi = _points_range(test.estimate, year)
        est_lo, est_hi = (lo + test.rest[0]).clip(0, test.max), (hi + test.rest[1]).clip(0, test.max)
    else:
        est_lo, est_hi = pl.lit(0.0), pl.lit(float(test.max))
    pmin = pl.when(raw.is_null()).then(est_lo).otherwise(given).cast(pl.Float64)
    pmax = pl.when(raw.is_null()).then(est_hi).otherwise(given).cast(pl.Float64)
    status = pl.when(raw.is_null()).then(None).otherwise(given > 0)
    return raw, pmin, pmax, status


def _within(test: Within, year: int) -> pl.Expr:
    """Pass if the event happened in any of the last `years` fiscal years; a year before the enterprise was
    founded is known to hold no event, any other empty year is unknown (unless empty means no)."""
    hits, knowns = [], []
    founded_year = _founded_year()
    is_flag = BY_CODE[test.input].kind == "bool"
    for k in range(1, test.years + 1):
        raw = pl.col(column(test.input, -k))
        if test.max_rank is not None:
            hit = raw.cast(pl.Float64) <= test.max_rank
        else:
            hit = raw.cast(pl.Boolean) if is_flag else raw.is_not_null()
        hits.append(hit.fill_null(False))
        before_founding = (founded_year > year - k).fill_null(False)
        knowns.append(pl.lit(True) if test.empty_means_no else raw.is_not_null() | before_founding)
    any_hit = pl.any_horizontal(hits)
    all_known = pl.all_horizontal(knowns)
    happened = pl.when(any_hit).then(True).when(all_known).then(False).otherwise(None)
    return happened if test.expect else happened.not_()


def _at_least(test: AtLeastLevel) -> pl.Expr:
    order = [code for code, _ in BY_CODE[test.input].choices]  # highest level first
    good = order[: order.index(test.level) + 1]
    raw = pl.col(column(test.input, -1))
    return pl.when(raw.is_null() | (raw == "")).then(None).otherwise(raw.is_in(good))


# ---------------------------------------------------------------- rule


def _all(statuses: list[pl.Expr]) -> pl.Expr:
    if not statuses:
        return pl.lit(1, dtype=pl.Int8)
    return pl.when(pl.any_horizontal(s == 0 for s in statuses)).then(0).when(
        pl.all_horizontal(s == 1 for s in statuses)).then(1).otherwise(None).cast(pl.Int8)


def _any(statuses: list[pl.Expr]) -> pl.Expr:
    return pl.when(pl.any_horizontal(s == 1 for s in statuses)).then(1).when(
        pl.all_horizontal(s == 0 for s in statuses)).then(0).otherwise(None).cast(pl.Int8)


def _title_flags(frame: pl.DataFrame, titles: pl.DataFrame, wanted: set[TitleHeld], year: int,
                 on: dt.date) -> pl.DataFrame:
    valid = titles.filter(pl.col("title").is_in(sorted({t.title for t in wanted})) & (pl.col("recognized_on") <= on)
                          & (pl.col("valid_until").is_null() | (pl.col("valid_until") >= on)))
    for test in sorted(wanted, key=lambda t: t.flag):
        held = valid.filter(pl.col("title") == test.title)
        if test.recognized_in is not None:
            held = held.filter(pl.col("recognized_on").dt.year() == year + test.recognized_in)
        frame = frame.with_columns(pl.col(KEY).is_in(held[KEY].implode()).alias(test.flag))
    return frame


def evaluate(pack: Pack, table: pl.DataFrame, year: int, on: dt.date,
             titles: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per enterprise: verdict, score range and, per clause, `<id>:status|pmin|pmax|value`.

    `titles` (credit_code, title, recognized_on, valid_until) makes title conditions decidable; without it
    they are unknown.
    """
    return evaluate_many([pack], table, year, on, titles)[pack.id]


def evaluate_many(packs: list[Pack], table: pl.DataFrame, year: int, on: dt.date,
                  titles: pl.DataFrame | None = None) -> dict[str, pl.DataFrame]:
    """Several packs over one table, sharing the pivot to one row per enterprise (most of the cost)."""
    return {pack.id: frame for pack, frame in iter_evaluations(packs, table, year, on, titles)}


def iter_evaluations(packs: list[Pack], table: pl.DataFrame, year: int, on: dt.date,
                     titles: pl.DataFrame | None = None) -> Iterator[tuple[Pack, pl.DataFrame]]:
    """Like `evaluate_many`, one pack at a time, so a caller that renders or stores each result and lets it go
    holds one pack's columns in memory, not every pack's."""
    frame = prepare(packs, table, year, on, titles)
    for pack in packs:
        yield pack, evaluate_prepared(pack, frame, year, on, titles is not None)


def prepare(packs: list[Pack], table: pl.DataFrame, year: int, on: dt.date,
            titles: pl.DataFrame | None) -> pl.DataFrame:
    """The wide frame every pack in `packs` reads, with a `__title_<code>` flag per title they ask about."""
    frame = wide_frame(table, year, set().union(*(needs(p) for p in packs)))
    wanted = {c.test for p in packs for c in p.clauses if isinstance(c.test, TitleHeld) and c.test.required}
    if titles is not None and wanted:
        frame = _title_flags(frame, titles, wanted, year, on)
    return frame


def evaluate_prepared(pack: Pack, frame: pl.DataFrame, year: int, on: dt.date, has_titles: bool) -> pl.DataFrame:
    """One lazy plan per pack: Polars then computes a subexpression shared by several clause columns (a ratio,
    an industry's category) once, which is most of the speed on wide packs."""
    exprs = {c.id: clause_exprs(c, year, has_titles, on) for c in pack.clauses}
    # a points table's status follows from its point range: read the range once it is computed, not again
    scored = {c.id for c in pack.clauses if isinstance(c.test, (Bands, BestOf, LevelPoints))}
    plan = frame.lazy().with_columns(
        expr.alias(f"{cid}:{part}") for cid, parts in exprs.items() for part, expr in parts.items()
        if not (cid in scored and part == "status"))
    plan = plan.with_columns(
        _scored(pl.col(f"{cid}:pmin"), pl.col(f"{cid}:pmax")).cast(pl.Int8).alias(f"{cid}:status") for cid in scored)
    if pack.score:
        plan = _score(plan, pack)
    return plan.with_columns(verdict_code=_verdict(pack)).collect()


def _score(frame: pl.LazyFrame, pack: Pack) -> pl.LazyFrame:
    """Score range, group sub-scores and `score_status`: decided only when the whole range is on one side."""
    score = pack.score
    smin = pl.sum_horizontal(pl.col(f"{c}:pmin") for c in score.clauses)
    smax = pl.sum_horizontal(pl.col(f"{c}:pmax") for c in score.clauses)
    ok = [pl.col(f"{c}:pmin") > 0 for c in score.nonzero]
    bad = [pl.col(f"{c}:pmax") <= 0 for c in score.nonzero]
    for group in score.groups:
        gmin = pl.sum_horizontal(pl.col(f"{c}:pmin") for c in group.clauses)
        gmax = pl.sum_horizontal(pl.col(f"{c}:pmax") for c in group.clauses)
        frame = frame.with_columns(gmin.alias(f"group:{group.id}:min"), gmax.alias(f"group:{group.id}:max"))
        if group.minimum is not None:
            ok.append(pl.col(f"group:{group.id}:min") >= group.minimum)
            bad.append(pl.col(f"group:{group.id}:max") < group.minimum)
    status = pl.when((smin >= score.pass_mark) & pl.all_horizontal(ok or [pl.lit(True)])).then(1).when(
        (smax < score.pass_mark) | pl.any_horizontal(bad or [pl.lit(False)])).then(0).otherwise(None)
    return frame.with_columns(score_min=smin, score_max=smax, score_status=status.cast(pl.Int8))


def _verdict(pack: Pack) -> pl.Expr:
    def member(ref) -> pl.Expr:
        if isinstance(ref, Node):
            return _all([member(m) for m in ref.all]) if ref.all else _any([member(m) for m in ref.any])
        return pl.col("score_status") if ref == "score" else pl.col(f"{ref}:status")

    parts = [_all([member(m) for m in pack.rule.all])]
    if pack.rule.any:
        parts.append(_any([member(m) for m in pack.rule.any]))
    return _all(parts)


def verdicts(result: pl.DataFrame) -> pl.Series:
    return result["verdict_code"].replace_strict({1: "qualified", 0: "not_qualified"}, default="insufficient_data",
                                                 return_dtype=pl.String)
