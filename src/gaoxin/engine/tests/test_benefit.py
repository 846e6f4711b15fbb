"""Benefits: every shipped file loads and cites its articles; amounts are exact to the 元 (half up), capped, tiered
at the declared edges, and never negative; eligibility reads titles by recognition year."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaoxin.engine.benefit import AMOUNT, Amount, Benefit, all_benefits, benefit_by_id, evaluate_benefits, wan
from gaoxin.engine.run import titles_frame

YEAR = 2026
ON = dt.date(YEAR, 7, 1)
CODE = "91320591T00000001X"


def table(rows: dict[int, dict], **enterprise) -> pl.DataFrame:
    """One enterprise's rows for the given years (resident and not blacklisted unless said otherwise)."""
    fixed = {"credit_code": CODE, "name": "测试企业", "resident": True, "credit_blacklisted": False} | enterprise
    return pl.DataFrame([fixed | {"year": y} | values for y, values in rows.items()], infer_schema_length=None)


def run(benefit: Benefit, frame: pl.DataFrame, titles: list[dict] | None = None) -> dict:
    held = titles_frame([{"credit_code": CODE} | t for t in titles or []])
    (_, result), = evaluate_benefits([benefit], frame, YEAR, ON, held)
    return result.row(0, named=True)


def with_amount(**amount) -> Benefit:
    """The R&D subsidy with a different amount rule."""
    base = benefit_by_id("zone_rd_subsidy@2026")
    return base.model_copy(update={"amount": Amount.model_validate({"label": "测试"} | amount)})


def test_every_benefit_file_loads_with_its_articles():
    benefits = all_benefits()
    assert {b.code for b in benefits} >= {"zone_high_tech_award", "zone_rd_subsidy", "zone_growth_award"}
    for b in benefits:
        assert b.documents and all(c.article for c in b.clauses)
        assert all(c.id.startswith(f"benefit.{b.code}.") for c in b.clauses)


@pytest.mark.parametrize("amount, problem", [
    ({"fixed": 1, "rate": "0.1"}, "one of"),
    ({"rate": "0.1"}, "need the `base`"),
    ({"base": {"input": "revenue"}, "tiers": [{"at_least": 10, "amount": 1}, {"at_least": 5, "amount": 2}]},
     "upwards"),
])
def test_a_malformed_amount_rule_is_refused_with_a_reason(amount, problem):
    with pytest.raises(ValueError, match=problem):
        Amount.model_validate({"label": "x"} | amount)


@pytest.mark.parametrize("last, before, expected", [
    (Decimal("600"), Decimal("400"), Decimal("20")),       # 10% of 200
    (Decimal("1400"), Decimal("400"), Decimal("100")),     # 10% of 1000: at the cap
    (Decimal("1400.0001"), Decimal("400"), Decimal("100")),  # just above the cap
    (Decimal("1399.9999"), Decimal("400"), Decimal("100")),  # 99.99999 → 100.0000 (to the 元, half up)
    (Decimal("1399.9990"), Decimal("400"), Decimal("99.9999")),
    (Decimal("300"), Decimal("400"), Decimal("0")),        # a fall is no increase
])
def test_rd_subsidy_is_ten_percent_of_the_increase_capped(last, before, expected):
    row = run(benefit_by_id("zone_rd_subsidy@2026"),
              table({YEAR - 2: {"rd_expense": before}, YEAR - 1: {"rd_expense": last}}))
    assert wan(row[AMOUNT]) == expected


@pytest.mark.parametrize("revenue, expected", [
    ("1999.9999", "0"), ("2000", "10"), ("2000.0001", "10"),
    ("9999.9999", "10"), ("10000", "30"), ("49999.9999", "30"), ("50000", "50"), ("50000.0001", "50"),
])
def test_growth_award_tiers_at_their_edges(revenue, expected):
    row = run(benefit_by_id("zone_growth_award@2026"), table({YEAR - 1: {"revenue": Decimal(revenue)}}))
    assert wan(row[AMOUNT]) == Decimal(expected)


def test_an_unknown_base_gives_no_amount_not_zero():
    row = run(benefit_by_id("zone_growth_award@2026"), table({YEAR - 1: {"employees": 9}}))
    assert row[AMOUNT] is None


