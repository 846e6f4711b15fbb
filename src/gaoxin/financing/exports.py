"""政银企对接 statistics to Excel: per bank and per product, with the banks' reasons for declining."""

from __future__ import annotations

from openpyxl import Workbook

from gaoxin.financing.selectors import Totals
from gaoxin.intake.xlsx import workbook_bytes, write_sheet

HEADERS = ["推送", "授信（笔）", "授信金额（万元）", "放款（笔）", "放款金额（万元）", "未获授信", "主要原因"]


def totals_workbook(overall: Totals, banks: list[Totals], products: list[Totals]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "按银行"
    write_sheet(sheet, ["银行", *HEADERS], (_row(t) for t in [*banks, overall]))
    write_sheet(book.create_sheet("按产品"), ["产品", *HEADERS], (_row(t) for t in products))
    return workbook_bytes(book)


def _row(t: Totals) -> list:
    return [t.name, t.referred, t.granted, float(t.credit), t.drawn, float(t.loans), t.declined, t.top_reasons]
