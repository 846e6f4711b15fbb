"""高新技术企业 pack: tiered R&D threshold, 3-year windows, growth formula with its zero/negative rules, expert
score ranges and every band edge."""

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaoxin.engine.evaluate import evaluate, verdicts
from gaoxin.engine.explain import result_json
from gaoxin.engine.library import load_pack, pack_for

ON = dt.date(2025, 7, 1)
PACK = pack_for("high_tech", ON)
YEARS = (2022, 2023, 2024)
ENTERPRISE = dict(name="甲公司", founded_on=dt.date(2018, 3, 1), resident=True, high_tech_field="electronic_info")
# a comfortable pass: R&D 6% of sales, 30% tech staff, 70% high-tech revenue, strong growth, experts scored
YEAR = dict(revenue=4000.0, rd_expense=240.0, rd_expense_domestic=240.0, net_assets=1000.0, tech_conversions=5,
            employees=100, tech_staff=30, high_tech_revenue=2800.0, ip_class1=2, ip_class2=0, major_incident=False,
            hte_ip_points=26, hte_rd_mgmt_points=16)


def enterprise(per_year: dict[int, dict] | None = None, **fixed) -> list[dict]:
    """Rows for 2022–2024 of one enterprise: YEAR, then `fixed` for every year, then per-year changes."""
    per_year = per_year or {}
    growth = {2022: 1.0, 2023: 1.5, 2024: 2.25}  # 50% a year: growth A band
    rows = []
    for y in YEARS:
        row = YEAR | {"revenue": 4000.0 * growth[y], "rd_expense": 240.0 * growth[y],
                      "rd_expense_domestic": 240.0 * growth[y], "net_assets": 1000.0 * growth[y],
                      "high_tech_revenue": 2800.0 * growth[y]}
        rows.append(ENTERPRISE | {"year": y} | row | {k: v for k, v in fixed.items() if k not in ENTERPRISE}
                    | {k: v for k, v in fixed.items() if k in ENTERPRISE} | per_year.get(y, {}))
    return rows


def run(*enterprises: list[dict], on: dt.date = ON, pack=PACK) -> pl.DataFrame:
    rows = [r | {"credit_code": f"E{i}"} for i, e in enumerate(enterprises) for r in e]
    return evaluate(pack, pl.DataFrame(rows, infer_schema_length=None), 2025, on)


def col(result: pl.DataFrame, clause: str, part: str = "status") -> list:
    return result[f"{clause}:{part}"].to_list()


def test_a_strong_enterprise_qualifies_with_its_exact_score():
    result = run(enterprise())
    # IP 26 + conversion 25–30 (avg 5) + 16 + growth 9–10 + 9–10
    assert verdicts(result).to_list() == ["qualified"]
    assert (result["score_min"][0], result["score_max"][0]) == (85, 92)


@pytest.mark.parametrize("latest_sales, rd_share, expected", [
    (5000, 0.0499, 0), (5000, 0.05, 1), (5000.01, 0.04, 1), (5000.01, 0.0399, 0),
    (20000, 0.04, 1), (20000, 0.0399, 0), (20000.01, 0.03, 1), (20000.01, 0.0299, 0), (0.0, 0.05, 0),
])
def test_rd_share_threshold_follows_latest_sales_tier_with_inclusive_upper_edges(latest_sales, rd_share, expected):
    # flat sales, so the three-year share equals the yearly share; the tier is chosen by 2024 alone
    rows = enterprise({y: {"revenue": latest_sales, "rd_expense": latest_sales * rd_share} for y in YEARS})
    if latest_sales == 0:
        rows = enterprise({2022: {"revenue": 100.0, "rd_expense": 5.0}, 2023: {"revenue": 100.0, "rd_expense": 5.0},
                           2024: {"revenue": 0.0, "rd_expense": 0.0}})
        expected = 1  # 10 / 200 = 5%, tier of sales 0 is the 5% one
    assert col(run(rows), "high_tech.rd_ratio") == [expected]


