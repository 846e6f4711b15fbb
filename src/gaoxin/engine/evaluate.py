"""Evaluating a policy pack over many enterprises at once, with three-valued logic.

Every clause becomes Polars expressions: `status` (1 pass, 0 fail, null unknown), a points range
[`pmin`, `pmax`] (a range when an input is unknown or experts choose inside a band) and the measured `value`.
Unknown never silently passes or fails: a verdict is decided only when the unknowns cannot change it. No
per-enterprise Python runs here; explanations are rendered separately (`explain`).

Batches must hold whole enterprises (all their years), so a distributed engine can call this unchanged.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from gaoxin.contract.fields import BY_CODE
from gaoxin.engine.frame import KEY, column, wide_frame
from gaoxin.engine.schema import AtLeastLevel, Bands, BestOf, Clause, Compare, Flag, Pack, TitleHeld, Value, Within

_OPS = {">=": "ge", ">": "gt", "<=": "le", "<": "lt", "==": "eq"}


def needs(pack: Pack) -> set[tuple[str, int]]:
    """Every (input, year offset) the pack reads."""
    out: set[tuple[str, int]] = set()
    for clause in pack.clauses:
        out |= _test_needs(clause.test)
    return out


def _test_needs(test) -> set[tuple[str, int]]:
    if isinstance(test, (Compare, Bands)):
        return _value_needs(test.value)
    if isinstance(test, BestOf):
        return set().union(*(_value_needs(o.value) for o in test.options))
    if isinstance(test, Flag):
        return {(test.input, test.year)}
    if isinstance(test, Within):
        return {(test.input, -k) for k in range(1, test.years + 1)}
    if isinstance(test, AtLeastLevel):
        return {(test.input, -1)}
    return set()


def _value_needs(value: Value) -> set[tuple[str, int]]:
    offsets = range(value.years[0], value.years[1] + 1) if value.years else (value.year,)
    return {(code, k) for code in value.inputs() for k in offsets}


# ---------------------------------------------------------------- one clause → expressions


def _sum(code: str, value: Value) -> pl.Expr:
    if not value.years:
        return pl.col(column(code, value.year)).cast(pl.Float64)
    cols = [pl.col(column(code, k)).cast(pl.Float64) for k in range(value.years[0], value.years[1] + 1)]
    any_null = pl.any_horizontal(c.is_null() for c in cols)
    return pl.when(any_null).then(None).otherwise(pl.sum_horizontal(cols))


def value_expr(value: Value) -> tuple[pl.Expr, pl.Expr | None]:
    """The measured value and, for a ratio, its denominator (to tell 0/0 from unknown)."""
    if value.input:
        return _sum(value.input, value), None
    num, den = (_sum(c, value) for c in value.ratio)
    return pl.when(den == 0).then(None).otherwise(num / den), den


def _bands_points(test: Bands, value: pl.Expr, den: pl.Expr | None) -> tuple[pl.Expr, pl.Expr]:
    lo_chain, hi_chain = pl.when(pl.lit(False)).then(None), pl.when(pl.lit(False)).then(None)
    for band in test.bands:
        cond = test.contains(band, value)
        cond = pl.lit(True) if cond is True else cond
        lo, hi = band.points if isinstance(band.points, tuple) else (band.points, band.points)
        lo_chain, hi_chain = lo_chain.when(cond).then(lo), hi_chain.when(cond).then(hi)
    all_points = [p for b in test.bands for p in (b.points if isinstance(b.points, tuple) else (b.points,))]
    unknown_lo, unknown_hi = min(all_points), max(all_points)
    undefined = den == 0 if den is not None else pl.lit(False)
    if test.when_undefined is not None:
        fixed = float(test.when_undefined)
        pmin = pl.when(undefined).then(fixed).otherwise(lo_chain.otherwise(unknown_lo))
        pmax = pl.when(undefined).then(fixed).otherwise(hi_chain.otherwise(unknown_hi))
    else:
        pmin, pmax = lo_chain.otherwise(unknown_lo), hi_chain.otherwise(unknown_hi)
    return pmin.cast(pl.Float64), pmax.cast(pl.Float64)


def clause_exprs(clause: Clause, year: int, has_titles: bool) -> dict[str, pl.Expr]:
    """status / pmin / pmax / value expressions for one clause (points are 0–0 for pass/fail clauses)."""
    test = clause.test
    value: pl.Expr = pl.lit(None, dtype=pl.Float64)
    pmin = pmax = pl.lit(0.0)
    if isinstance(test, Flag):
        raw = pl.col(column(test.input, test.year))
        status = pl.when(raw.is_null()).then(None).otherwise(raw == test.expect)
    elif isinstance(test, Compare):
        value, _ = value_expr(test.value)
        status = getattr(value, _OPS[test.op])(test.threshold)
    elif isinstance(test, Bands):
        value, den = value_expr(test.value)
        pmin, pmax = _bands_points(test, value, den)
        status = pl.when(pmin > 0).then(True).when(pmax <= 0).then(False).otherwise(None)
    elif isinstance(test, BestOf):
        options = [(*value_expr(o.value), o) for o in test.options]
        ranges = [_bands_points(o, v, d) for v, d, o in options]
        pmin = pl.max_horizontal(lo for lo, _ in ranges)
        pmax = pl.max_horizontal(hi for _, hi in ranges)
        status = pl.when(pmin > 0).then(True).when(pmax <= 0).then(False).otherwise(None)
    elif isinstance(test, TitleHeld):
        status = pl.col(f"__title_{test.title}") if has_titles else pl.lit(None, dtype=pl.Boolean)
    elif isinstance(test, Within):
        status = _within(test, year)
    elif isinstance(test, AtLeastLevel):
        status = _at_least(test)
    else:  # pragma: no cover - the schema admits no other kind
        raise TypeError(type(test))
    return {"status": status.cast(pl.Int8), "pmin": pmin, "pmax": pmax, "value": value.cast(pl.Float64)}


def _within(test: Within, year: int) -> pl.Expr:
    """Pass if the event happened in any of the last `years` fiscal years; a year before the enterprise was
    founded is known to hold no event, any other empty year is unknown (unless empty means no)."""
    hits, knowns = [], []
    founded_year = pl.col("founded_on").cast(pl.Date).dt.year()
    for k in range(1, test.years + 1):
        raw = pl.col(column(test.input, -k))
        hit = (raw.cast(pl.Float64) <= test.max_rank) if test.max_rank is not None else (raw.cast(pl.Boolean))
        hits.append(hit.fill_null(False))
        before_founding = (founded_year > year - k).fill_null(False)
        knowns.append(pl.lit(True) if test.empty_means_no else raw.is_not_null() | before_founding)
    any_hit = pl.any_horizontal(hits)
    all_known = pl.all_horizontal(knowns)
    return pl.when(any_hit).then(True).when(all_known).then(False).otherwise(None)


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


def _title_flags(frame: pl.DataFrame, titles: pl.DataFrame, wanted: set[str], on: dt.date) -> pl.DataFrame:
    valid = titles.filter(pl.col("title").is_in(sorted(wanted)) & (pl.col("recognized_on") <= on)
                          & (pl.col("valid_until").is_null() | (pl.col("valid_until") >= on)))
    for title in sorted(wanted):
        holders = valid.filter(pl.col("title") == title).select(KEY).unique()
        frame = frame.with_columns(pl.col(KEY).is_in(holders[KEY].implode()).alias(f"__title_{title}"))
    return frame


def evaluate(pack: Pack, table: pl.DataFrame, year: int, on: dt.date,
             titles: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per enterprise: verdict, score range and, per clause, `<id>:status|pmin|pmax|value`.

    `titles` (credit_code, title, recognized_on, valid_until) makes title conditions decidable; without it
    they are unknown.
    """
    frame = wide_frame(table, year, needs(pack))
    wanted = {c.test.title for c in pack.clauses if isinstance(c.test, TitleHeld)}
    if titles is not None and wanted:
        frame = _title_flags(frame, titles, wanted, on)
    exprs = {c.id: clause_exprs(c, year, titles is not None) for c in pack.clauses}
    frame = frame.with_columns(
        expr.alias(f"{cid}:{part}") for cid, parts in exprs.items() for part, expr in parts.items())
    status = {cid: pl.col(f"{cid}:status") for cid in exprs}
    branches = [status[b] for b in pack.rule.any if b != "score"]
    if pack.score:
        smin = pl.sum_horizontal(pl.col(f"{c}:pmin") for c in pack.score.clauses)
        smax = pl.sum_horizontal(pl.col(f"{c}:pmax") for c in pack.score.clauses)
        nonzero_ok = [pl.col(f"{c}:pmin") > 0 for c in pack.score.nonzero]
        nonzero_bad = [pl.col(f"{c}:pmax") <= 0 for c in pack.score.nonzero]
        score_status = pl.when((smin >= pack.score.pass_mark) & pl.all_horizontal(nonzero_ok or [pl.lit(True)])).then(
            1).when((smax < pack.score.pass_mark) | pl.any_horizontal(nonzero_bad or [pl.lit(False)])).then(
            0).otherwise(None).cast(pl.Int8)
        frame = frame.with_columns(score_min=smin, score_max=smax, score_status=score_status)
        if "score" in pack.rule.any:
            branches.append(pl.col("score_status"))
    rule_parts = [_all([status[c] for c in pack.rule.all])]
    if pack.rule.any:
        rule_parts.append(_any(branches))
    return frame.with_columns(verdict_code=_all(rule_parts))


def verdicts(result: pl.DataFrame) -> pl.Series:
    return result["verdict_code"].replace_strict({1: "qualified", 0: "not_qualified"}, default="insufficient_data",
                                                 return_dtype=pl.String)
