"""The register of achievements to Excel."""

from __future__ import annotations

from openpyxl import Workbook

from gaoxin.intake.xlsx import workbook_bytes, write_sheet


def register_workbook(achievements) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "科技成果登记册"
    rows = []
    for a in achievements:
        latest = next((e for e in a.evaluations.all() if e.status == "concluded"), None)
        rows.append([a.title, a.get_kind_display(), a.owner, a.get_owner_kind_display(), a.field,
                     latest.trl if latest and latest.trl else "", float(latest.total) if latest else "",
                     latest.level if latest else "未评价", a.get_transfer_display(),
                     float(a.transfer_amount) if a.transfer_amount is not None else "",
                     a.transfer_on.isoformat() if a.transfer_on else ""])
    write_sheet(sheet, ["成果名称", "成果类型", "完成单位", "单位类型", "技术领域", "技术就绪水平", "综合得分",
                        "评价等级", "转化状态", "转化金额（万元）", "转化日期"], rows)
    return workbook_bytes(book)