def test_rd_share_sums_three_years_before_dividing():
    # 2022: 10%, 2023: 1%, 2024: 1% → (100 + 30 + 40) / (1000 + 3000 + 4000) = 2.125%: fail (needs 5%)
    rows = enterprise({2022: {"revenue": 1000.0, "rd_expense": 100.0}, 2023: {"revenue": 3000.0, "rd_expense": 30.0},
                       2024: {"revenue": 4000.0, "rd_expense": 40.0}})
    result = run(rows)
    assert col(result, "high_tech.rd_ratio") == [0]
    assert col(result, "high_tech.rd_ratio", "value")[0] == pytest.approx(170 / 8000)
    assert col(result, "high_tech.rd_ratio", "threshold") == [0.05]


def test_zero_sales_over_three_years_fails_the_rd_share_rather_than_staying_unknown():
    rows = enterprise({y: {"revenue": 0.0, "rd_expense": 10.0, "high_tech_revenue": 0.0} for y in YEARS})
    assert col(run(rows), "high_tech.rd_ratio") == [0]


def test_unknown_latest_sales_still_decides_when_every_tier_agrees():
    rows = enterprise({2024: {"revenue": None}})
    result = run(rows)  # share over the known years is still needed: window has an empty year → unknown
    assert col(result, "high_tech.rd_ratio") == [None]


def test_a_young_enterprise_uses_the_years_it_has():
    young = enterprise({2022: {k: None for k in YEAR}}, founded_on=dt.date(2023, 2, 1))
    result = run(young)
    assert col(result, "high_tech.rd_ratio") == [1]  # 2023–2024 only; 2022 is before founding, not missing
    assert col(result, "high_tech.score.conversion", "value") == [5.0]
    # two fiscal years: g = 2024 / 2023 − 1 = 50%
    assert col(result, "high_tech.score.growth_sales", "value")[0] == pytest.approx(0.5)


@pytest.mark.parametrize("days_before, expected", [(364, 0), (365, 1), (366, 1)])
def test_registered_one_year_means_365_days(days_before, expected):
    founded = ON - dt.timedelta(days=days_before)
    rows = enterprise({2022: {k: None for k in YEAR}, 2023: {k: None for k in YEAR}}, founded_on=founded)
    assert col(run(rows), "high_tech.registered_1y") == [expected]


@pytest.mark.parametrize("clause, field, denominator, threshold", [
    ("high_tech.staff_ratio", "tech_staff", "employees", 0.10),
    ("high_tech.hitech_revenue", "high_tech_revenue", "revenue", 0.60),
])
def test_ratio_thresholds_are_inclusive(clause, field, denominator, threshold):
    base = enterprise()[-1][denominator]
    unit = 1 if field == "tech_staff" else 0.01
    rows = [enterprise({2024: {field: threshold * base + d}}) for d in (-unit, 0, unit)]
    assert col(run(*rows), clause) == [0, 1, 1]


@pytest.mark.parametrize("domestic_share, expected", [(0.5999, 0), (0.60, 1), (0.6001, 1)])
def test_domestic_rd_share_is_inclusive(domestic_share, expected):
    rows = enterprise({y: {"rd_expense_domestic": 240.0 * g * domestic_share}
                       for y, g in zip(YEARS, (1.0, 1.5, 2.25), strict=True)})
    assert col(run(rows), "high_tech.rd_domestic") == [expected]


def growth_rows(values: tuple, field: str = "revenue") -> list[dict]:
    return enterprise({y: {field: v} for y, v in zip(YEARS, values, strict=True)})


