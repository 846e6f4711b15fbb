"""Evaluating a policy pack over many enterprises at once, with three-valued logic over intervals.

Every clause becomes Polars expressions through its kind (`kinds/`): `status` (1 pass, 0 fail, null unknown), a
points range [`pmin`, `pmax`] where it scores, and, for explanations, the measured `value`, its range where
figures are blank, and what the gap texts need. A value with blank parts is bounded (`span.Span`, with the
identities of `contract/derivations.yaml` through `bounds.Bounds`), so a clause and a verdict the known data
already settle are settled; unknown never silently passes or fails. No per-enterprise Python runs here;
explanations are rendered separately (`explain`) from the columns emitted here.

Batches must hold whole enterprises (all their years), so a distributed engine can call this unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import polars as pl

from gaoxin.engine.bounds import Bounds, needs_closure
from gaoxin.engine.frame import KEY, column, wide_frame
from gaoxin.engine.kinds import Ctx, TitleHeld
from gaoxin.engine.schema import Clause, Node, Pack
from gaoxin.engine.span import Plan


def needs(pack: Pack) -> set[tuple[str, int]]:
    """Every (input, year offset) the pack's clauses read."""
    out: set[tuple[str, int]] = set()
    for clause in pack.clauses:
        out |= clause.test.reads()
    return out


# ---------------------------------------------------------------- one clause → expressions


def _scored(pmin: pl.Expr, pmax: pl.Expr) -> pl.Expr:
    return pl.when(pmin > 0).then(1).when(pmax <= 0).then(0).otherwise(None).cast(pl.Int8)


def clause_exprs(clause: Clause, year: int, has_titles: bool, on: dt.date | None = None,
                 bounds: Bounds | None = None, explain: bool = True) -> dict[str, pl.Expr]:
    """status, and where the kind has them pmin / pmax (points) and explanation columns, for one clause."""
    ctx = Ctx(year, on or dt.date(year, 7, 1), has_titles, bounds or Bounds(_every_column(clause), year), explain)
    parts = clause.test.columns(ctx)
    if "status" not in parts:
        parts = {"status": _scored(parts["pmin"], parts["pmax"])} | parts
    return parts


def _every_column(clause: Clause) -> set[str]:
    return {column(code, k) for code, k in clause.test.reads()} | {"founded_on"}


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
             titles: pl.DataFrame | None = None, explain: bool = True) -> pl.DataFrame:
    """One row per enterprise: verdict, score range and, per clause, `<id>:status|pmin|pmax|value|…`.

    `titles` (credit_code, title, recognized_on, valid_until) makes title conditions decidable; without it
    they are unknown. `explain=False` leaves out the columns only explanations read (for counting verdicts).
    """
    return evaluate_many([pack], table, year, on, titles, explain)[pack.id]


def evaluate_many(packs: list[Pack], table: pl.DataFrame, year: int, on: dt.date,
                  titles: pl.DataFrame | None = None, explain: bool = True) -> dict[str, pl.DataFrame]:
    """Several packs over one table, sharing the pivot to one row per enterprise (most of the cost)."""
    return {pack.id: frame for pack, frame in iter_evaluations(packs, table, year, on, titles, explain)}


def iter_evaluations(packs: list[Pack], table: pl.DataFrame, year: int, on: dt.date,
                     titles: pl.DataFrame | None = None, explain: bool = True) -> Iterator[tuple[Pack, pl.DataFrame]]:
    """Like `evaluate_many`, one pack at a time, so a caller that renders or stores each result and lets it go
    holds one pack's columns in memory, not every pack's."""
    frame = prepare(packs, table, year, on, titles)
    for pack in packs:
        yield pack, evaluate_prepared(pack, frame, year, on, titles is not None, explain)


def prepare(packs: list[Pack], table: pl.DataFrame, year: int, on: dt.date,
            titles: pl.DataFrame | None, extra: set[tuple[str, int]] = frozenset()) -> pl.DataFrame:
    """The wide frame every pack in `packs` reads (and `extra` inputs) — with every figure the derivation rules
    bound them by — and a `__title_<code>` flag per title they ask about."""
    wanted_inputs, cumulative = needs_closure(set().union(extra, *(needs(p) for p in packs)))
    frame = wide_frame(table, year, wanted_inputs, cumulative)
    wanted = {c.test for p in packs for c in p.clauses if isinstance(c.test, TitleHeld) and c.test.required}
    if titles is not None and wanted:
        frame = _title_flags(frame, titles, wanted, year, on)
    return frame


def evaluate_prepared(pack: Pack, frame: pl.DataFrame, year: int, on: dt.date, has_titles: bool,
                      explain: bool = True) -> pl.DataFrame:
    """One row per enterprise of `frame` with the pack's columns, in the frame's order.

    Every row is first evaluated the short way, each value one number (rows whose measured figures are all
    reported need nothing more); the other rows are then evaluated over intervals and their results written in.
    Where most rows have a blank, all are evaluated over intervals at once.
    Both run the same clause code (`span.Span` takes the short way when its bounds coincide), so they agree
    wherever both apply, and a zone whose figures are mostly complete pays for intervals only where they matter.
    """
    built = _built(pack, year, on, has_titles, explain, frozenset(frame.columns))
    reported = [pl.col(c).is_not_null() for c in built.read if c in frame.columns]
    partial = frame.select(~pl.all_horizontal(reported)).to_series() if reported else None
    if partial is not None and partial.mean() > MOSTLY_PARTIAL:  # intervals for all: cheaper than both ways
        return _run(pack, frame.lazy(), built.interval, built.interval_plan, built.extra).collect()
    result = _run(pack, frame.lazy(), built.exact, built.exact_plan, None).collect()
    if partial is None or not partial.any():
        return result
    rows = partial.arg_true()
    outputs = [c for c in built.outputs if c not in frame.columns]
    needed = frame.select(c for c in frame.columns if c in built.interval_reads)  # filter only what is read
    interval = _run(pack, needed.filter(partial).lazy(), built.interval, built.interval_plan,
                    built.extra).select(outputs).collect()
    return result.with_columns(_scattered(result, interval, rows))


