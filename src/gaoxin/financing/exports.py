"""政银企对接 statistics to Excel: per bank and per product, with the banks' reasons for declining."""

from __future__ import annotations

from openpyxl import Workbook

from gaoxin.financing.machines import MATCH
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


def needs_workbook(needs) -> bytes:
    """融资需求 with each referral's outcome."""
    book = Workbook()
    sheet = book.active
    sheet.title = "融资需求"
    rows = []
    for need in needs.prefetch_related("matches__product__bank"):
        matches = list(need.matches.all()) or [None]
        for m in matches:
            rows.append([need.enterprise.name, need.enterprise.credit_code, float(need.amount), need.term_months,
                         need.purpose, need.created_at.date().isoformat(), str(m.product) if m else "未推送",
                         MATCH.label(m.status) if m else "", float(m.credit_amount) if m and m.credit_amount else "",
                         float(m.loan_amount) if m and m.loan_amount else "", m.decline_reason if m else ""])
    write_sheet(sheet, ["企业", "统一社会信用代码", "金额（万元）", "期限（月）", "用途", "登记日期", "对接产品",
                        "状态", "授信（万元）", "放款（万元）", "未获授信原因"], rows)
    return workbook_bytes(book)
