"""重大项目 to Excel, as the list shows them: figures, stage, colour and its reasons."""

from __future__ import annotations

from openpyxl import Workbook

from gaoxin.intake.xlsx import workbook_bytes, write_sheet
from gaoxin.tracking.machines import NEED
from gaoxin.tracking.models import MajorProject
from gaoxin.tracking.selectors import Statistics, statistics


def projects_workbook(rows: list[MajorProject], year: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "重大项目"
    write_sheet(sheet, ["项目名称", "类别", "项目单位", "责任街道/园区", "总投资（万元）", "本年计划（万元）",
                        "本年完成（万元）", "累计完成（万元）", "形象进度（%）", "阶段", "计划投产/落地", "状态",
                        "原因", "最近报送期"],
                ([p.name, p.category.name, p.enterprise.name if p.enterprise else "", p.park.name,
                  float(p.investment), float(p.year_plan), float(p.invested_year), float(p.invested), p.progress,
                  p.get_stage_display(), p.in_operation_by.isoformat() if p.in_operation_by else "", p.status.label,
                  "；".join(f"{r.label}：{r.detail}" for r in p.status.reasons),
                  p.last_period.strftime("%Y-%m") if p.last_period else "未报送"] for p in rows))
    statistics_sheets(book, statistics(rows, year))
    return workbook_bytes(book)


def statistics_sheets(book: Workbook, s: Statistics, prefix: str = "") -> None:
    """The statistics and the by-park table, as two sheets (also part of the dashboard's workbook)."""
    write_sheet(book.create_sheet(f"{prefix}统计"), ["指标", "数值"], [
        ["项目数", s.projects], ["总投资（万元）", float(s.investment)],
        ["本年计划投资（万元）", float(s.year_plan)], ["本年完成投资（万元）", float(s.invested_year)],
        [f"总投资 {s.threshold:f} 万元以上项目数", s.large], ["其中科技类", s.large_science],
        ["科技类占比", s.large_science_share], ["本年计划投产/落地", s.planned_to_land], ["本年已投产/落地", s.landed],
        ["红", s.colours["red"]], ["黄", s.colours["yellow"]], ["绿", s.colours["green"]]])
    headers = ["街道/园区", "项目数", "总投资（万元）", "本年完成（万元）", "红", "黄", "绿"]
    write_sheet(book.create_sheet(f"{prefix}分园区"), headers,
                ([r.park, r.projects, float(r.investment), float(r.invested_year), r.colours["red"],
                  r.colours["yellow"], r.colours["green"]] for r in s.parks))


def needs_workbook(needs, departments, today) -> bytes:
    """诉求 list and each department's response statistics."""
    book = Workbook()
    sheet = book.active
    sheet.title = "企业诉求"
    write_sheet(sheet, ["企业", "统一社会信用代码", "类别", "诉求内容", "责任部门", "办理时限", "状态", "是否超期",
                        "答复", "满意度"],
                ([n.enterprise.name, n.enterprise.credit_code, n.get_category_display(), n.description,
                  n.department.name, n.due_on.isoformat(), NEED.label(n.status),
                  "超期" if n.status in ("open", "handling") and n.due_on < today else "", n.reply,
                  n.satisfaction or ""] for n in needs))
    headers = ["部门", "诉求数", "未办结", "超期", "已答复", "答复用时中位数（天）", "按期答复率", "平均满意度"]
    write_sheet(book.create_sheet("部门办理情况"), headers,
                ([d.department, d.needs, d.open, d.overdue, d.replied,
                  d.median_days if d.median_days is not None else "", d.on_time, d.satisfaction]
                 for d in departments))
    return workbook_bytes(book)


def visits_workbook(visits) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "走访记录"
    write_sheet(sheet, ["企业", "统一社会信用代码", "走访部门", "方式", "计划日期", "走访日期", "走访人员", "走访内容",
                        "宣讲政策", "登记诉求数"],
                ([v.enterprise.name, v.enterprise.credit_code, v.department.name, v.get_kind_display(),
                  v.planned_on.isoformat(), v.visited_on.isoformat() if v.visited_on else "未走访", v.visitors,
                  v.topics, v.policies, v.needs.count()] for v in visits))
    return workbook_bytes(book)
