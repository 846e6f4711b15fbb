"""Official lists read as zones receive them: a sheet with a title row, serial numbers and notes; text from a PDF."""

from __future__ import annotations

import pytest

from gaoxin.conftest import code_for, xlsx_bytes
from gaoxin.intake.reader import UnreadableFile
from gaoxin.intake.title_list import read_list_file, read_list_text


def _xlsx(rows) -> bytes:
    """A sheet exactly as `rows` lay it out (a title row, blank rows, then the header)."""
    return xlsx_bytes(rows[0], rows[1:])


def test_an_official_sheet_with_a_title_row_serials_and_notes():
    data = _xlsx([
        ["四川省2026年第一批拟认定高新技术企业名单"],
        [],
        ["序号", "企业名称", "统一社会信用代码", "证书编号", "所在地区", "备注"],
        [1, "成都星云智能科技有限公司", code_for(1).lower(), "GR202651000001", "成都市", None],
        [2, "四川蓝海生物医药\n股份有限公司", None, None, "成都市", "更名"],
        ["", "合计 2 家", None, None, None, None],
    ])
    read = read_list_file(data, "名单.xlsx")
    assert [(e.row, e.name, e.credit_code, e.certificate_no) for e in read.entries] == [
        (4, "成都星云智能科技有限公司", code_for(1), "GR202651000001"),
        (5, "四川蓝海生物医药股份有限公司", None, None)]
    assert read.ignored_columns == ["序号", "所在地区", "备注"]
    assert any("合计" in n for n in read.notes)


def test_a_sheet_of_names_alone_and_a_sheet_without_names():
    read = read_list_file(_xlsx([["成都星云智能科技有限公司"], ["成都东方测控有限公司"]]), "list.xlsx")
    assert [e.name for e in read.entries] == ["成都星云智能科技有限公司", "成都东方测控有限公司"]
    with pytest.raises(UnreadableFile, match="找不到企业名称列"):
        read_list_file(_xlsx([["年度", "营业收入"], [2025, 100]]), "figures.xlsx")


def test_csv_in_gb18030():
    data = "序号,单位名称\n1,成都星云智能科技有限公司\n".encode("gb18030")
    assert [e.name for e in read_list_file(data, "list.csv").entries] == ["成都星云智能科技有限公司"]


def test_text_pasted_from_a_pdf_with_broken_lines_codes_and_two_names_a_line():
    text = f"""2026年第一批入库科技型中小企业名单
序号 企业名称 统一社会信用代码
1 成都星云智能科技有限公司 {code_for(1)}
2 四川蓝海生物医药股份有
限公司 {code_for(2)}
3 乐山市峨眉山茶业有限责任公司 乐山市
4 成都新材料研究院（有限
合伙）
{code_for(4)}
5 成都东方测控有限公司 6 重庆东方测控有限公司
"""
    read = read_list_text(text)
    assert [(e.row, e.name, e.credit_code) for e in read.entries] == [
        (3, "成都星云智能科技有限公司", code_for(1)),
        (4, "四川蓝海生物医药股份有限公司", code_for(2)),
        (6, "乐山市峨眉山茶业有限责任公司", None),  # 乐山市 after the name is a column, not the next name
        (7, "成都新材料研究院（有限合伙）", code_for(4)),  # the code wrapped to its own line
        (10, "成都东方测控有限公司", None),
        (10, "重庆东方测控有限公司", None)]


def test_a_name_listed_twice_is_kept_once_and_said():
    read = read_list_text("成都星云智能科技有限公司\n成都星云智能科技有限公司\n")
    assert len(read.entries) == 1 and "重复" in read.notes[0]