@pytest.mark.parametrize("rd, yuan", [("0.0001", 0), ("0.0010", 1), ("0.0030", 2), ("0.0009", 0)])
def test_half_a_yuan_rounds_up(rd, yuan):
    """5% of 10 元 is 0.5 元 → 1 元; of 30 元 1.5 → 2; of 9 元 0.45 → 0."""
    row = run(with_amount(base={"input": "rd_expense", "year": -1}, rate="0.05"),
              table({YEAR - 1: {"rd_expense": Decimal(rd)}}))
    assert row[AMOUNT] == yuan


def test_newly_recognised_means_recognised_last_fiscal_year():
    award = benefit_by_id("zone_high_tech_award@2026")
    frame = table({YEAR - 1: {"employees": 50}})
    recognised = {"title": "high_tech", "valid_until": dt.date(YEAR + 1, 12, 31)}
    assert run(award, frame, [recognised | {"recognized_on": dt.date(YEAR - 1, 11, 20)}])["verdict_code"] == 1
    assert run(award, frame, [recognised | {"recognized_on": dt.date(YEAR - 2, 11, 20)}])["verdict_code"] == 0
    assert run(award, frame, [])["verdict_code"] == 0
    assert wan(run(award, frame, [])[AMOUNT]) == Decimal("30")  # what it would bring, qualified or not


@settings(max_examples=150, deadline=None)
@given(last=st.decimals(min_value=0, max_value=100_000, places=4),
       before=st.decimals(min_value=0, max_value=100_000, places=4),
       rate=st.decimals(min_value=Decimal("0.001"), max_value=1, places=3),
       cap=st.one_of(st.none(), st.decimals(min_value=0, max_value=1000, places=2)))
def test_a_rate_amount_equals_the_decimal_calculation(last, before, rate, cap):
    rule = {"base": {"input": "rd_expense", "year": -1}, "minus": {"input": "rd_expense", "year": -2},
            "rate": str(rate)} | ({"cap": str(cap)} if cap is not None else {})
    row = run(with_amount(**rule), table({YEAR - 2: {"rd_expense": before}, YEAR - 1: {"rd_expense": last}}))
    expected = (max(last - before, Decimal(0)) * 10_000 * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if cap is not None:
        expected = min(expected, cap * 10_000)
    assert row[AMOUNT] == expected and row[AMOUNT] >= 0


def test_a_what_if_changes_thresholds_and_amounts_and_shows_the_cost():
    from gaoxin.engine.benefit import BenefitError, benefit_knobs, benefit_sandbox, compare_cost

    rd = benefit_by_id("zone_rd_subsidy@2026")
    keys = {k.key: k for k in benefit_knobs(rd)}
    assert keys["amount/rate"].shown == 10 and keys["amount/cap"].value == 100
    floor = next(k for k in keys.values() if k.clause == "benefit.zone_rd_subsidy.rd_floor")
    looser = benefit_sandbox(rd, {floor.key: 50, "amount/rate": 20, "amount/cap": 150})
    frame = pl.concat([table({YEAR - 2: {"rd_expense": Decimal(b)}, YEAR - 1: {"rd_expense": Decimal(a)}})
                       .with_columns(credit_code=pl.lit(code)) for code, b, a in
                       (("A", "400", "600"), ("B", "40", "80"), ("C", "100", "1500"))])
    titles = titles_frame([{"credit_code": c, "title": "tech_sme", "recognized_on": dt.date(YEAR, 3, 1),
                            "valid_until": dt.date(YEAR, 12, 31)} for c in "ABC"])
    rows = {r["credit_code"]: r for r in compare_cost(rd, looser, frame, YEAR, ON, titles).iter_rows(named=True)}
    assert (rows["A"]["amount_before"], rows["A"]["amount_after"]) == (200_000, 400_000)  # 20 → 40 万元
    assert not rows["B"]["qualified_before"] and rows["B"]["qualified_after"]  # 80 万元 now clears a floor of 50
    assert (rows["C"]["amount_before"], rows["C"]["amount_after"]) == (1_000_000, 1_500_000)  # the caps
    with pytest.raises(BenefitError, match="没有可调整的数值"):
        benefit_sandbox(rd, {"amount/fixed": 1})
    assert rd.amount.rate == Decimal("0.10")  # the official file is untouched
