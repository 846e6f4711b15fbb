"""Fuzzing the intake: generated spreadsheets with wrong types, formulas, huge and negative numbers, merged cells,
missing or unknown columns, empty sheets and CSVs in the wrong encoding. Whatever comes in, the import either
takes every row (when every row is valid) or takes nothing and says, row by row, what is wrong — never an
exception, never part of a file."""

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from gaoxin.conftest import code_for
from gaoxin.registry.importer import import_file
from gaoxin.registry.models import AnnualFigures, Enterprise, ImportBatch

COLUMNS = ["统一社会信用代码", "企业名称", "年度", "职工总数", "营业收入（万元）", "研发费用总额（万元）", "备注列"]
GOOD = {"统一社会信用代码": st.integers(1, 50).map(code_for), "企业名称": st.sampled_from(["甲有限公司", "乙公司"]),
        "年度": st.integers(2019, 2025), "职工总数": st.integers(0, 500),
        "营业收入（万元）": st.decimals(0, 100000, places=2).map(float), "研发费用总额（万元）": st.integers(0, 500)}
BAD = st.one_of(
    st.sampled_from(["=SUM(A1:A3)", "=1/0", "N/A", "一百万", "-5", "1e30", "12,34.5", "2025年", "  ", "#REF!"]),
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**20, 10**20),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=30), st.dates().map(str))


@st.composite
def sheets(draw):
    headers = draw(st.lists(st.sampled_from(COLUMNS), min_size=0, max_size=len(COLUMNS), unique=True))
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        rows.append([draw(BAD) if draw(st.booleans()) and draw(st.booleans())
                     else draw(GOOD.get(h, st.just(""))) for h in headers])
    return headers, rows, draw(st.booleans()), draw(st.sampled_from(["xlsx", "utf-8-sig", "gbk", "utf-16", "latin-1"]))


def as_file(headers, rows, merge: bool, kind: str) -> tuple[bytes, str]:
    if kind == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        if merge and rows and len(headers) > 1:
            sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=2)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue(), "企业数据.xlsx"
    text = io.StringIO()
    csv.writer(text).writerows([headers, *rows])
    return text.getvalue().encode(kind, errors="replace"), "企业数据.csv"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheet=sheets())
def test_any_spreadsheet_ends_whole_or_with_a_report_and_nothing_imported(db, sheet):
    headers, rows, merge, kind = sheet
    data, name = as_file(headers, rows, merge, kind)
    before = (Enterprise.objects.count(), AnnualFigures.objects.count())
    outcome = import_file(data, name)
    batch = ImportBatch.objects.get(pk=outcome.batch.pk)
    if outcome.ok:
        assert batch.status == "imported" and batch.rows == len(rows) > 0
    else:
        assert batch.status == "rejected" and outcome.problems
        assert all(p.reason.strip() for p in outcome.problems)  # every problem says what is wrong
        assert (Enterprise.objects.count(), AnnualFigures.objects.count()) == before
