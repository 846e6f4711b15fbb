"""Verdicts from the data a zone really has: blanks bounded by the contract's identities, values as ranges,
decided when the known figures decide, with derived figures shown as derived. Edges at just below / at / just
above, with part of the data blank."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest
from typer.testing import CliRunner

from gaoxin.cli import app
from gaoxin.engine.evaluate import evaluate
from gaoxin.engine.explain import result_json
from gaoxin.engine.library import load_pack, pack_for, pack_path
from gaoxin.engine.run import TITLE_SCHEMA

Y = 2026
OPEN = dict(resident=True, restricted_industry=False, credit_blacklisted=False, industry_code="C3973")


def explained(policy: str, years: dict, enterprise: dict | None = None, year: int = Y, titles=(), pack=None):
    day = dt.date(year, 7, 1)
    pack = pack or pack_for(policy, day)
    enterprise = {"founded_on": dt.date(2015, 1, 1)} | OPEN | (enterprise or {})
    rows = [{"credit_code": "E0", "name": "甲公司", "year": y} | enterprise | f for y, f in years.items()]
    held = pl.DataFrame([{"credit_code": "E0", "recognized_on": dt.date(year - 1, 1, 1),
                          "valid_until": dt.date(year + 2, 1, 1), "title": t} for t in titles], schema=TITLE_SCHEMA)
    result = evaluate(pack, pl.DataFrame(rows, infer_schema_length=None), year, day, held)
    return result_json(pack, result.row(0, named=True), year)


def clause(result: dict, cid: str) -> dict:
    return next(c for c in result["clauses"] if c["id"] == cid)


def status(policy: str, cid: str, years: dict, **kw) -> str:
    return clause(explained(policy, years, **kw), cid)["status"]


@pytest.mark.parametrize("class1, expected", [(0, "unknown"), (1, "pass"), (2, "pass")])
def test_a_total_is_at_least_its_known_part(class1, expected):
    # 高企 核心知识产权: Ⅰ类 + Ⅱ类 ≥ 1 with Ⅱ类 blank
    c = clause(explained("high_tech", {Y - 1: {"ip_class1": class1}}), "high_tech.core_ip")
    assert c["status"] == expected
    if expected == "pass":
        assert c["gap"].startswith(f"按已知数据Ⅰ类知识产权+Ⅱ类知识产权至少 {class1} 项") and c["missing"] == []
        assert c["range"] == [class1, None]
    else:
        assert c["missing"] == ["ip_class2"]


def test_net_assets_from_the_balance_sheet_is_shown_as_derived():
    years = {Y - 3: {"revenue": 8000, "net_assets": 5000}, Y - 2: {"revenue": 9000, "net_assets": 6000},
             Y - 1: {"revenue": 10000, "total_assets": 11200, "total_liabilities": 4000}}
    c = clause(explained("high_tech", years), "high_tech.score.growth_net_assets")
    assert c["status"] == "pass" and c["value"] == pytest.approx(((6000 / 5000) + (7200 / 6000)) / 2 - 1)
    derived = next(i for i in c["inputs"] if i["field"] == "net_assets" and i["year"] == Y - 1)
    assert derived["derived"] is True and derived["value"] == 7200
    assert derived["text"] == "净资产 7,200.00 万元（= 资产总额 11,200.00 − 负债总额 4,000.00，推算）"
    assert derived["rule"] == "balance_sheet" and {s["field"] for s in derived["from"]} == {
        "total_assets", "total_liabilities"}
    reported = next(i for i in c["inputs"] if i["field"] == "net_assets" and i["year"] == Y - 2)
    assert reported == {"field": "net_assets", "label": "净资产", "unit": "万元", "year": Y - 2, "value": 6000,
                        "derived": False}


@pytest.mark.parametrize("flows, expected", [({Y - 2: 300}, "pass"), ({Y - 2: 0}, "unknown"), ({}, "unknown")])
def test_private_investment_holds_as_soon_as_a_year_shows_equity(flows, expected):
    """独角兽 获得过私募投资 (累计股权融资 > 0) with the running total blank."""
    pack = load_pack(pack_path("unicorn@2017"))
    years = {Y - 2: {"equity_financing": flows.get(Y - 2)}, Y - 1: {"revenue": 100}}
    c = clause(explained("unicorn", years, pack=pack), "unicorn.pe_funded")
    assert c["status"] == expected
    if expected == "pass":
        total = next(i for i in c["inputs"] if i["field"] == "total_financing")
        assert total["derived"] and total["at_least"] == 300
        assert total["text"] == f"累计股权融资 至少 300.00 万元（≥ 截至 {Y - 1} 年各年新增股权融资之和 300.00），推算"


@pytest.mark.parametrize("total, expected", [(1999, "fail"), (2000, "unknown"), (2001, "unknown")])
def test_two_years_of_equity_are_capped_by_the_running_total(total, expected):
    """专精特新 2026: 营业收入 1000 < 1500; 近两年新增股权融资 ≥ 2000 with only 累计股权融资 known."""
    years = {Y - 2: {}, Y - 1: {"revenue": 1000, "total_financing": total}}
    assert status("srdi_sme", "srdi_sme.revenue_or_equity", years) == expected


@pytest.mark.parametrize("main, expected", [(19_999, "unknown"), (20_000, "unknown"), (20_001, "fail")])
def test_main_revenue_bounds_a_blank_revenue_from_below(main, expected):
    """科小 营业收入 ≤ 2 亿元 with 营业收入 blank and 主营业务收入 known."""
    assert status("tech_sme", "tech_sme.size.revenue_cap", {Y - 1: {"main_revenue": main}}) == expected


def test_a_ratio_follows_from_a_whole_derived_from_its_parts():
    """小巨人 资产负债率 ≤ 75% with 资产总额 blank: 负债 3000 + 净资产 1000 = 4000 → exactly 75%."""
    c = clause(explained("little_giant", {Y - 1: {"total_liabilities": 3000, "net_assets": 1000}}),
               "little_giant.debt_ratio")
    assert c["status"] == "pass" and c["value"] == pytest.approx(0.75)
    assets = next(i for i in c["inputs"] if i["field"] == "total_assets")
    assert assets["text"] == "资产总额 4,000.00 万元（= 负债总额 3,000.00 + 净资产 1,000.00，推算）"


@pytest.mark.parametrize("founded, expected", [(Y - 2, "fail"), (Y - 3, "unknown"), (Y - 4, "unknown")])
def test_years_in_a_niche_never_exceed_the_years_since_founding(founded, expected):
    """专精特新 从事细分市场 ≥ 3 年 with 进入细分市场年份 blank."""
    years = {Y - 1: {"revenue": 100}}
    assert status("srdi_sme", "srdi_sme.niche_years", years,
                  enterprise={"founded_on": dt.date(founded, 6, 1)}) == expected


def test_a_tier_is_tried_with_the_deciding_figure_narrowed():
    """高企 研发费用占比, 最近一年销售收入 blank: 90 / (2000 + R) misses 5% for R ≤ 5,000, 4% above and 3% above
    2 亿 — a failure in every tier, though the plain range [0, 4.5%] would leave it open."""
    years = {Y - 3: {"revenue": 1000, "rd_expense": 30}, Y - 2: {"revenue": 1000, "rd_expense": 30},
             Y - 1: {"rd_expense": 30}}
    c = clause(explained("high_tech", years), "high_tech.rd_ratio")
    assert c["status"] == "fail" and c["range"] == [None, pytest.approx(0.045)]
    assert c["gap"] == "按已知数据研发费用总额占营业收入比例最多 4.5%，营业收入无论处于哪一档都达不到该档门槛"


def test_the_size_class_uses_each_measures_range():
    """营业收入 blank but 主营业务收入 50,000 万元, 职工 blank but 科技人员 1,200: an industrial enterprise at or
    above both limits is large."""
    years = {Y - 1: {"main_revenue": 50_000, "tech_staff": 1200}}
    assert status("srdi_sme", "srdi_sme.sme_size", years) == "fail"
    assert status("srdi_sme", "srdi_sme.sme_size", {Y - 1: {"main_revenue": 50_000}}) == "unknown"


def test_the_middle_year_of_a_mean_growth_is_not_counted_twice():
    """专精特新 2022 近 2 年主营业务收入平均增长率, middle year blank: (t/100 + 400/t)/2 − 1 ≥ 100% for every
    t > 0 (adding the two ratios' ranges would say ≥ −100%); t = 0 leaves it undefined, so it stays open."""
    pack = load_pack(pack_path("srdi_sme@2022"))
    years = {Y - 3: {"main_revenue": 100}, Y - 2: {}, Y - 1: {"main_revenue": 400, "revenue": 400}}
    c = clause(explained("srdi_sme", years, pack=pack), "srdi_sme.score.main_growth")
    assert c["status"] == "unknown" and c["range"] == [pytest.approx(1.0), None] and c["points"] == [0, 10]
    assert c["gap"] == "按已知数据主营业务收入平均增长率至少 100%，可得 0–10 分"


def test_a_figure_a_rule_fixes_is_not_asked_for():
    years = {Y - 1: {"total_liabilities": 3000, "net_assets": 1000}}
    result = explained("little_giant", years)
    assert "total_assets" not in clause(result, "little_giant.debt_ratio")["missing"]
    assert clause(result, "little_giant.sme_size")["missing"] == ["employees", "revenue"]  # still open


# ---------------------------------------------------------------- the 2026 办法


def test_2026_srdi_prerequisite_is_a_tech_sme_registration_or_an_innovative_title():
    years = {Y - 1: {"revenue": 100}}
    assert status("srdi_sme", "srdi_sme.prereq_tech_sme", years, titles=["tech_sme"]) == "pass"
    with_tech = explained("srdi_sme", years, titles=["tech_sme"])
    without = explained("srdi_sme", years)
    prereq = {"srdi_sme.prereq_tech_sme", "srdi_sme.prereq_innovative"}
    assert {c["id"]: c["status"] for c in without["clauses"] if c["id"] in prereq} == dict.fromkeys(prereq, "fail")
    assert with_tech["policy_version"] == "srdi_sme@2026" and without["verdict"] == "not_qualified"
    assert with_tech["policy_notice"].startswith("2026 办法条款未取得官方原文")


def test_the_innovative_standard_continues_under_the_2026_rules_and_says_so():
    before = explained("innovative_sme", {Y - 1: {"revenue": 100}}, year=2026 - 1)
    after = explained("innovative_sme", {Y - 1: {"revenue": 100}})
    assert before["policy_version"] == "innovative_sme@2022" and before["policy_notice"] == ""
    assert after["policy_version"] == "innovative_sme@2026" and "沿用 2022 附件1" in after["policy_notice"]
    assert [c["id"] for c in before["clauses"]] == [c["id"] for c in after["clauses"]]


@pytest.mark.parametrize("share, expected", [(9.99, "fail"), (10, "pass"), (10.01, "pass")])
def test_2026_little_giant_counts_an_international_market_share(share, expected):
    years = {Y - 1: {"market_share": 2, "market_rank": 8, "market_share_intl": share}}
    assert status("little_giant", "little_giant.market", years) == expected


@pytest.mark.parametrize("through, expected", [(-1, "fail"), (0, "pass")])
def test_whether_an_award_in_the_application_year_counts_is_a_parameter(through, expected):
    pack = load_pack(pack_path("tech_sme@2022"), {"direct_award_through": through})
    years = {y: {"national_award_rank": None} for y in range(Y - 5, Y)} | {Y: {"national_award_rank": 2}}
    c = clause(explained("tech_sme", years, pack=pack), "tech_sme.direct.award")
    assert c["status"] == expected and ("含申报当年" in c["threshold"]) == (through == 0)


# ---------------------------------------------------------------- values that are not blanks


def test_a_rank_of_zero_is_no_award_and_none_is_a_level():
    years = {y: {"national_award_rank": 0, "led_standard": False} for y in range(Y - 5, Y)}
    years[Y - 1] |= {"rd_institution_level": "none"}
    result = explained("tech_sme", years)
    assert clause(result, "tech_sme.direct.award")["status"] == "fail"
    assert clause(result, "tech_sme.direct.rd_institution")["status"] == "fail"


@pytest.mark.parametrize("written", ["none", "未建立", "无", "NONE"])
def test_no_research_institution_is_read_as_such_from_a_parquet_file(written):
    years = {Y - 1: {"rd_institution_level": written}}
    assert status("tech_sme", "tech_sme.direct.rd_institution", years) == "fail"


def test_gaoxin_evaluate_prints_derived_inputs_in_its_json(tmp_path):
    path = tmp_path / "enterprises.csv"
    path.write_text("统一社会信用代码,企业名称,年度,成立日期,资产总额,负债总额,净资产\n"
                    "91350100M000100Y43,甲公司,2023,2015-01-01,,,5000\n"
                    "91350100M000100Y43,甲公司,2024,2015-01-01,,,6000\n"
                    "91350100M000100Y43,甲公司,2025,2015-01-01,11200,4000,\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(path), "--year", "2026", "--policy", "high_tech",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    growth = next(c for c in json.loads(result.output)[0]["clauses"]
                  if c["id"] == "high_tech.score.growth_net_assets")
    derived = next(i for i in growth["inputs"] if i.get("derived"))
    assert derived["formula"] == "资产总额 = 负债总额 + 净资产" and derived["value"] == 7200
    assert [(s["field"], s["value"]) for s in derived["from"]] == [("total_assets", 11200.0),
                                                                   ("total_liabilities", 4000.0)]