@pytest.mark.parametrize("g, points", [
    (-0.10, (0, 0)), (0.0, (0, 0)), (0.0001, (1, 2)), (0.0499, (1, 2)), (0.05, (3, 4)), (0.1499, (3, 4)),
    (0.15, (5, 6)), (0.2499, (5, 6)), (0.25, (7, 8)), (0.3499, (7, 8)), (0.35, (9, 10)), (0.80, (9, 10)),
])
def test_growth_bands_at_every_edge(g, points):
    # equal yearly growth g: 1/2 (S2/S1 + S3/S2) − 1 = g
    rows = growth_rows((1000.0, 1000.0 * (1 + g), 1000.0 * (1 + g) ** 2))
    result = run(rows)
    assert col(result, "high_tech.score.growth_sales", "value")[0] == pytest.approx(g)
    assert (col(result, "high_tech.score.growth_sales", "pmin")[0],
            col(result, "high_tech.score.growth_sales", "pmax")[0]) == points


@pytest.mark.parametrize("values, expected", [
    ((1000.0, 1200.0, 1500.0), 0.5 * (1.2 + 1.25) - 1),  # the formula
    ((0.0, 1000.0, 1300.0), 0.3),                          # first year 0: later two years only
    ((-200.0, 1000.0, 1300.0), 0.3),                       # first year negative: same (pack parameter)
    ((1000.0, 0.0, 1300.0), None),                         # second year 0: 0 points
    ((1000.0, -50.0, 1300.0), None),                       # second year negative: 0 points
])
def test_net_asset_growth_special_cases(values, expected):
    result = run(growth_rows(values, "net_assets"))
    value = col(result, "high_tech.score.growth_net_assets", "value")[0]
    if expected is None:
        assert value is None and col(result, "high_tech.score.growth_net_assets", "pmax") == [0]
    else:
        assert value == pytest.approx(expected)


def test_the_negative_first_year_rule_is_a_parameter(tmp_path):
    from gaoxin.engine.library import PACK_DIR

    strict = load_pack(PACK_DIR / "high_tech" / "2016.yaml", {"growth_first_base": "skip_zero"})
    result = run(growth_rows((-200.0, 1000.0, 1300.0), "net_assets"), pack=strict)
    assert col(result, "high_tech.score.growth_net_assets", "pmax") == [0]  # negative base: 0 points
    result = run(growth_rows((0.0, 1000.0, 1300.0), "net_assets"), pack=strict)
    assert col(result, "high_tech.score.growth_net_assets", "value")[0] == pytest.approx(0.3)


@pytest.mark.parametrize("conversions, points", [
    ((0, 0, 2), (0, 0)), ((1, 1, 1), (1, 6)), ((2, 2, 1), (1, 6)), ((2, 2, 2), (7, 12)), ((3, 3, 3), (13, 18)),
    ((4, 4, 5), (19, 24)), ((5, 5, 4), (19, 24)), ((5, 5, 5), (25, 30)),
])
def test_conversion_bands_use_the_three_year_average(conversions, points):
    result = run(enterprise({y: {"tech_conversions": c} for y, c in zip(YEARS, conversions, strict=True)}))
    assert (col(result, "high_tech.score.conversion", "pmin")[0],
            col(result, "high_tech.score.conversion", "pmax")[0]) == points


@pytest.mark.parametrize("class1, class2, low", [(1, 0, 7), (0, 5, 5), (0, 3, 3), (0, 1, 1), (0, 0, 0)])
def test_ip_points_without_an_expert_score_are_a_range_from_the_counts(class1, class2, low):
    result = run(enterprise(hte_ip_points=None, ip_class1=class1, ip_class2=class2))
    assert col(result, "high_tech.score.ip") == [None]
    assert col(result, "high_tech.score.ip", "pmin") == [low]
    assert col(result, "high_tech.score.ip", "pmax") == [min(30, low + (1 if low else 0) + 24)]


def test_expert_scores_are_capped_at_the_maximum():
    result = run(enterprise(hte_ip_points=32))
    assert col(result, "high_tech.score.ip", "pmin") == [30]


