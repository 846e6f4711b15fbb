"""The fixed lower thresholds packs set on one year's figure (营业收入 ≥ 1,000 万元, 职工 ≥ 100 人), read from the
packs' clauses wherever they sit (a route of 小巨人, a branch of an any-of), so 主动发现 can say which enterprise
has just crossed which policy's line, citing the clause and its article. A ministry revision is a new pack, and
its thresholds follow without a code change."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import polars as pl
from pydantic import BaseModel

from gaoxin.engine.kinds.compare import Compare
from gaoxin.engine.schema import Pack


@dataclass(frozen=True)
class Threshold:
    policy: str
    pack: str  # the pack's name, as verdicts show it
    clause: str  # its id
    label: str
    article: str
    field: str
    op: str  # ">=" or ">"
    value: float


def lower_thresholds(packs: Iterable[Pack], fields: frozenset[str]) -> list[Threshold]:
    """Every clause of `packs` comparing the latest year's `fields` figure (上年度, as reported, unscaled) to a
    fixed lower bound; one per (policy, field, value)."""
    out: dict[tuple[str, str, float], Threshold] = {}
    for pack in packs:
        for clause in pack.clauses:
            for test in _compares(clause.test):
                v = test.value
                if (v.input in fields and v.years is None and v.year == -1 and v.scale == 1.0
                        and test.threshold is not None and test.op in (">=", ">")):
                    out.setdefault((pack.policy, v.input, test.threshold), Threshold(
                        pack.policy, pack.name, clause.id, clause.label, clause.article, v.input, test.op,
                        float(test.threshold)))
    return list(out.values())


def _compares(node) -> Iterator[Compare]:
    if isinstance(node, Compare):
        yield node
        return
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _compares(getattr(node, name))
    elif isinstance(node, (tuple, list)):
        for item in node:
            yield from _compares(item)


def crossing(threshold: Threshold, before: pl.Expr, after: pl.Expr) -> pl.Expr:
    """Below the line one year (`before`), on or above it the next (`after`); unknown years cross nothing."""
    if threshold.op == ">=":
        return (before < threshold.value) & (after >= threshold.value)
    return (before <= threshold.value) & (after > threshold.value)
