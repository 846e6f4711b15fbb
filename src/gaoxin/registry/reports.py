"""The downloadable error report of a rejected import: one line per problem, row and column as in the file."""

from __future__ import annotations

from openpyxl import Workbook

from gaoxin.intake.xlsx import workbook_bytes, write_sheet
from gaoxin.registry.models import ImportBatch


def write_error_report(batch: ImportBatch) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "错误报告"
    write_sheet(sheet, ["行号", "列", "值", "原因"],
                [(e["row"] or "—", e["column"], e["value"], e["reason"]) for e in batch.errors])
    sheet.column_dimensions["D"].width = 70
    return workbook_bytes(book)
