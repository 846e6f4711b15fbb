"""The competition's Excel files: every entry with its path through the rounds, and the 获奖名单 with prizes,
payments and banks' pre-credit."""

from __future__ import annotations

from openpyxl import Workbook

from gaoxin.intake.xlsx import workbook_bytes, write_sheet
from gaoxin.programs.competition import tiers_cost
from gaoxin.programs.machines import ENTRY
from gaoxin.programs.models import PreCredit, Prize, Program


def entries_workbook(program: Program) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "参赛项目"
    rounds = list(program.rounds.filter(status="closed"))
    placed = {(r.pk, row["entry"]): row for r in rounds for row in r.results}
    headers = ["序号", "团队/企业名称", "项目名称", "负责人", "所在单位", "赛道/组别", "统一社会信用代码", "状态"]
    headers += [f"{r.name}名次" for r in rounds] + [f"{r.name}得分" for r in rounds]
    rows = []
    for n, e in enumerate(program.entries.select_related("enterprise").order_by("pk"), start=1):
        results = [placed.get((r.pk, e.pk)) for r in rounds]
        rows.append([n, e.team, e.project, e.leader, e.organisation, e.track,
                     e.enterprise.credit_code if e.enterprise else "", ENTRY.label(e.status)]
                    + [row["rank"] if row else "" for row in results]
                    + [float(row["score"]) if row and row["score"] else "" for row in results])
    write_sheet(sheet, headers, rows)
    return workbook_bytes(book)


def prizes_workbook(program: Program) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "获奖名单"
    prizes = Prize.objects.filter(entry__program=program).select_related("entry", "entry__enterprise").order_by(
        "rank")
    write_sheet(sheet, ["决赛名次", "奖项", "团队/企业名称", "项目名称", "决赛得分", "奖金（万元）", "落地企业",
                        "拨付日期", "凭证号"],
                ([p.rank, p.tier, p.entry.team, p.entry.project, float(p.score) if p.score is not None else "",
                  float(p.amount), p.entry.enterprise.name if p.entry.enterprise else "未落地",
                  p.paid_on.isoformat() if p.paid_on else "", p.reference] for p in prizes))
    credits = PreCredit.objects.filter(entry__program=program).select_related("entry").order_by("entry", "pk")
    write_sheet(book.create_sheet("银行预授信"), ["团队/企业名称", "项目名称", "银行", "产品", "授信额度（万元）",
                                                "已放款（万元）", "期限（月）", "状态", "未获授信原因", "日期"],
                ([c.entry.team, c.entry.project, c.bank, c.product, float(c.amount), float(c.drawn),
                  c.term_months or "", c.get_status_display(), c.reason, c.recorded_on.isoformat()]
                 for c in credits))
    write_sheet(book.create_sheet("说明"), ["项目", "内容"], [
        ["大赛", str(program)], ["资金总额（万元）", float(program.budget)],
        ["奖项合计（万元）", float(tiers_cost(program))],
        ["评奖规则", "按奖项设置顺序依决赛名次评定；决赛同分按上一轮得分、再按报名先后排序"],
        ["拨付规则", "每项奖金拨付一次，须落地为企业库中的企业"]])
    return workbook_bytes(book)
