"""How low and how high each input can be: its reported value, or, when it is blank, what the contract's limits
and the identities of `contract/derivations.yaml` allow (净资产 = 资产总额 − 负债总额; 主营业务收入 ≤ 营业收入;
累计股权融资 ≥ 各年新增股权融资之和 …).

The bounds are Polars expressions over the wide frame (`frame.wide_frame`), one pass deep: a blank figure is
bounded by the other figures' reported values (or their contract limits). Part-of chains are already closed in the
rules (研发人员 ≤ 科技人员 ≤ 职工总数 gives 研发人员 ≤ 职工总数), so one pass loses nothing there.

A derived figure is never written back: it exists only as these expressions, and explanations show it as
derived, with its rule, through the `~<column>:lo|hi|lo_by|hi_by` columns `explain_columns` adds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import polars as pl

from gaoxin.contract.derivations import Cumulative, Derivations, NotBefore, Sum, derivations
from gaoxin.contract.fields import BY_CODE
from gaoxin.engine.frame import column
from gaoxin.engine.span import Plan, Span

NUMERIC = ("int", "money", "number", "percent", "bool", "year")
WINDOW = range(-6, 1)  # the year offsets a running total is compared across (Y−6 … Y)


def cumulative_column(flow: str, k: int) -> str:
    """The wide-frame column holding the sum of the known yearly `flow` up to and including year Y+k."""
    return f"cum:{flow}@{k}"


REAL_MAXIMUM_UNITS = ("分", "级")  # scores and levels end where the scale ends


@cache
def field_limits(code: str) -> tuple[float, float] | None:
    """The range a blank numeric field can take, in the engine's units (percent as a fraction, yes/no as 1/0);
    None for text, dates and choices.

    Only limits that are facts bound a blank: a share is 0–100%, a score ends at its maximum, money and counts
    are never negative, a rank starts at 1. The contract's upper limits on money, people and counts are there to
    catch typing errors, not facts about an enterprise, so a blank amount is unbounded above (and a signed one
    below): no verdict rests on "营业收入 cannot exceed 1 万亿元"."""
    field = BY_CODE[code]
    if field.kind not in NUMERIC:
        return None
    if field.kind == "bool":
        return 0.0, 1.0
    real_max = field.kind == "percent" or field.unit in REAL_MAXIMUM_UNITS
    real_min = field.minimum is not None and (field.minimum >= 0) and field.kind != "year"
    lo = float(field.minimum) if real_min else -float("inf")
    hi = float(field.maximum) if real_max and field.maximum is not None else float("inf")
    return (lo / 100, hi / 100) if field.kind == "percent" else (lo, hi)


@dataclass(frozen=True)
class Candidate:
    """One derived bound of one input: which rule gives it and which figures it is computed from."""

    rule: Sum | Cumulative | NotBefore
    side: str  # "lo" or "hi"
    sources: tuple[tuple[str, int], ...]  # (field, year offset); a cumulative column is ("cum:<flow>", k)
    how: str  # "whole" (Σ parts), "part" (whole − others), "cumulative", "monotone", "flow", "after"


@cache
def candidates(code: str, k: int, side: str, rules: Derivations | None = None) -> tuple[Candidate, ...]:
    """Every bound the rules could give `code` in year Y+k on `side`, in a fixed order (explanations refer to a
    candidate by its index in this tuple)."""
    rules = rules or derivations()
    out: list[Candidate] = []
    for rule in rules.sums():
        out += _sum_candidates(rule, code, k, side)
    for (part, whole), chain in rules.part_of().items():
        if len(chain) > 1 and side == "lo" and code == whole:
            out.append(Candidate(chain[-1], side, ((part, k),), "whole"))
        elif len(chain) > 1 and side == "hi" and code == part:
            out.append(Candidate(chain[0], side, ((whole, k),), "part"))
    for rule in rules.of_kind(Cumulative):
        out += _cumulative_candidates(rule, code, k, side)
    for rule in rules.of_kind(NotBefore):
        if code == rule.field and side == "lo":
            out.append(Candidate(rule, side, ((rule.after, k),), "after"))
    return tuple(out)


def _sum_candidates(rule: Sum, code: str, k: int, side: str) -> list[Candidate]:
    members = (rule.whole, *rule.parts)
    if code not in members:
        return []
    others = tuple((c, k) for c in members if c != code)
    if code == rule.whole and (side == "lo" or not rule.rest):
        return [Candidate(rule, side, others, "whole")]
    if code != rule.whole and (side == "hi" or not rule.rest):
        return [Candidate(rule, side, others, "part")]
    return []


def _cumulative_candidates(rule: Cumulative, code: str, k: int, side: str) -> list[Candidate]:
    out = []
    if code == rule.total and side == "lo":
        out.append(Candidate(rule, side, ((f"cum:{rule.flow}", k),), "cumulative"))
        out += [Candidate(rule, side, ((rule.total, j),), "monotone") for j in WINDOW if j < k]
    if code == rule.total and side == "hi":
        out += [Candidate(rule, side, ((rule.total, j),), "monotone") for j in WINDOW if j > k]
    if code == rule.flow and side == "hi":
        out += [Candidate(rule, side, ((rule.total, j),), "flow") for j in WINDOW if j >= k]
    return out


class Bounds:
    """Bounds of every input over one wide frame. `columns` is what the frame holds: a candidate whose figures
    are not there is left out (it would bound nothing)."""

    def __init__(self, columns: set[str], year: int, rules: Derivations | None = None,
                 overrides: dict[tuple[str, int], tuple[pl.Expr, pl.Expr]] | None = None, plan: Plan | None = None,
                 tag: str = "", exact: bool = False):
        self.columns, self.year, self.rules = columns, year, rules or derivations()
        self.overrides = overrides or {}
        self.plan = plan
        self.tag = tag  # names the narrowed inputs, so kept columns under different narrowings do not collide
        # exact: for rows whose figures are all reported — every input is its value, and `read` collects which
        # inputs the clauses asked for, so the caller can tell which rows those are
        self.exact = exact
        self.read: set[tuple[str, int]] = set()

    def keep(self, name: str, expr: pl.Expr) -> pl.Expr:
        """`expr` as a column computed once (when a plan collects them), else inline."""
        return expr if self.plan is None else self.plan.keep(name + self.tag, expr)

    def keep_span(self, name: str, span: Span) -> Span:
        return span if self.plan is None else self.plan.keep_span(name + self.tag, span)

    def restricted(self, code: str, k: int, lo: float | None, hi: float | None) -> Bounds:
        """These bounds with one input narrowed to [lo, hi] (a tier's range): for splitting a clause by case."""
        if self.exact:
            return self
        base_lo, base_hi = self.lo(code, k), self.hi(code, k)
        new_lo = base_lo if lo is None else pl.max_horizontal(base_lo, pl.lit(float(lo)))
        new_hi = base_hi if hi is None else pl.min_horizontal(base_hi, pl.lit(float(hi)))
        tag = f"{self.tag}|{code}@{k}∈[{lo},{hi}]"
        return Bounds(self.columns, self.year, self.rules, self.overrides | {(code, k): (new_lo, new_hi)}, self.plan,
                      tag)

    def has(self, code: str, k: int) -> bool:
        return column(code, k) in self.columns

    def raw(self, code: str, k: int) -> pl.Expr:
        """The reported figure as a number (percent as a fraction, yes/no as 1/0), null when blank."""
        if not self.has(code, k):
            return pl.lit(None, dtype=pl.Float64)
        value = pl.col(column(code, k)).cast(pl.Float64)
        return value / 100 if BY_CODE[code].kind == "percent" else value

    def lo(self, code: str, k: int) -> pl.Expr:
        return self._bound(code, k, "lo")

    def hi(self, code: str, k: int) -> pl.Expr:
        return self._bound(code, k, "hi")

    def span(self, code: str, k: int) -> Span:
        if self.exact:
            self.read.add((code, k))
            return Span.point(self.raw(code, k))
        return Span(self.lo(code, k), self.hi(code, k))

    def _bound(self, code: str, k: int, side: str) -> pl.Expr:
        if self.exact:
            self.read.add((code, k))
            return self.raw(code, k)
        if (code, k) in self.overrides:
            return self.overrides[(code, k)][0 if side == "lo" else 1]
        limits = field_limits(code)
        raw = self.raw(code, k)
        if limits is None:
            return raw
        limit = pl.lit(limits[0] if side == "lo" else limits[1])
        derived = [e for e in self.candidate_exprs(code, k, side) if e is not None]
        if not derived:
            return pl.coalesce(raw, limit)
        tightest = pl.max_horizontal(limit, *derived) if side == "lo" else pl.min_horizontal(limit, *derived)
        return self.keep(f"~b:{column(code, k)}:{side}", pl.coalesce(raw, tightest))

    def candidate_exprs(self, code: str, k: int, side: str) -> list[pl.Expr | None]:
        """The value of each of `candidates(code, k, side)` here, or None where its figures are not in the frame."""
        return [self._candidate(c) for c in candidates(code, k, side, self.rules)]

    def _candidate(self, c: Candidate) -> pl.Expr | None:
        if not all(self._available(code, j) for code, j in c.sources):
            return None
        if c.how == "cumulative":
            code, j = c.sources[0]
            return pl.col(cumulative_column(code.removeprefix("cum:"), j)).cast(pl.Float64)
        if c.how == "after":
            return pl.col(c.sources[0][0]).cast(pl.Date).dt.year().cast(pl.Float64)
        if c.how in ("monotone", "flow"):
            code, j = c.sources[0]
            return self.raw(code, j)
        if c.how == "whole":  # the parts' sum bounds the whole on the same side
            return pl.sum_horizontal(self._plain(code, j, c.side) for code, j in c.sources)
        # a part: the whole's bound (the first source) minus the other parts' opposite bounds
        flip = "hi" if c.side == "lo" else "lo"
        whole = self._plain(*c.sources[0], c.side)
        others = [self._plain(code, j, flip) for code, j in c.sources[1:]]
        return whole - pl.sum_horizontal(others) if others else whole

    def _available(self, code: str, k: int) -> bool:
        if code.startswith("cum:"):
            return cumulative_column(code.removeprefix("cum:"), k) in self.columns
        return self.has(code, k)

    def _plain(self, code: str, k: int, side: str) -> pl.Expr:
        """A figure's reported value, or its contract limit when blank: the one pass candidates read."""
        limits = field_limits(code) or (-float("inf"), float("inf"))
        return pl.coalesce(self.raw(code, k), pl.lit(limits[0] if side == "lo" else limits[1]))

    def flow_window_hi(self, code: str, offsets: range) -> pl.Expr | None:
        """The most a window of a yearly flow can sum to, from a running total at its end: total(last) − the
        known flows before the window (近两年新增股权融资 ≤ 累计股权融资 − 更早的已知融资)."""
        for rule in self.rules.of_kind(Cumulative):
            if rule.flow != code or self.exact:
                continue
            ends = [j for j in WINDOW if j >= offsets[-1] and self.has(rule.total, j)]
            if not ends:
                return None
            before = cumulative_column(code, offsets[0] - 1)
            earlier = pl.col(before).cast(pl.Float64) if before in self.columns else pl.lit(0.0)
            return pl.min_horizontal(self.raw(rule.total, j) for j in ends) - earlier
        return None

    def explain_columns(self, needed: set[tuple[str, int]]) -> dict[str, pl.Expr]:
        """For each needed input that some rule can bound: its bounds when blank and which candidate gave each."""
        out: dict[str, pl.Expr] = {}
        for code, k in sorted(needed):
            if field_limits(code) is None or not self.has(code, k):
                continue
            col = column(code, k)
            if f"~{col}:lo" in out:
                continue
            for side in ("lo", "hi"):
                exprs = self.candidate_exprs(code, k, side)
                if all(e is None for e in exprs):
                    continue
                blank = self.raw(code, k).is_null()
                out[f"~{col}:{side}"] = pl.when(blank).then(self._bound(code, k, side))
                out[f"~{col}:{side}_by"] = pl.when(blank).then(_winner(exprs, side, field_limits(code)))
        return out


def _winner(exprs: list[pl.Expr | None], side: str, limits: tuple[float, float]) -> pl.Expr:
    """The index of the candidate that sets the bound (the first on a tie), null when none beats the limit."""
    limit = limits[0] if side == "lo" else limits[1]
    best: pl.Expr = pl.lit(None, dtype=pl.Int16)
    best_value: pl.Expr = pl.lit(limit)
    for i, expr in enumerate(exprs):
        if expr is None:
            continue
        better = (expr > best_value) if side == "lo" else (expr < best_value)
        better = better.fill_null(False)
        best = pl.when(better).then(pl.lit(i, dtype=pl.Int16)).otherwise(best)
        best_value = pl.when(better).then(expr).otherwise(best_value)
    return best


def needs_closure(needs: set[tuple[str, int]], rules: Derivations | None = None) -> tuple[
        set[tuple[str, int]], set[tuple[str, int]]]:
    """The inputs a pack reads plus every figure a rule could bound them from, and the running sums of yearly
    flows (`cumulative_column`) those bounds need."""
    rules = rules or derivations()
    out, cumulative = set(needs), set()
    frontier = list(needs)
    while frontier:
        code, k = frontier.pop()
        if field_limits(code) is None:
            continue
        for side in ("lo", "hi"):
            for c in candidates(code, k, side, rules):
                for source, j in c.sources:
                    if source.startswith("cum:"):
                        cumulative.add((source.removeprefix("cum:"), j))
                    elif c.how in ("monotone", "flow") and (source, j) not in out:
                        out.add((source, j))  # running totals of other years: read, not expanded further
                    elif (source, j) not in out:
                        out.add((source, j))
                        frontier.append((source, j))
    for rule in rules.of_kind(Cumulative):  # a window of flows is bounded by the total after it
        for code, k in list(out):
            if code == rule.flow:
                cumulative.add((code, k - 1))
    return out, cumulative
