"""Explanations and the `gaoxin evaluate` command, in the data contract's shape."""

import datetime as dt
import io
import json

import polars as pl
from openpyxl import load_workbook
from typer.testing import CliRunner

from gaoxin.cli import app
from gaoxin.conftest import code_for, xlsx_bytes
from gaoxin.engine.evaluate import evaluate
from gaoxin.engine.explain import result_json
from gaoxin.engine.library import pack_for
from gaoxin.engine.tests.test_tech_sme import GOOD, NO_TITLES

ON = dt.date(2026, 7, 1)
PACK = pack_for("tech_sme", ON)
runner = CliRunner()


def explain(row: dict, titles=NO_TITLES) -> dict:
    table = pl.DataFrame([{"credit_code": "E0", "year": 2025, "name": "甲公司"} | row], infer_schema_length=None)
    result = evaluate(PACK, table, 2026, ON, titles)
    return result_json(PACK, result.row(0, named=True), 2026)


def clause(result: dict, cid: str) -> dict:
    return next(c for c in result["clauses"] if c["id"] == cid)


def test_json_has_the_contract_shape():
    result = explain(GOOD)
    assert set(result) >= {"credit_code", "name", "assessment_year", "policy", "policy_version", "verdict", "score",
                           "clauses"}
    assert (result["policy"], result["policy_version"], result["verdict"], result["score"]) == (
        "tech_sme", "tech_sme@2022", "qualified", 100)
    for c in result["clauses"]:
        assert set(c) >= {"id", "label", "status", "value", "threshold", "points", "gap", "missing"}


def test_rd_gap_says_how_much_more_to_spend_in_wan():
    # 研发费用 210 / 营业收入 10,000 = 2.1%: 10 分; 3% needs 300, i.e. 90 万元 more
    c = clause(explain(GOOD | {"rd_expense": 210.0}), "tech_sme.score.rd")
    assert c["status"] == "pass" and c["points"] == 10
    assert c["gap"] == "2.1%（2%–3%，10 分），达到 3% 可得 20 分：需再投入研发费用总额 90.00 万元（营业收入不变）"


def test_staff_gap_counts_whole_people():
    c = clause(explain(GOOD | {"tech_staff": 40}), "tech_sme.score.staff_ratio")  # 8% of 500
    assert c["status"] == "fail" and c["gap"].endswith("需再增加科技人员 10 人（职工总数不变）")


def test_cap_gap_says_how_far_over():
    c = clause(explain(GOOD | {"employees": 620, "tech_staff": 200}), "tech_sme.size.staff_cap")
    assert c["status"] == "fail" and c["gap"] == "职工总数 620 人，超出不超过 500 人 的要求：需减少 120 人"


def test_unknown_clause_names_the_missing_fields():
    result = explain(GOOD | {"ip_class1": None, "ip_class2": None, "rd_expense": 200.0})
    c = clause(result, "tech_sme.score.ip")
    assert result["verdict"] == "insufficient_data" and result["score"] is None
    assert result["score_range"] == [30, 60]
    assert c["status"] == "unknown" and c["missing"] == ["ip_class1", "ip_class2"] and c["points"] == [0, 30]


