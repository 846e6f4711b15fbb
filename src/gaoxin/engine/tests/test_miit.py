"""MIIT tiers (创新型, 专精特新, 小巨人): version and variant selection, overlays, parameters, band edges and the
rule trees. Hand-computed whole enterprises are in examples/*.yaml."""

import datetime as dt

import polars as pl
import pytest

from gaoxin.engine.evaluate import evaluate, verdicts
from gaoxin.engine.library import PACK_DIR, PackError, load_pack, pack_for

ON = dt.date(2025, 7, 1)


def run(pack, rows_by_year: dict[int, dict], enterprise: dict | None = None, titles=None, year: int = 2025):
    rows = [{"credit_code": "E0", "year": y} | (enterprise or {}) | v for y, v in rows_by_year.items()]
    return evaluate(pack, pl.DataFrame(rows, infer_schema_length=None), year, dt.date(year, 7, 1), titles)


def col(result, clause, part="status"):
    return result[f"{clause}:{part}"][0]


@pytest.mark.parametrize("policy, day, expected", [
    ("srdi_sme", dt.date(2026, 3, 31), "srdi_sme@2022"), ("srdi_sme", dt.date(2026, 4, 1), "srdi_sme@2026"),
    ("little_giant", dt.date(2024, 7, 1), "little_giant@2022"), ("little_giant", dt.date(2025, 7, 1),
                                                                  "little_giant@2025"),
    ("little_giant", dt.date(2026, 3, 31), "little_giant@2025"), ("little_giant", dt.date(2026, 4, 1),
                                                                   "little_giant@2026"),
    ("innovative_sme", dt.date(2026, 3, 31), "innovative_sme@2022"),
    ("innovative_sme", dt.date(2026, 4, 1), "innovative_sme@2026"),
])
def test_version_in_force(policy, day, expected):
    assert pack_for(policy, day).id == expected


def test_a_zone_variant_applies_while_it_exists_and_falls_back_to_national():
    assert pack_for("srdi_sme", dt.date(2025, 7, 1), "sichuan").id == "srdi_sme@2022-sichuan"
    assert pack_for("srdi_sme", dt.date(2026, 7, 1), "sichuan").id == "srdi_sme@2026"
    assert pack_for("tech_sme", dt.date(2025, 7, 1), "sichuan").id == "tech_sme@2022"


def test_an_overlay_keeps_the_base_and_applies_its_changes():
    base, overlay = pack_for("little_giant", dt.date(2024, 7, 1)), pack_for("little_giant", ON)
    assert overlay.overlays == base.id
    ids = {c.id for c in overlay.clauses}
    assert "little_giant.min_revenue_2025" in ids and "little_giant.rd.equity_8000" not in ids
    assert {d.about for d in base.decisions} < {d.about for d in overlay.decisions}


def test_an_overlay_on_an_unknown_base_is_an_error(tmp_path):
    (tmp_path / "x").mkdir()
    path = tmp_path / "x" / "o.yaml"
    path.write_text("base: nothing@1\nid: x@1\n", encoding="utf-8")
    with pytest.raises(PackError, match="base pack “nothing@1” not found"):
        load_pack(path)


def test_an_unused_clause_is_refused(tmp_path):
    import yaml

    data = yaml.safe_load((PACK_DIR / "innovative_sme" / "2022.yaml").read_text(encoding="utf-8"))
    data["rule"]["any"].remove("innovative_sme.direct.equity")
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PackError, match="used by neither the rule nor the score: innovative_sme.direct.equity"):
        load_pack(path)


def test_an_unknown_parameter_override_is_refused():
    with pytest.raises(PackError, match="no such parameter: growth"):
        load_pack(PACK_DIR / "srdi_sme" / "2022.yaml", {"growth": "cagr"})


@pytest.mark.parametrize("method, expected", [
    ("mean_ratio", ((1100 / 1000 - 1) + (1331 / 1100 - 1)) / 2), ("cagr", (1331 / 1000) ** 0.5 - 1),
    ("last_ratio", 1331 / 1100 - 1),
])
def test_the_average_growth_method_is_a_pack_parameter(method, expected):
    pack = load_pack(PACK_DIR / "srdi_sme" / "2022.yaml", {"main_growth_method": method})
    result = run(pack, {2022: {"main_revenue": 1000.0}, 2023: {"main_revenue": 1100.0}, 2024: {"main_revenue": 1331.0}})
    assert col(result, "srdi_sme.score.main_growth", "value") == pytest.approx(expected)


