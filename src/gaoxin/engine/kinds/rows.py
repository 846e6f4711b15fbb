"""Rows of a band or tier table: gapless coverage, and which values (or which part of a range) a row holds."""

from __future__ import annotations

import polars as pl

from gaoxin.engine.span import Span


def check_rows(rows) -> None:
    """Rows of a band or tier table must cover every value exactly once: open at both ends, no gaps."""
    rows = sorted(rows, key=lambda b: -float("inf") if b.from_ is None else b.from_)
    for below, above in zip(rows, rows[1:], strict=False):
        if below.to != above.from_:
            raise ValueError(f"bands leave a gap or overlap between {below.to} and {above.from_}")
    if rows[0].from_ is not None:
        raise ValueError("the lowest band must be open below (no `from`), so every value falls in one band")
    if rows[-1].to is not None:
        raise ValueError("the highest band must be open above (no `to`)")


def inside(row, value, lower: str, upper: str):
    """Whether `value` lies in `row`; works on floats and Polars expressions."""
    result = True
    if row.from_ is not None:
        result = (value >= row.from_) if (row.lower or lower) == "inclusive" else (value > row.from_)
    if row.to is not None:
        below = (value < row.to) if (row.upper or upper) == "exclusive" else (value <= row.to)
        result = below if result is True else result & below
    return result


def overlaps(row, span: Span, lower: str, upper: str) -> pl.Expr:
    """Whether some value of `span` lies in `row` (a known value: whether it lies in it); null bounds count as
    overlapping everything."""
    if span.exact:
        return pl.lit(True) if (held := inside(row, span.lo, lower, upper)) is True else held.fill_null(True)
    out = pl.lit(True)
    if row.to is not None:
        closed = (row.upper or upper) == "inclusive"
        out = out & ((span.lo < row.to) | (span.lo == row.to if closed else pl.lit(False))).fill_null(True)
    if row.from_ is not None:
        closed = (row.lower or lower) == "inclusive"
        out = out & ((span.hi > row.from_) | (span.hi == row.from_ if closed else pl.lit(False))).fill_null(True)
    return out
