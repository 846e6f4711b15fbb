"""From the contract's table of enterprise-years to one row per enterprise with the columns a pack reads.

A year-level input `x` read in Y+k becomes column `x@k` (k = −1 is 上年度); enterprise-level inputs keep their
name, taking the latest year's non-empty value as the data contract says. Inputs absent from the table are all
null (unknown), never zero.
"""

from __future__ import annotations

import polars as pl

from gaoxin.contract.fields import BY_CODE

KEY = "credit_code"


def column(code: str, offset: int) -> str:
    return code if BY_CODE[code].level == "enterprise" else f"{code}@{offset}"


def wide_frame(table: pl.DataFrame, year: int, needs: set[tuple[str, int]]) -> pl.DataFrame:
    """One row per enterprise of `table` (by first fiscal year, then input order), with a column per needed
    (input, year offset).

    Joins run on a 64-bit hash of the credit code, not the 18-character string: the pivot is most of an
    evaluation's cost. Two codes sharing a hash would merge two enterprises, so every group is checked to hold
    one code; on a collision the exact (slower) categorical key is used instead.
    """
    frame = _pivot(table, year, needs, fast_key())
    if frame.select((pl.col("__first") != pl.col("__last")).any()).item():
        frame = _pivot(table, year, needs, pl.col(KEY).cast(pl.Categorical).to_physical())
    return frame.drop("__first", "__last")


def fast_key() -> pl.Expr:
    return pl.col(KEY).hash()


def _pivot(table: pl.DataFrame, year: int, needs: set[tuple[str, int]], key: pl.Expr) -> pl.DataFrame:
    table = table.select(pl.all().exclude("year"), pl.col("year").cast(pl.Int32), key.alias("__id"))
    enterprise_codes = sorted({c for c, _ in needs if BY_CODE[c].level == "enterprise"} | {"name", "founded_on"})
    present = [c for c in enterprise_codes if c in table.columns]
    frame = table.select("__id", KEY, "year", *present).sort("year", maintain_order=True).group_by(
        "__id", maintain_order=True).agg(pl.col(KEY).first(), pl.col(KEY).min().alias("__first"),
                                         pl.col(KEY).max().alias("__last"),
                                         *(pl.col(c).drop_nulls().last() for c in present))
    by_offset: dict[int, list[str]] = {}
    for code, offset in needs:
        if BY_CODE[code].level == "year" and code in table.columns:
            by_offset.setdefault(offset, []).append(code)
    for offset, codes in sorted(by_offset.items()):
        rows = table.filter(pl.col("year") == year + offset).select(
            "__id", *(pl.col(c).alias(f"{c}@{offset}") for c in sorted(set(codes))))
        frame = frame.join(rows, on="__id", how="left")
    missing = [column(c, k) for c, k in needs if column(c, k) not in frame.columns]
    missing += [c for c in ("name", "founded_on") if c not in frame.columns]
    return frame.drop("__id").with_columns(pl.lit(None).alias(name) for name in dict.fromkeys(missing))
