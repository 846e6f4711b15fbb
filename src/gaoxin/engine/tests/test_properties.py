"""Properties every pack must have, checked with hypothesis on demo enterprises: spending more on R&D (in China,
all else equal) never lowers a score or moves a verdict down (不符合 < 数据不足 < 符合)."""

import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from gaoxin.demo.generator import generate_zone
from gaoxin.engine.evaluate import evaluate_many
from gaoxin.engine.run import packs_in_force

ZONE = generate_zone(40, seed=21)
TABLE, TITLES = ZONE.enterprise_years(), ZONE.titles
CODES = TABLE["credit_code"].unique().sort().to_list()
RANK = {0: 0, None: 1, 1: 2}


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(CODES), st.floats(1, 5000), st.sampled_from([2025, 2026]))
def test_more_domestic_rd_never_lowers_a_score_or_a_verdict(code, extra, year):
    on = dt.date(year, 7, 1)
    mine = TABLE.filter(pl.col("credit_code") == code)
    more = mine.with_columns(pl.col("rd_expense") + extra,
                             pl.col("rd_expense_domestic").fill_null(pl.col("rd_expense")) + extra,
                             pl.lit("E-more").alias("credit_code"))
    mine = mine.with_columns(pl.col("rd_expense_domestic").fill_null(pl.col("rd_expense")))
    titles = TITLES.filter(pl.col("credit_code") == code)
    titles = pl.concat([titles, titles.with_columns(pl.lit("E-more").alias("credit_code"))])
    packs = packs_in_force(on)
    results = evaluate_many(packs, pl.concat([mine, more]), year, on, titles)
    for pack in packs:
        frame = results[pack.id].sort("credit_code")  # "9…" codes sort before "E-more"
        before, after = frame.row(0, named=True), frame.row(1, named=True)
        assert RANK[after["verdict_code"]] >= RANK[before["verdict_code"]], pack.id
        if pack.score:
            assert after["score_min"] >= before["score_min"] and after["score_max"] >= before["score_max"], pack.id
