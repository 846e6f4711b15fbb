"""The register of achievements to Excel."""

from __future__ import annotations

from openpyxl import Workbook

from gaoxin.innovation.scorecard import indicator_specs
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


def prospects_workbook(rows) -> bytes:
    """招商对象 in ranking order, with each indicator's value and points."""
    specs = indicator_specs()
    book = Workbook()
    sheet = book.active
    sheet.title = "科技招商评估"
    headers = ["排名", "企业名称", "技术领域", "所在地", "招商阶段", "得分", "得分上限（未填按满分）", "等级"]
    headers += [f"{spec['label']}（{spec['unit']}）" for _, spec in specs]
    headers += [f"{spec['label']}得分" for _, spec in specs]
    out = []
    for rank, (p, s) in enumerate(rows, start=1):
        lines = {line.code: line for line in s.lines}
        out.append([rank, p.name, p.field, p.origin, p.get_stage_display(), float(s.score), float(s.upper), s.grade]
                   + [float(lines[c].value) if lines[c].value is not None else "" for c, _ in specs]
                   + [lines[c].points for c, _ in specs])
    write_sheet(sheet, headers, out)
    return workbook_bytes(book)


def survey_workbook(rows, year: int) -> bytes:
    """孵化载体 annual survey numbers, one row per carrier and the total."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"{year} 年孵化统计"
    write_sheet(sheet, ["载体", "年末在孵企业", "当年新入孵", "当年毕业", "累计毕业", "当年新获评科小",
                        "当年新获评高企", "在孵企业从业人员", "每千平方米在孵企业"],
                ([r.carrier, r.incubating, r.entered, r.graduated, r.graduated_total, r.new_tech_sme,
                  r.new_high_tech, r.jobs, r.density] for r in rows))
    return workbook_bytes(book)
