"""Evaluating one enterprise from the registry with the engine, for its page (the ladder section).

Computed on request for now: one enterprise is a few rows, milliseconds. Stored results per enterprise × year ×
policy, recomputed by a background job, replace this when the engine covers every policy (issue 3).
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.conf import settings

from gaoxin.contract.fields import ENTERPRISE_FIELDS, FIGURE_FIELDS
from gaoxin.engine.library import parse_variants
from gaoxin.engine.run import Inputs, evaluate_inputs, plain, titles_frame
from gaoxin.registry.models import Enterprise

ENTERPRISE_CODES = [f.code for f in ENTERPRISE_FIELDS if f.code != "park"]


def enterprise_inputs(enterprise: Enterprise) -> Inputs:
    """The contract's enterprise-year table and titles table for one enterprise."""
    base = {code: plain(getattr(enterprise, code)) for code in ENTERPRISE_CODES}
    rows = [base | {"year": f.year} | {c.code: plain(getattr(f, c.code)) for c in FIGURE_FIELDS}
            for f in enterprise.annual_figures.order_by("year")]
    table = pl.DataFrame(rows, infer_schema_length=None) if rows else pl.DataFrame(
        {"credit_code": [enterprise.credit_code], "year": [None]}, schema_overrides={"year": pl.Int32})
    titles = titles_frame([{"credit_code": enterprise.credit_code, "title": t.title,
                            "recognized_on": t.recognized_on, "valid_until": t.valid_until}
                           for t in enterprise.titles.all()])
    return Inputs(table, titles)


def evaluations_for(enterprise: Enterprise, year: int | None = None) -> list[dict]:
    """Contract-shaped results for every policy with a pack in force, for assessment year `year`, with the
    zone's locality variants (settings.GAOXIN_POLICY_VARIANTS)."""
    variants = parse_variants(settings.GAOXIN_POLICY_VARIANTS)
    return evaluate_inputs(enterprise_inputs(enterprise), year or dt.date.today().year, variants=variants)