MOSTLY_PARTIAL = 0.4  # above this share of rows with a blank, evaluating the others the short way costs more


def _scattered(result: pl.DataFrame, interval: pl.DataFrame, rows: pl.Series) -> list[pl.Series]:
    """The interval results written over the short-way results at their rows (columns only intervals have,
    the derived inputs' bounds, are blank elsewhere)."""
    out = []
    for name in interval.columns:
        values = interval[name]
        base = result[name].clone() if name in result.columns else pl.repeat(
            None, result.height, dtype=values.dtype, eager=True).alias(name)
        out.append(base.scatter(rows, values.cast(base.dtype)))
    return out


@dataclass(frozen=True)
class _Built:
    exact: dict[str, dict[str, pl.Expr]]
    exact_plan: Plan
    read: tuple[str, ...]  # the columns the short way measured: a row with any of them blank needs intervals
    interval: dict[str, dict[str, pl.Expr]]
    interval_plan: Plan
    extra: dict[str, pl.Expr] | None
    outputs: tuple[str, ...]
    interval_reads: frozenset[str]  # the frame's columns the interval way reads


_BUILT: dict[tuple, tuple[Pack, _Built]] = {}


def _built(pack: Pack, year: int, on: dt.date, has_titles: bool, explain: bool,
           columns: frozenset[str]) -> _Built:
    """The pack's expressions for frames with these columns, built once (a zone is evaluated batch by batch
    with the same columns)."""
    key = (id(pack), pack.id, year, on, has_titles, explain, columns)
    cached = _BUILT.get(key)
    if cached is not None and cached[0] is pack:
        return cached[1]
    exact_bounds = Bounds(set(columns), year, plan=Plan(set(columns)), exact=True)
    exact = _clause_columns(pack, year, has_titles, on, exact_bounds, explain)
    interval_bounds = Bounds(set(columns), year, plan=Plan(set(columns)))
    interval = _clause_columns(pack, year, has_titles, on, interval_bounds, explain)
    extra = interval_bounds.explain_columns(needs(pack)) if explain else None
    outputs = [f"{cid}:{part}" for cid, parts in interval.items() for part in parts]
    outputs += [f"{c.id}:status" for c in pack.clauses if f"{c.id}:status" not in outputs]
    outputs += list(extra or ()) + (_score_columns(pack) if pack.score else []) + ["verdict_code"]
    read = tuple(sorted(column(code, k) for code, k in exact_bounds.read))
    built = _Built(exact, exact_bounds.plan, read, interval, interval_bounds.plan, extra, tuple(outputs),
                   _roots(interval, interval_bounds.plan, extra) & columns)
    if len(_BUILT) > 256:
        _BUILT.clear()
    _BUILT[key] = (pack, built)
    return built


def _roots(exprs: dict[str, dict[str, pl.Expr]], plan: Plan, extra: dict[str, pl.Expr] | None) -> frozenset[str]:
    every = [e for parts in exprs.values() for e in parts.values()] + list((extra or {}).values())
    every += [e for stage in plan.stages for e in stage.values()]
    return frozenset(name for e in every for name in e.meta.root_names())


def _score_columns(pack: Pack) -> list[str]:
    groups = [f"group:{g.id}:{end}" for g in pack.score.groups for end in ("min", "max")]
    return [*groups, "score_min", "score_max", "score_status"]


def _clause_columns(pack: Pack, year: int, has_titles: bool, on: dt.date, bounds: Bounds,
                    explain: bool) -> dict[str, dict[str, pl.Expr]]:
    return {c.id: clause_exprs(c, year, has_titles, on, bounds, explain) for c in pack.clauses}


def _run(pack: Pack, frame: pl.LazyFrame, exprs: dict[str, dict[str, pl.Expr]], stages: Plan,
         extra: dict[str, pl.Expr] | None) -> pl.LazyFrame:
    """One lazy plan: the kept intermediate columns first, then the clauses, the score and the verdict. Polars
    also computes a subexpression shared by several clause columns once, which is most of the speed."""
    scored = {c.id for c in pack.clauses if c.test.scored and not c.test.own_status}
    # a points table's status follows from its point range: read the range once it is computed, not again
    plan = stages.apply(frame).with_columns(
        expr.alias(f"{cid}:{part}") for cid, parts in exprs.items() for part, expr in parts.items()
        if not (cid in scored and part == "status"))
    plan = plan.with_columns(
        _scored(pl.col(f"{cid}:pmin"), pl.col(f"{cid}:pmax")).alias(f"{cid}:status") for cid in scored)
    if extra:
        plan = plan.with_columns(**extra)
    if pack.score:
        plan = _score(plan, pack)
    return plan.with_columns(verdict_code=_verdict(pack)).drop(stages.kept())


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
