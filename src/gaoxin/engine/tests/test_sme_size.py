"""中小企业划型 (工信部联企业〔2011〕300号): every category's limits at just-below / at / just-above."""

import polars as pl
import pytest

from gaoxin.engine.sme_size import MEASURES, is_sme_expr, standard

STD = standard("sme_size@2011")
EXAMPLE_CODE = {"real_estate_dev": "K7010", "property_mgmt": "K7020", "agriculture": "A0111", "industry": "C3911",
                "construction": "E4710", "wholesale": "F5179", "retail": "F5211", "warehousing": "G5951",
                "postal": "G6010", "transport": "G5430", "accommodation": "H6110", "catering": "H6210",
                "software": "I6513", "telecom": "I6311", "leasing_business": "L7212", "other": "M7320"}


def is_sme(code: str | None, **measures) -> bool | None:
    frame = pl.DataFrame({"industry_code": [code]} | {m: [measures.get(m)] for m in MEASURES},
                         schema={"industry_code": pl.String} | {m: pl.Float64 for m in MEASURES})
    expr = is_sme_expr(STD, pl.col("industry_code"), {m: (pl.col(m), pl.col(m)) for m in MEASURES})
    return frame.select(expr.alias("x"))["x"][0]


def test_every_category_has_an_example_code_that_maps_to_it():
    assert {c.id for c in STD.categories} == set(EXAMPLE_CODE)
    for category, code in EXAMPLE_CODE.items():
        assert STD.category_of(code).id == category


@pytest.mark.parametrize("category", [c.id for c in STD.categories])
def test_each_limit_is_exclusive(category):
    cat = next(c for c in STD.categories if c.id == category)
    limits = cat.limits()
    for measure, limit in limits.items():
        at_limits = dict(limits)  # every other measure at its limit: large on those
        step = 1 if measure == "employees" else 0.01
        assert is_sme(EXAMPLE_CODE[category], **(at_limits | {measure: limit - step})) is True
        assert is_sme(EXAMPLE_CODE[category], **(at_limits | {measure: limit})) is False
        assert is_sme(EXAMPLE_CODE[category], **(at_limits | {measure: limit + step})) is False


def test_industry_needs_both_limits_reached_to_be_large():
    assert is_sme("C3911", employees=2000, revenue=39_999.99) is True   # 从业人员多，但营业收入在 4 亿以下
    assert is_sme("C3911", employees=999, revenue=100_000) is True
    assert is_sme("C3911", employees=1000, revenue=40_000) is False


def test_unknowns_decide_only_when_they_cannot_matter():
    assert is_sme(None, employees=10, revenue=10) is None               # no industry: cannot tell
    assert is_sme("C3911", employees=10, revenue=None) is True          # already below one limit
    assert is_sme("C3911", employees=5000, revenue=None) is None        # revenue could still make it an SME
    assert is_sme("M7320", employees=None) is None


def test_specific_prefixes_win_over_their_letter():
    assert STD.category_of("G5951").id == "warehousing" and STD.category_of("G5430").id == "transport"
    assert STD.category_of("K7010").id == "real_estate_dev" and STD.category_of("K7099").id == "other"