def test_growth_with_a_zero_base_is_unknown_for_the_miit_tiers():
    pack = pack_for("srdi_sme", ON)
    result = run(pack, {2022: {"main_revenue": 0.0}, 2023: {"main_revenue": 500.0}, 2024: {"main_revenue": 800.0}})
    assert col(result, "srdi_sme.score.main_growth") is None
    assert (col(result, "srdi_sme.score.main_growth", "pmin"), col(result, "srdi_sme.score.main_growth", "pmax")) == (
        0, 10)


@pytest.mark.parametrize("share, points", [(0.0099, 0), (0.01, 5), (0.0199, 5), (0.02, 10), (0.0299, 10), (0.03, 15),
                                           (0.0499, 15), (0.05, 20), (0.0501, 20)])
def test_innovative_rd_share_band_edges(share, points):
    result = run(pack_for("innovative_sme", ON), {2024: {"revenue": 10_000.0, "rd_expense": 10_000.0 * share}})
    assert col(result, "innovative_sme.score.rd_ratio", "pmin") == points


@pytest.mark.parametrize("debt, points", [(0.5499, 10), (0.55, 5), (0.7499, 5), (0.75, 0), (0.80, 0)])
def test_innovative_debt_ratio_band_edges(debt, points):
    figures = {"total_assets": 10_000.0, "total_liabilities": 10_000.0 * debt}
    result = run(pack_for("innovative_sme", ON), {2024: figures})
    assert col(result, "innovative_sme.score.debt_ratio", "pmin") == points


@pytest.mark.parametrize("growth, points", [(-0.01, 0), (0.0, 5), (0.0499, 5), (0.05, 10), (0.10, 15), (0.1499, 15),
                                            (0.15, 20)])
def test_innovative_main_growth_band_edges(growth, points):
    result = run(pack_for("innovative_sme", ON), {2023: {"main_revenue": 1000.0},
                                                 2024: {"main_revenue": 1000.0 * (1 + growth)}})
    assert col(result, "innovative_sme.score.main_growth", "pmin") == points


@pytest.mark.parametrize("since, points", [(2024, 0), (2023, 1), (2022, 1), (2021, 2), (2019, 3), (2017, 4),
                                           (2015, 5), (2000, 5)])
def test_niche_years_give_a_point_per_two_full_years(since, points):
    result = run(pack_for("srdi_sme", ON), {2024: {}}, {"niche_since": since})
    assert col(result, "srdi_sme.score.niche_years", "pmin") == points


@pytest.mark.parametrize("flags, points", [((False, False, False, False), 0), ((True, False, False, False), 3),
                                           ((True, True, False, False), 5), ((True, True, True, True), 5)])
def test_quality_management_three_points_each_capped_at_five(flags, points):
    names = ("quality_award", "mgmt_certified", "own_brand", "led_standard")
    result = run(pack_for("srdi_sme", ON), {2024: dict(zip(names, flags, strict=True))})
    assert col(result, "srdi_sme.score.quality", "pmin") == points


@pytest.mark.parametrize("amount, share, points", [(99.99, 0.001, 0), (100, 0.001, 2), (500, 0.001, 10),
                                                   (50, 0.10, 10), (50, 0.0999, 8), (450, 0.05, 8)])
def test_rd_input_takes_the_better_of_amount_and_share(amount, share, points):
    result = run(pack_for("srdi_sme", ON), {2024: {"rd_expense": float(amount), "revenue": amount / share}})
    assert col(result, "srdi_sme.score.rd_input", "pmin") == points


@pytest.mark.parametrize("level, points", [("national", 10), ("provincial", 8), ("city", 4), ("below_city", 2),
                                           ("none", 0), (None, None)])
def test_rd_institution_level_points(level, points):
    result = run(pack_for("srdi_sme", ON), {2024: {"rd_institution_level": level}})
    low, high = col(result, "srdi_sme.score.rd_institution", "pmin"), col(result, "srdi_sme.score.rd_institution",
                                                                           "pmax")
    assert (low, high) == ((points, points) if points is not None else (0, 10))


@pytest.mark.parametrize("revenue, equity, expected", [(1000, 0, 1), (999.99, 1999.99, 0), (999.99, 2000, 1),
                                                       (None, 2000, 1), (None, 0, None)])