@pytest.mark.parametrize("ip, mgmt, verdict", [
    (None, None, "insufficient_data"),  # 0+25..30 + ... range straddles 71
    (10, 12, "not_qualified"),           # 10 + 30 + 12 + 20 = 72 at best... see below
])
def test_verdict_waits_for_experts_only_when_their_points_could_change_it(ip, mgmt, verdict):
    rows = enterprise(hte_ip_points=ip, hte_rd_mgmt_points=mgmt)
    if ip is not None:  # conversion avg 2 (7–12), growth A+A (18–20): 10 + 12 + 7..12 + 18..20 = 47..54 < 71
        rows = enterprise({y: {"tech_conversions": 2} for y in YEARS}, hte_ip_points=ip, hte_rd_mgmt_points=mgmt)
    assert verdicts(run(rows)).to_list() == [verdict]


def test_score_of_70_fails_and_71_passes():
    # conversion avg 5 → 25–30 and growth A+A → 18–20 leave a range; pin them with exact-point inputs instead:
    # growth F+F (0) and conversion F (0): total = ip + mgmt
    flat = {y: {"tech_conversions": 0, "revenue": 4000.0, "net_assets": 1000.0, "rd_expense": 240.0,
                "rd_expense_domestic": 240.0, "high_tech_revenue": 2800.0} for y in YEARS}
    result = run(enterprise(flat, hte_ip_points=30, hte_rd_mgmt_points=20))
    assert result["score_min"].to_list() == [50] and verdicts(result).to_list() == ["not_qualified"]
    # with avg conversions 5 (25–30), 30 + 20 + 25 = 75 ≥ 71 at the least
    flat5 = {y: v | {"tech_conversions": 5} for y, v in flat.items()}
    result = run(enterprise(flat5, hte_ip_points=26, hte_rd_mgmt_points=20))  # 71..76
    assert result["score_min"].to_list() == [71] and verdicts(result).to_list() == ["qualified"]
    result = run(enterprise(flat5, hte_ip_points=25, hte_rd_mgmt_points=20))  # 70..75: experts decide
    assert verdicts(result).to_list() == ["insufficient_data"]


def test_hard_conditions_each_decide_alone():
    failing = [enterprise(resident=False), enterprise(ip_class1=0, ip_class2=0),
               enterprise({2024: {"major_incident": True}}), enterprise({2024: {"tech_staff": 9}}),
               enterprise({2024: {"high_tech_revenue": 100.0}})]
    assert verdicts(run(*failing)).to_list() == ["not_qualified"] * 5
    assert verdicts(run(enterprise(high_tech_field=None))).to_list() == ["insufficient_data"]


def test_explanation_of_a_short_rd_share_says_how_much_more_to_spend():
    rows = enterprise({y: {"revenue": 4000.0, "rd_expense": 160.0} for y in YEARS})  # 4% < 5%
    result = run(rows)
    c = next(c for c in result_json(PACK, result.row(0, named=True), 2025)["clauses"]
             if c["id"] == "high_tech.rd_ratio")
    assert c["status"] == "fail"
    assert c["threshold"] == ">= 5%（最近一年销售收入 5,000 万元以下（含））"
    # 5% of 12,000 = 600; spent 480 → 120 more over the three years
    assert c["gap"].endswith("即再投入研发费用总额 120.00 万元（近 3 年合计）（营业收入不变）")


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 500), st.floats(1, 500), st.floats(100, 50000), st.integers(0, 40), st.floats(0, 1))
def test_more_domestic_rd_never_lowers_the_score_or_fails_a_pass(rd, extra, sales, staff, share):
    base = enterprise({y: {"revenue": sales, "rd_expense": rd, "rd_expense_domestic": rd * share,
                           "tech_staff": staff} for y in YEARS})
    more = [r | {"rd_expense": r["rd_expense"] + extra, "rd_expense_domestic": r["rd_expense_domestic"] + extra}
            for r in base]
    result = run(base, more)
    low, high = result["score_min"].to_list()
    assert high >= low
    v = verdicts(result).to_list()
    assert not (v[0] == "qualified" and v[1] != "qualified")
