"""The dashboard and its drill-down lists as Excel workbooks: one sheet per block, the numbers the page shows."""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl import Workbook

from gaoxin.contract.industries import section_label
from gaoxin.contract.titles import TITLE_BY_CODE
from gaoxin.dashboard.drill import DrillFilter
from gaoxin.dashboard.models import MEASURES
from gaoxin.dashboard.selectors import CHARTED, RUNG_NAMES, Cockpit, Distribution
from gaoxin.intake.xlsx import workbook_bytes, write_sheet
from gaoxin.registry.models import Enterprise
from gaoxin.tracking.exports import statistics_sheets
from gaoxin.tracking.selectors import Statistics


def cockpit_workbook(c: Cockpit, projects: Statistics | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "称号统计"
    headers = ["称号"] + [f"{y} 新增" for y in c.years] + [f"{y} 年末持有" for y in c.years]
    write_sheet(sheet, headers, ([r.label] + [r.years[y].new for y in c.years] + [r.years[y].total for y in c.years]
                                 for r in c.titles))
    write_sheet(book.create_sheet("梯度漏斗"), ["层级", "持有（家）", "已符合条件未持有（家）"],
                [["企业总数", c.enterprises, ""]] + [[s.label, s.held, s.qualified] for s in c.funnel])
    corner = f"{c.year - 1} 年末 ＼ {c.year} 年末"
    write_sheet(book.create_sheet("梯度跃升"), [corner] + [RUNG_NAMES[r] for r in c.rungs],
                ([RUNG_NAMES[a]] + [c.moves.get((a, b), 0) for b in c.rungs] for a in c.rungs))
    _distribution(book.create_sheet("园区分布"), "园区/街道", c.parks)
    _distribution(book.create_sheet("行业分布"), "行业门类", c.industries)
    write_sheet(book.create_sheet("培育计划"), ["称号", "年度", "目标（家）", "实际新增（家）", "完成率 %", "培育库"],
                ([p.title_label, p.year, p.target, p.actual, p.percent, p.pool] for p in c.plan))
    measures = dict(MEASURES)
    write_sheet(book.create_sheet("兄弟园区排名"), ["年度", "称号", "口径", "园区/区县", "数量（家）", "名次"],
                ([r.year, r.label, measures[r.measure], row.zone, row.count, row.rank]
                 for r in c.rankings for row in r.rows))
    if projects is not None:
        statistics_sheets(book, projects, prefix="重大项目")
    return workbook_bytes(book)


def _distribution(sheet, heading: str, d: Distribution) -> None:
    headers = [heading, "企业数"] + [TITLE_BY_CODE[t].label for t in CHARTED]
    write_sheet(sheet, headers, ([label, d.enterprises.get(key, 0)] + [d.held.get((key, t), 0) for t in CHARTED]
                                 for key, label in d.groups))


def drill_workbook(rows: Iterable[Enterprise], flt: DrillFilter, held: dict[int, list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "企业名单"
    write_sheet(sheet, ["序号", "统一社会信用代码", "企业名称", "所属园区/街道", "行业代码", "行业门类", "持有称号"],
                ([i, e.credit_code, e.name, e.park.name if e.park else "", e.industry_code,
                  section_label((e.industry_code or "")[:1]), "、".join(held.get(e.pk, []))]
                 for i, e in enumerate(rows, start=1)))
    write_sheet(book.create_sheet("口径"), ["项目", "值"], [["名单", flt.describe()]])
    return workbook_bytes(book)