def test_revenue_or_equity(revenue, equity, expected):
    result = run(pack_for("srdi_sme", ON), {2023: {"equity_financing": 0.0},
                                           2024: {"revenue": revenue, "equity_financing": float(equity)}})
    assert col(result, "srdi_sme.revenue_or_equity") == expected


def giant_rows(revenue: float, ratios: tuple[float, float]) -> dict:
    return {2023: {"revenue": revenue, "rd_expense": revenue * ratios[0]},
            2024: {"revenue": revenue, "rd_expense": revenue * ratios[1]}}


@pytest.mark.parametrize("revenue, ratios, tier3, tier6", [
    (10_000, (0.03, 0.03), 1, 0), (10_000, (0.03, 0.0299), 0, 0), (9_999.99, (0.05, 0.05), 1, 0),
    (5_000, (0.06, 0.06), 1, 1), (5_000, (0.06, 0.0599), 1, 0),
])
def test_little_giant_rd_share_each_year(revenue, ratios, tier3, tier6):
    result = run(pack_for("little_giant", dt.date(2024, 7, 1)), giant_rows(revenue, ratios))
    assert col(result, "little_giant.rd.ratio_3pct") == tier3 and col(result, "little_giant.rd.ratio_6pct") == tier6
    assert col(result, "little_giant.rd.ratio_3pct", "value") == pytest.approx(min(ratios))


def test_market_share_is_read_as_a_percentage():
    result = run(pack_for("little_giant", ON), {2024: {"market_share": 9.99}})
    assert col(result, "little_giant.market_share") == 0
    assert col(result, "little_giant.market_share", "value") == pytest.approx(0.0999)
    assert col(run(pack_for("little_giant", ON), {2024: {"market_share": 10}}), "little_giant.market_share") == 1


def test_the_innovation_aspect_fails_only_when_every_route_fails():
    """3% tier failed, no award or 创客中国 rank on record (empty means none): the aspect, and so the verdict,
    is decided as failed although many other inputs are unknown."""
    pack = pack_for("little_giant", dt.date(2024, 7, 1))
    rows = giant_rows(20_000, (0.01, 0.01))
    rows[2024] |= {"ip_class1": 5, "rd_institution_level": "provincial"}
    assert verdicts(run(pack, rows)).to_list() == ["not_qualified"]
    rows[2022] = {"makerchina_rank": 40}  # top 50 in 2022: the 直通 route holds, the verdict waits on the rest
    assert verdicts(run(pack, rows)).to_list() == ["insufficient_data"]


