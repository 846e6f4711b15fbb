"""Worked examples computed by hand from the fact sheets, kept as data files (`examples/<policy>.yaml`).

Each example gives an enterprise's rows, the titles it holds, and what a person working from the policy text
expects: the verdict, the score range, and for chosen clauses the status, value, range (partial data), points,
threshold, gap and missing figures; `derived` lists blank inputs the explanation must show as derived.
"""

from pathlib import Path

import polars as pl
import pytest
import yaml

from gaoxin.engine.evaluate import evaluate
from gaoxin.engine.explain import result_json
from gaoxin.engine.library import assessment_date, pack_for
from gaoxin.engine.run import TITLE_SCHEMA

EXAMPLES = Path(__file__).resolve().parent / "examples"


def _cases():
    for path in sorted(EXAMPLES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for example in data["examples"]:
            yield pytest.param(data, example, id=f"{data['policy']}: {example['name']}")


def _evaluate(data: dict, example: dict) -> dict:
    year = example.get("assessment_year", data["assessment_year"])
    day = assessment_date(year)
    pack = pack_for(data["policy"], day, example.get("variant", "national"))
    rows = [{"credit_code": "E0", "name": example["name"], "year": y} | example["enterprise"] | figures
            for y, figures in example["years"].items()]
    table = pl.DataFrame(rows, infer_schema_length=None)
    titles = None
    if "titles" in example:
        titles = pl.DataFrame([{"credit_code": "E0"} | t for t in example["titles"]], schema=TITLE_SCHEMA)
    result = evaluate(pack, table, year, day, titles)
    return result_json(pack, result.row(0, named=True), year)


def test_there_is_a_set_of_examples_for_every_policy_with_a_pack():
    from gaoxin.engine.library import all_packs

    assert {p.policy for p in all_packs()} <= {p.stem for p in EXAMPLES.glob("*.yaml")}


@pytest.mark.parametrize("data, example", list(_cases()))
def test_worked_example(data, example):
    result = _evaluate(data, example)
    expect = example["expect"]
    assert result["verdict"] == expect["verdict"]
    if "score_range" in expect:
        assert result["score_range"] == expect["score_range"]
    if "policy_version" in expect:
        assert result["policy_version"] == expect["policy_version"]
    sub_scores = {s["id"]: s["points"] for s in result["sub_scores"]}
    for group, points in expect.get("sub_scores", {}).items():
        assert sub_scores[group] == points, group
    clauses = {c["id"]: c for c in result["clauses"]}
    for cid, wanted in expect.get("clauses", {}).items():
        got = clauses[cid]
        for key, value in wanted.items():
            if key == "value":
                assert got["value"] == pytest.approx(value, abs=1e-6), cid
            elif key == "threshold":
                assert f"{value * 100:g}%" in got["threshold"], cid
            elif key == "gap_ends":
                assert got["gap"].endswith(value), (cid, got["gap"])
            elif key == "range":
                assert got.get("range") == [pytest.approx(v) if v is not None else None for v in value], cid
            else:
                assert got[key] == value, (cid, key)
    if "notice_contains" in expect:
        assert expect["notice_contains"] in result["policy_notice"]
    for wanted in expect.get("derived", []):
        found = [i for c in result["clauses"] for i in c["inputs"]
                 if i["field"] == wanted["field"] and i["year"] == wanted["year"] and i.get("derived")]
        assert found, wanted
        for key, value in wanted.items():
            if key not in ("field", "year"):
                assert found[0][key] == (pytest.approx(value) if isinstance(value, float | int) else value), key
