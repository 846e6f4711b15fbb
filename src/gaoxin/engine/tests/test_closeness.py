"""差几项: the fewest clauses still to meet on the cheapest route through a pack's rule, and the gap on it."""

import datetime as dt

import polars as pl

from gaoxin.engine.closeness import closeness
from gaoxin.engine.evaluate import evaluate
from gaoxin.engine.explain import result_json
from gaoxin.engine.library import pack_for
from gaoxin.engine.tests.test_tech_sme import GOOD, NO_TITLES

ON = dt.date(2026, 7, 1)
PACK = pack_for("tech_sme", ON)


def close(row: dict):
    table = pl.DataFrame([{"credit_code": "E0", "year": 2025} | row], infer_schema_length=None)
    result = result_json(PACK, evaluate(PACK, table, 2026, ON, NO_TITLES).row(0, named=True), 2026)
    return closeness(PACK, result)


def test_a_qualified_enterprise_lacks_nothing():
    c = close(GOOD)
    assert (c.unmet, c.gap, c.lacking) == (0, 0.0, ())


def test_a_low_score_is_one_item_whatever_the_failed_direct_routes():
    # 20 + 0 + 0 = 20 < 60; the four direct routes fail too, but the cheapest route needs only the score
    c = close(GOOD | {"rd_expense": 0.0, "ip_class1": 0})
    assert (c.unmet, c.lacking) == (1, ("score",)) and c.gap == round((60 - 20) / 60, 6)


def test_hard_conditions_add_up_with_their_relative_shortfall():
    c = close(GOOD | {"employees": 550, "tech_staff": 200, "revenue": 22_000.0})
    assert c.unmet == 2 and set(c.lacking) == {"tech_sme.size.staff_cap", "tech_sme.size.revenue_cap"}
    assert c.gap == round(50 / 500 + 2000 / 20_000, 6)


def test_unknown_clauses_cost_nothing_here():
    c = close(GOOD | {"ip_class1": None, "ip_class2": None, "rd_expense": 200.0})  # 20 + 10 + (0..30)
    assert c.unmet == 0


def test_an_open_clause_is_counted_as_pending_on_the_route_it_sits_on():
    c = close(GOOD | {"ip_class1": None, "ip_class2": None, "rd_expense": 200.0})  # 20 + 10 + (0..30) vs 60
    assert (c.unmet, c.pending, c.open) == (0, 1, ("score",))


def test_a_verdict_reads_met_only_when_the_rule_is_met():
    from gaoxin.engine.closeness import distance_label

    assert distance_label("qualified", 0, 0) == "已达标"
    assert distance_label("insufficient_data", 0, 2) == "差 0 项，待补 2 项"
    assert distance_label("not_qualified", 1, 0) == "差 1 项"
