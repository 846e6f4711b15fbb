"""Values that must not read as blank: every enumerated field of the contract against every empty marker, and the
words that mean "none" where the contract records none as an empty cell, in every intake path."""

from __future__ import annotations

import io

import polars as pl
import pytest

from gaoxin.conftest import code_for, xlsx_bytes
from gaoxin.contract.checks import EMPTY_MARKERS, CellError, parse
from gaoxin.contract.fields import ALL_FIELDS, BY_CODE, NO_AWARD
from gaoxin.intake.reader import read_table
from gaoxin.intake.validate import check_sheet

ENUMS = [f for f in ALL_FIELDS if f.kind == "enum"]
MARKERS = sorted(EMPTY_MARKERS | {m.upper() for m in EMPTY_MARKERS} | {f" {m} " for m in EMPTY_MARKERS})


@pytest.mark.parametrize("field", ENUMS, ids=lambda f: f.code)
@pytest.mark.parametrize("marker", MARKERS)
def test_every_choice_wins_over_an_empty_marker(field, marker):
    """A marker that is one of the field's choices (its code, label or synonym) reads as that choice; any other
    marker is empty. Nothing in between: never an error, never a wrong choice."""
    choice = field.choice_code(marker)
    expected = choice if choice is not None else None
    assert parse(field, marker) == expected


@pytest.mark.parametrize("field", ENUMS, ids=lambda f: f.code)
def test_every_choice_reads_as_itself_by_code_label_and_synonym_and_none_words_as_blank(field):
    for code, label in field.choices:
        assert parse(field, code) == code and parse(field, label) == code and parse(field, code.upper()) == code
    for word, code in field.synonyms:
        assert parse(field, word) == code
    for word in field.absent:
        assert parse(field, word) is None


def test_no_research_institution_is_a_level_not_an_unknown():
    level = BY_CODE["rd_institution_level"]
    assert [parse(level, raw) for raw in ("none", "NONE", "未建立", "无", "没有")] == ["none"] * 5
    assert parse(level, "") is None and parse(level, "—") is None


@pytest.mark.parametrize("code", ["national_award_rank", "provincial_award_rank", "makerchina_rank"])
@pytest.mark.parametrize("raw", [*NO_AWARD, 0, 0.0])
def test_an_award_rank_of_zero_or_none_means_no_award(code, raw):
    assert parse(BY_CODE[code], raw) is None


def test_a_negative_rank_is_still_an_error():
    with pytest.raises(CellError):
        parse(BY_CODE["national_award_rank"], -1)


HEADERS = ["统一社会信用代码", "企业名称", "年度", "研发机构级别", "国家级科技奖励排名", "高新技术领域", "上市板块"]
ROW = [code_for(1), "甲公司", 2025, "none", "0", "不属于重点支持领域", "未上市"]
WANT = {"rd_institution_level": "none", "high_tech_field": "outside"}


def _csv(headers, row) -> bytes:
    return (",".join(headers) + "\n" + ",".join(str(v) for v in row) + "\n").encode()


def _parquet(headers, row) -> bytes:
    buffer = io.BytesIO()
    pl.DataFrame({h: [str(v)] for h, v in zip(headers, row, strict=True)}).write_parquet(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name, data", [("a.csv", _csv(HEADERS, ROW)), ("a.xlsx", xlsx_bytes(HEADERS, [ROW])),
                                        ("a.parquet", _parquet(HEADERS, ROW))])
def test_every_file_path_reads_codes_that_look_blank_as_values(name, data):
    checked = check_sheet(read_table(data, name))
    assert checked.ok, checked.problems
    values = checked.records[0].values
    assert {k: values.get(k) for k in WANT} == WANT
    assert "national_award_rank" not in values and "listed_board" not in values  # 0 and 未上市: none, stored blank
