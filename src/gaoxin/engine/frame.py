"""From the contract's table of enterprise-years to one row per enterprise with the columns a pack reads.

A year-level input `x` read in Y+k becomes column `x@k` (k = −1 is 上年度); enterprise-level inputs keep their
name, taking the latest year's non-empty value as the data contract says. Inputs absent from the table are all
null (unknown), never zero.

This pivot is most of an evaluation's cost, so it has two paths:
- grouped input (each enterprise's rows together, years ascending — how the registry and the demo write it):
  every column is moved by sequential gathers, no hashing of rows into groups;
- any other order: hash joins, one per year offset, on a 64-bit hash of the credit code.
Both give the same rows; only their order differs (input order of enterprises, or first fiscal year then input
order).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from gaoxin.contract.fields import BY_CODE, Field

KEY = "credit_code"


def column(code: str, offset: int) -> str:
    return code if BY_CODE[code].level == "enterprise" else f"{code}@{offset}"


def wide_frame(table: pl.DataFrame, year: int, needs: set[tuple[str, int]],
               cumulative: set[tuple[str, int]] = frozenset()) -> pl.DataFrame:
    """One row per enterprise of `table`, with a column per needed (input, year offset), and per `cumulative`
    (flow, k) the sum of the flow's known yearly values up to Y+k (`cum:<flow>@<k>`, 0 when none is known)."""
    table = normalised(table, {c for c, _ in needs})
    layout = _layout(table)
    frame = _gathered(table, year, needs, layout) if layout else _joined_checked(table, year, needs)
    missing = [column(c, k) for c, k in needs if column(c, k) not in frame.columns]
    missing += [c for c in ("name", "founded_on") if c not in frame.columns]
    frame = frame.with_columns(pl.lit(None).alias(name) for name in dict.fromkeys(missing))
    wanted = sorted((flow, k) for flow, k in cumulative if flow in table.columns)
    if wanted:
        sums = _cumulative_gathered(table, year, wanted, layout) if layout else _cumulative_joined(
            table, year, wanted, frame)
        frame = frame.with_columns(sums)
    return frame


def normalised(table: pl.DataFrame, codes: set[str]) -> pl.DataFrame:
    """The choices and "none" words of the needed columns as the contract reads them, whatever path the table
    came by (a Parquet file is not checked cell by cell): a label or synonym becomes its code (未建立 → none),
    and a word or 0 meaning "none of it" where the contract leaves none blank (未获奖) becomes blank.

    Each column's distinct values are read first and the column is rewritten only when one of them changes
    (a zone's columns hold a handful of distinct codes; rewriting millions of cells that are already codes is
    most of the cost)."""
    exprs = []
    for code in sorted(codes & set(table.columns)):
        field, dtype = BY_CODE[code], table.schema[code]
        if dtype == pl.String and (field.kind == "enum" or field.absent):
            expr = _normalised_text(code, field, table[code].unique().drop_nulls().to_list())
        elif field.absent and dtype.is_numeric() and "0" in field.absent and (table[code] == 0).any():
            expr = pl.when(pl.col(code) == 0).then(None).otherwise(pl.col(code)).alias(code)
        else:
            expr = None
        if expr is not None:
            exprs.append(expr)
    return table.with_columns(exprs) if exprs else table


def _normalised_text(code: str, field: Field, values: list[str]) -> pl.Expr | None:
    absent = {*field.absent, ""} if field.kind == "enum" else set(field.absent)
    blank = [v for v in values if v.strip() in absent]
    changed = {}
    if field.kind == "enum":
        mapping = {label: c for c, label in field.choices} | dict(field.synonyms) | {
            c.upper(): c for c, _ in field.choices}
        changed = {v: mapping.get(v.strip(), v.strip()) for v in values if v not in blank}
        changed = {v: c for v, c in changed.items() if c != v}
    if not blank and not changed:
        return None
    return pl.when(pl.col(code).is_in(blank)).then(None).otherwise(pl.col(code).replace(changed)).alias(code)


def _cumulative_gathered(table: pl.DataFrame, year: int, wanted: list[tuple[str, int]],
                         layout: Layout) -> list[pl.Series]:
    years = table["year"].cast(pl.Int32).to_numpy()
    out = []
    for flow, k in wanted:
        values = table[flow].cast(pl.Float64).fill_null(0.0).to_numpy()
        weights = np.where(years <= year + k, values, 0.0)
        sums = np.bincount(layout.group, weights=weights, minlength=len(layout.first))
        out.append(pl.Series(f"cum:{flow}@{k}", sums))
    return out


def _cumulative_joined(table: pl.DataFrame, year: int, wanted: list[tuple[str, int]],
                       frame: pl.DataFrame) -> list[pl.Series]:
    sums = table.group_by(KEY).agg(
        pl.col(flow).cast(pl.Float64).filter(pl.col("year").cast(pl.Int32) <= year + k).sum().alias(
            f"cum:{flow}@{k}") for flow, k in wanted)
    joined = frame.select(KEY).join(sums, on=KEY, how="left", maintain_order="left")
    return [joined[f"cum:{flow}@{k}"].fill_null(0.0) for flow, k in wanted]


def _year_columns(table: pl.DataFrame, needs: set[tuple[str, int]]) -> dict[int, list[str]]:
    by_offset: dict[int, set[str]] = {}
    for code, offset in needs:
        if BY_CODE[code].level == "year" and code in table.columns:
            by_offset.setdefault(offset, set()).add(code)
    return {k: sorted(v) for k, v in sorted(by_offset.items())}


