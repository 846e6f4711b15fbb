"""科技型中小企业 pack: every band edge, unknowns, direct confirmation and hard conditions."""

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaoxin.engine.evaluate import evaluate, verdicts
from gaoxin.engine.library import pack_for

ON = dt.date(2026, 7, 1)
PACK = pack_for("tech_sme", ON)
NO_TITLES = pl.DataFrame(schema={"credit_code": pl.String, "title": pl.String, "recognized_on": pl.Date,
                                 "valid_until": pl.Date})
GOOD = dict(founded_on=dt.date(2025, 1, 1), resident=True, restricted_industry=False, credit_blacklisted=False,
            major_incident=False,
            employees=500, tech_staff=150, revenue=10_000.0, total_cost=100_000.0, total_assets=15_000.0,
            rd_expense=600.0, ip_class1=1, ip_class2=0, national_award_rank=None, led_standard=False,
            rd_institution_level="none")


def run(rows: list[dict], titles: pl.DataFrame = NO_TITLES) -> pl.DataFrame:
    """Evaluate for assessment year 2026 with the titles known (none unless given)."""
    table = pl.DataFrame([{"credit_code": f"E{i}", "year": 2025} | r for i, r in enumerate(rows)],
                         infer_schema_length=None)
    return evaluate(PACK, table, 2026, ON, titles=titles)


def points(result: pl.DataFrame, clause: str) -> list[float]:
    return result[f"{clause}:pmin"].to_list()


@pytest.mark.parametrize("tech_staff, expected", [
    (49, 0), (50, 4), (51, 4), (74, 4), (75, 8), (99, 8), (100, 12), (124, 12), (125, 16), (149, 16), (150, 20),
    (151, 20),
])
def test_staff_ratio_bands_at_every_edge(tech_staff, expected):
    assert points(run([GOOD | {"tech_staff": tech_staff}]), "tech_sme.score.staff_ratio") == [expected]


@pytest.mark.parametrize("rd, expected", [(199.99, 0), (200, 10), (299.99, 10), (300, 20), (399.99, 20),
                                          (400, 30), (499.99, 30), (500, 40), (599.99, 40), (600, 50)])
def test_rd_to_sales_bands_at_every_edge(rd, expected):
    # total_cost is large so the cost-based table gives less and the sales-based one decides
    assert points(run([GOOD | {"rd_expense": rd}]), "tech_sme.score.rd") == [expected]


@pytest.mark.parametrize("share, expected", [(0.0999, 0), (0.10, 10), (0.1499, 10), (0.15, 20), (0.20, 30),
                                             (0.25, 40), (0.2999, 40), (0.30, 50)])
def test_rd_to_cost_bands_when_that_choice_is_better(share, expected):
    row = GOOD | {"revenue": 1_000_000.0, "total_cost": 1000.0, "rd_expense": share * 1000, "total_assets": 100.0}
    row["revenue"] = 20_000.0  # at the cap; sales-based ratio stays tiny
    assert points(run([row]), "tech_sme.score.rd") == [expected]


@pytest.mark.parametrize("class1, class2, expected", [(1, 0, 30), (0, 4, 24), (0, 9, 24), (0, 3, 18), (0, 2, 12),
                                                      (0, 1, 6), (0, 0, 0), (2, 7, 30)])
def test_ip_bands(class1, class2, expected):
    assert points(run([GOOD | {"ip_class1": class1, "ip_class2": class2}]), "tech_sme.score.ip") == [expected]


@pytest.mark.parametrize("field, limit", [("employees", 500), ("revenue", 20_000), ("total_assets", 20_000)])
def test_size_caps_are_inclusive(field, limit):
    base = GOOD | {"employees": 400, "tech_staff": 200}
    at, above = base | {field: limit}, base | {field: limit + (1 if field == "employees" else 0.01)}
    if field == "employees":
        at, above = at | {"tech_staff": 200}, above | {"tech_staff": 200}
    assert verdicts(run([at, above])).to_list() == ["qualified", "not_qualified"]


def test_score_60_passes_and_59_does_not():
    # 20 (staff) + 40 (rd 5%) + 0 (no IP) = 60; with rd 4.99%: 20 + 30 = 50
    rows = [GOOD | {"ip_class1": 0, "rd_expense": 500.0}, GOOD | {"ip_class1": 0, "rd_expense": 499.0}]
    result = run(rows)
    assert result["score_min"].to_list() == [60, 50]
    assert verdicts(result).to_list() == ["qualified", "not_qualified"]


def test_zero_staff_score_fails_even_with_a_high_total():
    result = run([GOOD | {"tech_staff": 25}])  # 5%: staff score 0, total 80
    assert result["score_min"].to_list() == [80] and verdicts(result).to_list() == ["not_qualified"]


def test_unknown_input_gives_insufficient_data_only_when_it_could_change_the_verdict():
    undecided = GOOD | {"ip_class1": None, "ip_class2": None, "rd_expense": 200.0}  # 20 + 10 + (0..30)
    decided = GOOD | {"ip_class1": None, "ip_class2": None}  # 20 + 50 + (0..30) ≥ 60 whatever the IP is
    failed = GOOD | {"ip_class1": None, "resident": False}  # a failed hard condition decides
    result = run([undecided, decided, failed])
    assert verdicts(result).to_list() == ["insufficient_data", "qualified", "not_qualified"]
    assert result["score_min"].to_list()[0] == 30 and result["score_max"].to_list()[0] == 60