def test_the_cli_applies_a_zone_variant_and_refuses_an_unknown_one(tmp_path):
    import json

    from typer.testing import CliRunner

    from gaoxin.cli import app
    from gaoxin.demo.generator import generate_zone

    generate_zone(30, seed=4).write(tmp_path, "parquet")
    data = str(tmp_path / "enterprise_years.parquet")
    runner = CliRunner()
    result = runner.invoke(app, ["evaluate", data, "--year", "2025", "--policy", "srdi_sme", "--variant",
                                 "srdi_sme=sichuan", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert {r["policy_version"] for r in json.loads(result.output)} == {"srdi_sme@2022-sichuan"}
    result = runner.invoke(app, ["evaluate", data, "--year", "2025", "--variant", "srdi_sme=hainan"])
    assert result.exit_code == 2 and "no variant “hainan”" in result.output


def explained(pack, rows_by_year, clause_id, enterprise=None):
    from gaoxin.engine.explain import result_json

    result = run(pack, rows_by_year, enterprise)
    return next(c for c in result_json(pack, result.row(0, named=True), 2025)["clauses"] if c["id"] == clause_id)


def test_where_less_is_better_the_gap_says_how_low_to_go():
    pack, debt = pack_for("innovative_sme", ON), "innovative_sme.score.debt_ratio"
    top = explained(pack, {2024: {"total_assets": 1000.0, "total_liabilities": 300.0}}, debt)
    assert top["gap"] == "30%（55% 以下，10 分），已达最高档"
    mid = explained(pack, {2024: {"total_assets": 1000.0, "total_liabilities": 600.0}}, debt)
    assert mid["gap"] == "60%（55%–75%，5 分），降至 55% 以下可得 10 分"


def test_yes_no_inputs_read_as_yes_or_no_and_growth_names_its_method():
    pack = pack_for("innovative_sme", ON)
    domain = explained(pack, {2024: {}}, "innovative_sme.score.domain", {"strategic_emerging": False})
    assert domain["gap"].startswith("否（属于其他领域，5 分）")
    giant = pack_for("little_giant", dt.date(2026, 7, 1))
    growth = explained(giant, {2022: {"revenue": 100.0}, 2024: {"revenue": 121.0}}, "little_giant.revenue_growth")
    assert growth["gap"].startswith("营业收入复合增长率 10%")


def _low_scorer(policy: str) -> dict[int, dict]:
    """Passes every hard condition of 创新型/专精特新 2022 but scores far below 60, with no direct route."""
    base = {"major_incident": False, "rd_institution_level": "none", "equity_financing": 0.0, "rd_expense": 100.0}
    last = base | {"employees": 50, "revenue": 2000.0, "total_assets": 1500.0, "rd_expense": 100.0,
                   "main_revenue": 800.0, "total_liabilities": 1400.0, "ip_class1": 0, "ip_class1_self": 0,
                   "ip_class1_high_value": 0, "ip_class2": 0, "rd_staff": 1, "net_profit": 0.0, "digital_level": 1,
                   "quality_award": False, "mgmt_certified": False, "own_brand": False, "led_standard": False,
                   "srdi_domain_points": 0, "srdi_local_points": 0}
    return {2022: base | {"main_revenue": 900.0}, 2023: base | {"main_revenue": 1000.0}, 2024: last}


ENTERPRISE_OK = {"industry_code": "C3911", "resident": True, "credit_blacklisted": False, "restricted_industry": False,
                 "strategic_emerging": False, "niche_since": 2018}
INNOVATIVE = pl.DataFrame({"credit_code": ["E0"], "title": ["innovative_sme"], "recognized_on": [dt.date(2024, 1, 1)],
                           "valid_until": [dt.date(2026, 12, 31)]})
HIGH_TECH = INNOVATIVE.with_columns(title=pl.lit("high_tech"))


@pytest.mark.parametrize("policy, change, titles, route", [
    ("innovative_sme", {}, None, None),
    ("innovative_sme", {2023: {"national_award_rank": 9}}, None, "innovative_sme.direct.national_award"),
    ("innovative_sme", {2022: {"provincial_award_rank": 12}}, None, "innovative_sme.direct.provincial_award"),
    ("innovative_sme", {}, "high_tech", "innovative_sme.direct.honor"),
    ("innovative_sme", {2024: {"rd_institution_level": "provincial"}}, None, "innovative_sme.direct.rd_institution"),
    ("innovative_sme", {2023: {"equity_financing": 200.0}, 2024: {"equity_financing": 300.0}}, None,
     "innovative_sme.direct.equity"),
    ("srdi_sme", {}, "innovative_sme", None),
    ("srdi_sme", {2023: {"provincial_award_rank": 3}}, "innovative_sme", "srdi_sme.direct.provincial_award"),
    ("srdi_sme", {2022: {"national_award_rank": 5}}, "innovative_sme", "srdi_sme.direct.national_award"),
    ("srdi_sme", {2023: {"rd_expense": 1900.0, "revenue": 20000.0}, 2024: {"rd_expense": 2000.0, "revenue": 20000.0}},
     "innovative_sme", "srdi_sme.direct.rd_avg"),
    ("srdi_sme", {2023: {"equity_financing": 3000.0}, 2024: {"equity_financing": 3000.0}}, "innovative_sme",
     "srdi_sme.direct.equity"),
    ("srdi_sme", {2022: {"makerchina_rank": 500}}, "innovative_sme", "srdi_sme.direct.makerchina"),
])
def test_each_direct_route_alone_qualifies_a_low_scorer(policy, change, titles, route):
    rows = _low_scorer(policy)
    for year, values in change.items():
        rows[year] = rows[year] | values
    frame = {"high_tech": HIGH_TECH, "innovative_sme": INNOVATIVE, None: INNOVATIVE.clear()}[titles]
    result = run(pack_for(policy, ON), rows, ENTERPRISE_OK, titles=frame)
    assert result["score_max"][0] < 60
    assert verdicts(result).to_list() == (["qualified"] if route else ["not_qualified"])
    if route:
        assert col(result, route) == 1