def test_cli_evaluates_an_excel_file_to_json(tmp_path):
    headers = ["统一社会信用代码", "企业名称", "年度", "成立日期", "境内注册居民企业", "属于禁止/限制/淘汰类",
               "列入经营异常名录或严重失信名单", "重大事故或严重失信", "职工总数", "科技人员", "营业收入（万元）",
               "资产总额（万元）", "成本费用支出总额（万元）", "研发费用总额（万元）", "Ⅰ类知识产权", "Ⅱ类知识产权",
               "主导制定标准", "研发机构级别"]
    row = [code_for(1), "青江星云软件有限公司", 2025, "2025-01-01", "是", "否", "否", "否", 60, 20, 3000, 2000,
           2800, 240, 1, 3, "否", "未建立"]
    path = tmp_path / "enterprises.xlsx"
    path.write_bytes(xlsx_bytes(headers, [row]))
    result = runner.invoke(app, ["evaluate", str(path), "--year", "2026", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data[0]["verdict"] in ("qualified", "insufficient_data")  # no titles file: 高企 path unknown
    assert data[0]["score"] == 20 + 50 + 30  # 33% staff, 8% R&D, one class-I right


def test_cli_refuses_a_file_with_bad_rows(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("credit_code,year,employees\n91350100M000100Y44,2025,10\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(path), "--year", "2026"])
    assert result.exit_code == 1 and "校验位错误" in result.output


def test_cli_writes_an_excel_report(tmp_path):
    from gaoxin.demo.generator import generate_zone

    generate_zone(50, seed=2).write(tmp_path, "parquet")
    out = tmp_path / "结果.xlsx"
    result = runner.invoke(app, ["evaluate", str(tmp_path / "enterprise_years.parquet"), "--year", "2026",
                                 "--titles", str(tmp_path / "titles.parquet"), "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(io.BytesIO(out.read_bytes()))
    assert book.sheetnames == ["评价结论", "条款明细"]
    from gaoxin.engine.library import all_packs

    in_force = [pack_for(policy, ON) for policy in {p.policy for p in all_packs() if p.in_force_on(ON)}]
    assert book["评价结论"].max_row == 50 * len(in_force) + 1
    assert book["条款明细"].max_row == 50 * sum(len(p.clauses) for p in in_force) + 1


def test_past_year_uses_the_2017_pack():
    result = runner.invoke(app, ["evaluate", "--help"])
    assert result.exit_code == 0
    from gaoxin.engine.run import Inputs, evaluate_inputs

    inputs = Inputs(pl.DataFrame([{"credit_code": "E0", "year": 2020} | GOOD], infer_schema_length=None), NO_TITLES)
    assert evaluate_inputs(inputs, 2021)[0]["policy_version"] == "tech_sme@2017"


def test_band_membership_honours_the_tables_inclusiveness():
    from gaoxin.engine.schema import Bands

    table = Bands.model_validate({"kind": "bands", "value": {"input": "employees"}, "lower": "exclusive",
                                  "upper": "inclusive", "bands": [{"to": 10, "points": 0}, {"from": 10, "points": 5}]})
    low, high = table.bands
    assert table.contains(low, 10) and not table.contains(high, 10) and table.contains(high, 10.5)
    frame = pl.DataFrame({"v": [9.0, 10.0, 11.0]})
    assert frame.select(table.contains(high, pl.col("v")))["v"].to_list() == [False, False, True]


def test_a_named_policy_without_a_pack_in_force_is_an_error_an_unnamed_one_is_skipped():
    import pytest

    from gaoxin.engine.library import PackError
    from gaoxin.engine.run import Inputs, evaluate_inputs

    inputs = Inputs(pl.DataFrame([{"credit_code": "E0", "year": 2015} | GOOD], infer_schema_length=None), NO_TITLES)
    assert [r["policy"] for r in evaluate_inputs(inputs, 2016)] == ["high_tech"]  # 科小 starts in 2017
    with pytest.raises(PackError, match="no tech_sme/national pack in force on 2016-07-01"):
        evaluate_inputs(inputs, 2016, ["tech_sme"])


def test_each_clause_lists_the_figures_it_read_with_their_year():
    c = clause(explain(GOOD | {"rd_expense": 210.0}), "tech_sme.score.rd")
    read = {(i["field"], i["year"]): i["value"] for i in c["inputs"]}
    assert read[("rd_expense", 2025)] == 210.0 and read[("revenue", 2025)] == 10_000.0
    assert ("total_cost", 2025) in read
    resident = clause(explain(GOOD), "tech_sme.resident")
    assert resident["inputs"] == [{"field": "resident", "label": "境内注册居民企业", "unit": "", "year": None,
                                   "value": True, "derived": False}]
