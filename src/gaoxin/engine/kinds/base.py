"""What every clause kind provides, and the context it is evaluated and explained in.

A kind is one pydantic model in its own module: the fields a pack file gives it, what it reads, its Polars
expressions (status, and where it has them points, the measured value and its range), and the Chinese texts of
its threshold and gap. The evaluator and the explainer only dispatch to these methods, so a new kind is one new
module registered in `kinds/__init__.py`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar, Literal

import polars as pl
from pydantic import field_validator

from gaoxin.contract.fields import BY_CODE
from gaoxin.engine.bounds import Bounds
from gaoxin.engine.frame import column
from gaoxin.engine.value import Strict, contract_field

Inclusive = Literal["inclusive", "exclusive"]
UNKNOWN = pl.lit(None, dtype=pl.Int8)


@dataclass(frozen=True)
class Ctx:
    """Where a clause is evaluated: the assessment year and date, whether a titles table was given, the bounds
    of every input, and whether the columns explanations read are wanted (not for counting verdicts)."""

    year: int
    on: dt.date
    has_titles: bool
    bounds: Bounds
    explain: bool = True

    def with_bounds(self, bounds: Bounds) -> Ctx:
        return Ctx(self.year, self.on, self.has_titles, bounds, self.explain)


@dataclass(frozen=True)
class Row:
    """One enterprise's evaluated row as an explanation reads it: `get(part)` is this clause's column, `raw`
    a figure as reported, `sub(i)` the columns of the i-th option of a composite kind."""

    data: dict[str, Any]
    prefix: str
    year: int | None = None
    notes: list[str] = field(default_factory=list)

    def get(self, part: str, default=None):
        return self.data.get(f"{self.prefix}:{part}", default)

    def sub(self, i: int) -> Row:
        return Row(self.data, f"{self.prefix}:o{i}", self.year, self.notes)

    def raw(self, code: str, k: int):
        return self.data.get(column(code, k))

    def number(self, code: str, k: int) -> float | None:
        """A reported figure as the engine reads it (percent as a fraction)."""
        value = self.raw(code, k)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value) / 100 if BY_CODE[code].kind == "percent" else float(value)
        return value


class Kind(Strict):
    """The base of every clause kind."""

    scored: ClassVar[bool] = False  # has a points range (pmin / pmax)
    measures: ClassVar[bool] = False  # has a measured value to show
    own_status: ClassVar[bool] = False  # a scored kind whose status is not "scored any points" (expert: recorded)

    def inputs(self) -> tuple[str, ...]:
        """Every contract field the kind reads: what a form must ask for."""
        return ()

    def reads(self) -> set[tuple[str, int]]:
        """Every (input, year offset) the kind reads."""
        return set()

    def columns(self, ctx: Ctx) -> dict[str, pl.Expr]:
        """`status` (Int8: 1 pass, 0 fail, null unknown) and the kind's other parts."""
        raise NotImplementedError

    # ---------------------------------------------------------------- explanation

    def reads_title(self) -> str | None:
        """The title (a TitleHeld code) the kind checks the enterprise holds, so explanations can name that
        grant's source; None for a kind that reads figures."""
        return None

    def shown_value(self, row: Row):
        return row.get("value") if self.measures else None

    def threshold_text(self, row: Row | None) -> str:
        return ""

    def gap_text(self, label: str, row: Row, status: str) -> str:
        if status == "unknown":
            return "数据不足，无法判断"
        if status == "pass":
            return ""
        return f"不满足：{self.threshold_text(row)}"

    def shortfall(self, row: Row) -> float:
        """How far a failed clause is from passing, as a share of its threshold (0–1): 1 for yes/no conditions."""
        return 1.0

    def missing(self, row: Row) -> list[str]:
        """The blank inputs that could still change an unknown result."""
        return sorted({code for code, k in self.reads() if row.raw(code, k) in (None, "")
                       and not before_founding(row, k)})


class OneInput(Kind):
    """A test that reads a single contract field."""

    input: str

    _check = field_validator("input")(lambda cls, v: contract_field(v))

    def inputs(self) -> tuple[str, ...]:
        return (self.input,)


def before_founding(row: Row, k: int) -> bool:
    founded, year = row.data.get("founded_on"), row.year
    return founded is not None and year is not None and founded.year > year + k


def blank(expr: pl.Expr) -> pl.Expr:
    """An empty cell: null, or an empty string left by a form."""
    return expr.is_null() | (expr.cast(pl.String) == "")


def status_of(condition: pl.Expr, unknown_when: pl.Expr) -> pl.Expr:
    """1 / 0 from a boolean, null where `unknown_when` holds."""
    return pl.when(unknown_when).then(None).otherwise(condition.cast(pl.Int8)).cast(pl.Int8)


def informative_bounds(value, span, ctx: Ctx) -> dict[str, pl.Expr]:
    """The value's range where it is not known, each end only where it says more than the contract's limits
    alone would (a blank Ⅱ类 count leaves Ⅰ类 + Ⅱ类 "at least Ⅰ类", not "at most 200,000")."""
    if span.exact:
        return {"lo": pl.lit(None, dtype=pl.Float64), "hi": pl.lit(None, dtype=pl.Float64)}
    trivial_lo, trivial_hi = trivial_bounds(value, ctx.year, frozenset(ctx.bounds.columns))
    unknown = ~span.known()
    lo = pl.when(unknown & (span.lo != trivial_lo).fill_null(False)).then(span.lo)
    hi = pl.when(unknown & (span.hi != trivial_hi).fill_null(False)).then(span.hi)
    return {"lo": lo.cast(pl.Float64), "hi": hi.cast(pl.Float64)}


@lru_cache(maxsize=4096)
def _trivial(value_json: str, year: int, columns: frozenset[str]) -> tuple[float | None, float | None]:
    from gaoxin.engine.value import Value, measure

    value = Value.model_validate_json(value_json)
    frame = pl.DataFrame({c: pl.Series([None], dtype=pl.Date if c == "founded_on" else pl.Float64)
                          for c in columns if not c.startswith("__")})
    span = measure(value, Bounds(set(frame.columns), year)).span
    row = frame.select(lo=span.lo.cast(pl.Float64), hi=span.hi.cast(pl.Float64)).row(0)
    return row[0], row[1]


def trivial_bounds(value, year: int, columns: frozenset[str]) -> tuple[float, float]:
    """What the value's range is when every figure it reads is blank (as `nan` when unbounded both ways)."""
    lo, hi = _trivial(value.model_dump_json(), year, columns)
    return (float("nan") if lo is None else lo), (float("nan") if hi is None else hi)
