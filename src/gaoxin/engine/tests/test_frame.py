"""The pivot to one row per enterprise: the grouped (fast) and any-order paths give the same rows."""

import datetime as dt

import polars as pl
import pytest

from gaoxin.demo.generator import generate_zone
from gaoxin.engine.evaluate import evaluate_many, needs
from gaoxin.engine.frame import _layout, wide_frame
from gaoxin.engine.run import packs_in_force

ON = dt.date(2025, 7, 1)


@pytest.fixture(scope="module")
def zone():
    return generate_zone(300, seed=11)


def test_demo_output_is_grouped_and_a_shuffle_is_not(zone):
    table = zone.enterprise_years()
    assert _layout(table) is not None
    assert _layout(table.sample(fraction=1.0, shuffle=True, seed=3)) is None


def test_both_paths_give_the_same_wide_rows(zone):
    table = zone.enterprise_years()
    packs = packs_in_force(ON)
    wanted = set().union(*(needs(p) for p in packs))
    grouped = wide_frame(table, 2025, wanted).sort("credit_code")
    shuffled = wide_frame(table.sample(fraction=1.0, shuffle=True, seed=3), 2025, wanted).sort("credit_code")
    assert grouped.select(sorted(grouped.columns)).equals(shuffled.select(sorted(shuffled.columns)))


def test_every_pack_gives_the_same_verdicts_whatever_the_row_order(zone):
    table, titles = zone.enterprise_years(), zone.titles
    packs = packs_in_force(ON)
    a = evaluate_many(packs, table, 2025, ON, titles)
    b = evaluate_many(packs, table.reverse(), 2025, ON, titles)
    for pack in packs:
        wanted = ["credit_code", "verdict_code"] + (["score_min", "score_max"] if pack.score else [])
        left = a[pack.id].select(wanted).sort("credit_code")
        right = b[pack.id].select(wanted).sort("credit_code")
        assert left.equals(right), pack.id


def test_latest_non_empty_enterprise_value_wins_in_both_paths():
    rows = pl.DataFrame({"credit_code": ["A", "A", "A", "B"], "year": [2022, 2023, 2024, 2024],
                         "industry_code": ["C3911", "I6513", None, None], "employees": [1, 2, 3, 4]})
    for table in (rows, rows.reverse()):
        frame = wide_frame(table, 2025, {("industry_code", -1), ("employees", -1)}).sort("credit_code")
        assert frame["industry_code"].to_list() == ["I6513", None]
        assert frame["employees@-1"].to_list() == [3, 4]


def test_every_pack_gives_the_same_verdicts_in_batches_of_whole_enterprises(zone):
    table, titles = zone.enterprise_years(), zone.titles
    packs = packs_in_force(ON)
    codes = table["credit_code"].unique().sort()
    halves = [table.filter(pl.col("credit_code").is_in(part.implode())) for part in (codes[:120], codes[120:])]
    whole = evaluate_many(packs, table, 2025, ON, titles)
    parts = [evaluate_many(packs, half, 2025, ON, titles) for half in halves]
    for pack in packs:
        joined = pl.concat([p[pack.id].select("credit_code", "verdict_code") for p in parts]).sort("credit_code")
        assert joined.equals(whole[pack.id].select("credit_code", "verdict_code").sort("credit_code")), pack.id