def test_missing_columns_are_unknown_not_zero():
    table = pl.DataFrame({"credit_code": ["E0"], "year": [2025], "employees": [100]})
    result = evaluate(PACK, table, 2026, ON, NO_TITLES)
    assert verdicts(result).to_list() == ["insufficient_data"]
    assert result["tech_sme.score.staff_ratio:status"].to_list() == [None]


def test_zero_employees_scores_zero_for_staff():
    assert points(run([GOOD | {"employees": 0, "tech_staff": 0}]), "tech_sme.score.staff_ratio") == [0]


def low_score(**extra):
    return GOOD | {"tech_staff": 50, "rd_expense": 0.0, "ip_class1": 0} | extra  # 4 points


def test_direct_confirmation_paths():
    titles = pl.DataFrame({"credit_code": ["E0"], "title": ["high_tech"], "recognized_on": [dt.date(2024, 12, 1)],
                           "valid_until": [dt.date(2027, 11, 30)]})
    rows = [low_score(), low_score(rd_institution_level="provincial"), low_score(rd_institution_level="city"),
            low_score(national_award_rank=3), low_score(national_award_rank=4), low_score(led_standard=True)]
    assert verdicts(run(rows, titles)).to_list() == ["qualified", "qualified", "not_qualified", "qualified",
                                                     "not_qualified", "qualified"]


def test_expired_high_tech_title_does_not_confirm():
    titles = pl.DataFrame({"credit_code": ["E0"], "title": ["high_tech"], "recognized_on": [dt.date(2023, 1, 1)],
                           "valid_until": [dt.date(2026, 6, 30)]})
    assert verdicts(run([low_score()], titles)).to_list() == ["not_qualified"]


def test_direct_confirmation_does_not_override_a_hard_condition():
    assert verdicts(run([low_score(rd_institution_level="national", credit_blacklisted=True)])).to_list() == [
        "not_qualified"]


def test_uses_last_fiscal_year_only():
    founded = {"founded_on": dt.date(2024, 1, 1)}
    table = pl.DataFrame([{"credit_code": "E0", "year": 2024} | GOOD | founded | {"tech_staff": 0},
                          {"credit_code": "E0", "year": 2025} | GOOD | founded], infer_schema_length=None)
    assert verdicts(evaluate(PACK, table, 2026, ON, NO_TITLES)).to_list() == ["qualified"]
    assert verdicts(evaluate(PACK, table, 2025, dt.date(2025, 7, 1), NO_TITLES)).to_list() == ["not_qualified"]


def test_without_a_titles_table_a_low_scorer_is_undecided_not_failed():
    assert verdicts(run([low_score()], titles=None)).to_list() == ["insufficient_data"]


def test_an_empty_standard_year_after_founding_is_unknown_but_before_founding_is_not():
    older = low_score(founded_on=dt.date(2018, 1, 1))  # 2021–2024 have no rows: unknown
    assert verdicts(run([older, low_score()])).to_list() == ["insufficient_data", "not_qualified"]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 600), st.integers(1, 600), st.floats(0, 5000), st.floats(1, 20000), st.floats(0, 5000))
def test_more_rd_never_lowers_the_score_or_fails_a_pass(tech, employees, rd, revenue, extra):
    base = GOOD | {"employees": employees, "tech_staff": min(tech, employees), "revenue": revenue,
                   "total_cost": revenue, "rd_expense": rd, "ip_class1": 0}
    result = run([base, base | {"rd_expense": rd + extra}])
    low, high = result["score_min"].to_list()
    assert high >= low
    v = verdicts(result).to_list()
    assert not (v[0] == "qualified" and v[1] != "qualified")


@settings(max_examples=20, deadline=None)
@given(st.permutations(list(range(12))))
def test_results_do_not_depend_on_row_order_or_batching(order):
    from gaoxin.demo.generator import generate_zone

    table = generate_zone(12, seed=5).enterprise_years()
    whole = evaluate(PACK, table, 2026, ON, NO_TITLES).sort("credit_code")
    codes = table["credit_code"].unique().sort().to_list()
    shuffled = [codes[i] for i in order]
    batches = [table.filter(pl.col("credit_code").is_in(shuffled[:5])),
               table.filter(pl.col("credit_code").is_in(shuffled[5:]))]
    parts = pl.concat([evaluate(PACK, b.sample(fraction=1.0, shuffle=True, seed=1), 2026, ON, NO_TITLES)
                       for b in batches],
                      how="diagonal_relaxed").sort("credit_code")
    assert whole.select("credit_code", "score_min", "verdict_code").equals(
        parts.select("credit_code", "score_min", "verdict_code"))


def test_a_hash_collision_falls_back_to_the_exact_key(monkeypatch):
    from gaoxin.engine import frame

    rows = [GOOD, GOOD | {"tech_staff": 25}, GOOD | {"resident": False}]
    expected = verdicts(run(rows)).to_list()
    monkeypatch.setattr(frame, "fast_key", lambda: pl.lit(7, dtype=pl.UInt64))  # every code collides
    result = run(rows)
    assert result["credit_code"].to_list() == ["E0", "E1", "E2"]
    assert verdicts(result).to_list() == expected == ["qualified", "not_qualified", "not_qualified"]
