"""Policy packs load, validate and are chosen by the date in force."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from gaoxin.engine.library import PackError, all_packs, assessment_date, load_pack, pack_for

TECH_SME = Path(__file__).resolve().parents[1] / "packs" / "tech_sme" / "2022.yaml"


def test_every_shipped_pack_loads():
    packs = all_packs()
    assert {p.id for p in packs} >= {"tech_sme@2017", "tech_sme@2022"}


def test_every_clause_names_its_article_and_every_decision_its_reason():
    for pack in all_packs():
        assert all(c.article for c in pack.clauses)
        assert all(d.reason for d in pack.decisions)


@pytest.mark.parametrize("day, expected", [
    (dt.date(2021, 7, 1), "tech_sme@2017"), (dt.date(2021, 12, 31), "tech_sme@2017"),
    (dt.date(2022, 1, 1), "tech_sme@2022"), (dt.date(2026, 7, 1), "tech_sme@2022"),
])
def test_version_in_force_on_the_assessment_date(day, expected):
    assert pack_for("tech_sme", day).id == expected


def test_default_assessment_date_is_1_july_of_the_year():
    assert assessment_date(2025) == dt.date(2025, 7, 1)
    assert assessment_date(2025, dt.date(2025, 3, 1)) == dt.date(2025, 3, 1)


def test_no_version_before_the_first_is_an_explained_error():
    with pytest.raises(PackError, match="no tech_sme/national pack in force on 2016-07-01"):
        pack_for("tech_sme", dt.date(2016, 7, 1))


def test_pack_declares_the_inputs_it_needs():
    inputs = pack_for("tech_sme", dt.date(2025, 7, 1)).inputs()
    assert {"employees", "tech_staff", "revenue", "total_cost", "rd_expense", "ip_class1", "ip_class2",
            "national_award_rank", "led_standard", "rd_institution_level"} <= set(inputs)


def _broken(tmp_path, change) -> Path:
    data = yaml.safe_load(TECH_SME.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _band_gap(d):
    d["clauses"][7]["test"]["bands"][2]["from"] = 0.16  # 15%–20% band now starts at 16%


@pytest.mark.parametrize("change, message", [
    (lambda d: d["clauses"][1]["test"]["value"].update(input="staff_count"), "not a field of the data contract"),
    (_band_gap, "gap or overlap"),
    (lambda d: d["rule"]["all"].append("tech_sme.nonexistent"), "not a clause of this pack"),
    (lambda d: d["clauses"][0].update(id="high_tech.resident"), "must start with “tech_sme.”"),
    (lambda d: d["clauses"][0].pop("article"), "article"),
    (lambda d: d.update(superseded_on=dt.date(2020, 1, 1)), "superseded_on must come after effective_from"),
    (lambda d: d["decisions"][0].update(parameters=["direct_award_through（默认 −1）"]), "which is not a parameter"),
])
def test_a_broken_pack_fails_on_load_with_a_message(tmp_path, change, message):
    with pytest.raises(PackError, match=message):
        load_pack(_broken(tmp_path, change))


def test_a_decision_names_the_parameters_it_explains():
    pack = pack_for("high_tech", dt.date(2025, 7, 1))
    decision = pack.decision_for("growth_first_base")
    assert decision.about == "成长性特殊情形"
    assert set(decision.options) == {"skip_not_positive", "skip_zero"}
    both = pack_for("srdi_sme", dt.date(2025, 7, 1))
    assert both.decision_for("no_incident_through") is both.decision_for("direct_equity_through")
    assert pack.decision_for("no_such_parameter") is None