def _enterprise_columns(table: pl.DataFrame, needs: set[tuple[str, int]]) -> list[str]:
    wanted = {c for c, _ in needs if BY_CODE[c].level == "enterprise"} | {"name", "founded_on"}
    return [c for c in sorted(wanted) if c in table.columns and c != KEY]


# ---------------------------------------------------------------- grouped input: sequential gathers


@dataclass
class Layout:
    group: np.ndarray  # per row: its enterprise's position 0..N−1
    first: np.ndarray  # per enterprise: its first row
    last: np.ndarray  # per enterprise: its last row


def _layout(table: pl.DataFrame) -> Layout | None:
    """Where each enterprise's rows are, if they are together with years ascending; None otherwise.

    Runs are found on two independent 64-bit hashes of the credit code: two different codes would have to
    collide in both, next to each other, to be merged.
    """
    if table.height == 0 or "year" not in table.columns:
        return None
    hashes = table.select(pl.col(KEY).hash(seed=0).alias("a"), pl.col(KEY).hash(seed=7).alias("b"),
                          pl.col("year").cast(pl.Int32))
    starts = hashes.select(((pl.col("a") != pl.col("a").shift(1)) | (pl.col("b") != pl.col("b").shift(1)))
                           .fill_null(True).alias("s"))["s"]
    runs = int(starts.sum())
    ascending = hashes.select(((pl.col("year").diff() > 0) | starts).all()).item()
    # grouped: no code starts two runs (counting distinct codes among run starts, not among all rows)
    if not ascending or runs != hashes["a"].filter(starts).n_unique():
        return None
    start_flags = starts.to_numpy()
    first = np.flatnonzero(start_flags)
    last = np.append(first[1:] - 1, table.height - 1)
    return Layout(np.cumsum(start_flags) - 1, first, last)


def _gathered(table: pl.DataFrame, year: int, needs: set[tuple[str, int]], layout: Layout) -> pl.DataFrame:
    n = len(layout.first)
    years = table["year"].cast(pl.Int32).to_numpy()
    columns: list[pl.Series] = [table[KEY].gather(layout.first)]
    for offset, codes in _year_columns(table, needs).items():
        rows = np.flatnonzero(years == year + offset)
        index, present = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool)
        index[layout.group[rows]], present[layout.group[rows]] = rows, True
        taken = table.select(codes).select(pl.all().gather(pl.Series(index)))
        if present.all():  # every enterprise has this year (the usual case for 上年度): nothing to blank out
            columns += taken.select(pl.col(c).alias(f"{c}@{offset}") for c in codes).get_columns()
        else:
            columns += taken.select(pl.when(pl.Series(present)).then(pl.col(c)).alias(f"{c}@{offset}")
                                    for c in codes).get_columns()
    columns += _latest_values(table, _enterprise_columns(table, needs), layout).get_columns()
    return pl.DataFrame(columns)


def _latest_values(table: pl.DataFrame, codes: list[str], layout: Layout) -> pl.DataFrame:
    """Each enterprise's latest non-empty value of each enterprise-level column (its last row's, usually)."""
    if not codes:
        return pl.DataFrame()
    last = table.select(codes)[pl.Series(layout.last)]
    gaps = [c for c in codes if last[c].null_count() and table[c].null_count() < table.height]
    if not gaps:
        return last
    # where the last row is empty, the latest earlier non-empty value of the same enterprise
    rows = pl.int_range(pl.len(), dtype=pl.Int64)
    filled = table.select(*(pl.col(c).forward_fill() for c in gaps),
                          *(pl.when(pl.col(c).is_not_null()).then(rows).forward_fill().alias(f"{c}#") for c in gaps))
    filled = filled[pl.Series(layout.last)]
    first = pl.Series(layout.first)
    return last.with_columns(pl.when(filled[f"{c}#"] >= first).then(filled[c]).alias(c) for c in gaps)


# ---------------------------------------------------------------- any order: hash joins


def _joined_checked(table: pl.DataFrame, year: int, needs: set[tuple[str, int]]) -> pl.DataFrame:
    """Joins on a 64-bit hash of the credit code, not the 18-character string. Two codes sharing a hash
    would merge two enterprises, so every group is checked to hold one code; on a collision the exact
    (slower) categorical key is used instead."""
    frame = _joined(table, year, needs, fast_key())
    if frame.height and frame.select((pl.col("__first") != pl.col("__last")).any()).item():
        frame = _joined(table, year, needs, pl.col(KEY).cast(pl.Categorical).to_physical())
    return frame.drop("__first", "__last")


def fast_key() -> pl.Expr:
    return pl.col(KEY).hash()


def _joined(table: pl.DataFrame, year: int, needs: set[tuple[str, int]], key: pl.Expr) -> pl.DataFrame:
    table = table.select(pl.all().exclude("year"), pl.col("year").cast(pl.Int32), key.alias("__id"))
    present = _enterprise_columns(table, needs)
    frame = table.select("__id", KEY, "year", *present).sort("year", maintain_order=True).group_by(
        "__id", maintain_order=True).agg(pl.col(KEY).first(), pl.col(KEY).min().alias("__first"),
                                         pl.col(KEY).max().alias("__last"),
                                         *(pl.col(c).drop_nulls().last() for c in present))
    for offset, codes in _year_columns(table, needs).items():
        rows = table.filter(pl.col("year") == year + offset).select(
            "__id", *(pl.col(c).alias(f"{c}@{offset}") for c in codes))
        frame = frame.join(rows, on="__id", how="left")
    return frame.drop("__id")
