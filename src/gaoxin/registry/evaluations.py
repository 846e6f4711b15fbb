"""Evaluating one enterprise from the registry with the engine, for its page (the ladder section).

Computed on request for now: one enterprise is a few rows, milliseconds. Stored results per enterprise × year ×
policy, recomputed by a background job, replace this when the engine covers every policy (issue 3).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl

from gaoxin.contract.fields import ENTERPRISE_FIELDS, FIGURE_FIELDS
from gaoxin.engine.evaluate import evaluate
from gaoxin.engine.explain import result_json
from gaoxin.engine.library import PackError, all_packs, assessment_date, pack_for
from gaoxin.engine.run import TITLE_SCHEMA
from gaoxin.registry.models import Enterprise

ENTERPRISE_CODES = [f.code for f in ENTERPRISE_FIELDS if f.code != "park"]


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    return None if value == "" else value


def enterprise_table(enterprise: Enterprise) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The contract's enterprise-year table and titles table for one enterprise."""
    base = {code: _plain(getattr(enterprise, code)) for code in ENTERPRISE_CODES}
    rows = [base | {"year": f.year} | {c.code: _plain(getattr(f, c.code)) for c in FIGURE_FIELDS}
            for f in enterprise.annual_figures.order_by("year")]
    table = pl.DataFrame(rows, infer_schema_length=None) if rows else pl.DataFrame(
        {"credit_code": [enterprise.credit_code], "year": [None]}, schema_overrides={"year": pl.Int32})
    titles = pl.DataFrame([{"credit_code": enterprise.credit_code, "title": t.title,
                            "recognized_on": t.recognized_on, "valid_until": t.valid_until}
                           for t in enterprise.titles.all()], schema=TITLE_SCHEMA)
    return table, titles


def evaluations_for(enterprise: Enterprise, year: int | None = None) -> list[dict]:
    """Contract-shaped results for every policy with a pack in force, for assessment year `year`."""
    year = year or dt.date.today().year
    day = assessment_date(year)
    table, titles = enterprise_table(enterprise)
    results = []
    for policy in sorted({p.policy for p in all_packs()}):
        try:
            pack = pack_for(policy, day)
        except PackError:
            continue
        frame = evaluate(pack, table, year, day, titles)
        results += [result_json(pack, row, year) for row in frame.iter_rows(named=True)]
    return results
