"""Excel export of the 潜力企业 list: the rows the page shows, with what each enterprise still lacks."""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl import Workbook

from gaoxin.accounts import masking
from gaoxin.accounts.roles import user_label
from gaoxin.contract.titles import TITLE_BY_CODE
from gaoxin.cultivation.models import Evaluation
from gaoxin.cultivation.selectors import CandidateFilter, lacking_text, with_officers
from gaoxin.engine.library import all_packs
from gaoxin.intake.xlsx import workbook_bytes, write_sheet

VERDICT_LABELS = {"qualified": "符合条件", "not_qualified": "不符合条件", "insufficient_data": "数据不足"}


def policy_label(policy: str) -> str:
    """A title's name, or for a board standard the pack's name."""
    if policy in TITLE_BY_CODE:
        return TITLE_BY_CODE[policy].label
    return next((p.name for p in all_packs() if p.policy == policy), policy)


def candidates_workbook(rows: Iterable[Evaluation], flt: CandidateFilter, who=None) -> bytes:
    """The 潜力企业 list as `who` may read it: gaps without amounts, and the numeric 差距 (a sum of relative
    shortfalls, from which an amount could be worked back) withheld where it rests on hidden figures."""
    book = Workbook()
    sheet = book.active
    sheet.title = "潜力企业"
    headers = ["排名", "统一社会信用代码", "企业名称", "所属园区/街道", "行业代码", "评价结论", "距离达标", "差几项",
               "待补几项", "差距", "差什么", "服务专员", "政策版本"]
    write_sheet(sheet, headers, (
        [i, e.enterprise.credit_code, e.enterprise.name, e.enterprise.park.name if e.enterprise.park else "",
         e.enterprise.industry_code, VERDICT_LABELS[e.verdict], e.distance, e.unmet, e.pending, _gap(e, who),
         "；".join(lacking_text(e, who)),
         user_label(e.officer) if e.officer else "", e.policy_version]
        for i, e in enumerate(with_officers(rows, flt.policy), start=1)))
    info = book.create_sheet("筛选条件")
    write_sheet(info, ["项目", "值"], [["称号", policy_label(flt.policy)], ["评价年度", flt.year],
                                     ["园区/街道", flt.park or "全部"], ["行业", flt.industry or "全部"],
                                     ["最多差几项", "不限" if flt.max_unmet is None else (
                                         "已达标" if flt.max_unmet == 0 else flt.max_unmet)]])
    return workbook_bytes(book)



def _gap(evaluation: Evaluation, who):
    hidden = masking.hidden_fields(who)
    if hidden and any(masking.reads_hidden(c, hidden) for c in evaluation.result["clauses"]
                      if c["id"] in evaluation.lacking):
        return masking.HIDDEN_CELL
    return round(evaluation.gap, 4)


def scenario_workbook(scenario, gained: list[dict], lost: list[dict]) -> bytes:
    """政策模拟 result: the baseline beside the sandbox, then who gains and who loses the title, and why."""
    book = Workbook()
    sheet = book.active
    sheet.title = "对比"
    base, sand = scenario.summary["baseline"], scenario.summary["sandbox"]
    rows = [("符合条件企业（家）", base["qualified"], sand["qualified"]),
            ("其中未持有该称号（家）", base["rewarded_new"], sand["rewarded_new"]),
            ("数据不足（家）", base["insufficient_data"], sand["insufficient_data"]),
            ("奖励标准（万元/家）", base["reward"], sand["reward"]),
            ("获奖励企业（家）", base["rewarded"], sand["rewarded"]),
            ("奖励预算（万元）", base["budget"], sand["budget"])]
    write_sheet(sheet, ["指标", "基准", "模拟"], rows)
    for title, items in (("新增符合", gained), ("不再符合", lost)):
        write_sheet(book.create_sheet(title), ["统一社会信用代码", "企业名称", "所属园区/街道", "已持有", "变化的条款"],
                    ([r["enterprise"].credit_code, r["enterprise"].name,
                      r["enterprise"].park.name if r["enterprise"].park else "", "是" if r["holds"] else "否",
                      "；".join(r["changes"])] for r in items))
    return workbook_bytes(book)


def alerts_workbook(alerts) -> bytes:
    """The 动态管理 work list as shown (same kind filter), every alert, not only the first page."""
    book = Workbook()
    sheet = book.active
    sheet.title = "待办提醒"
    write_sheet(sheet, ["提醒", "统一社会信用代码", "企业名称", "所属园区/街道", "称号", "说明", "期限"],
                ([a.kind_label, a.enterprise.credit_code, a.enterprise.name,
                  a.enterprise.park.name if a.enterprise.park else "", a.title_label, a.detail,
                  a.due.isoformat() if a.due else ""] for a in alerts))
    return workbook_bytes(book)


def plan_workbook(progress, pool) -> bytes:
    """三年培育计划 (targets against new recognitions) and the open 培育库 entries."""
    book = Workbook()
    sheet = book.active
    sheet.title = "培育计划"
    write_sheet(sheet, ["年度", "称号", "新增目标（家）", "已新增（家）", "完成率 %", "培育库在库（家）"],
                ([p.year, p.title_label, p.target, p.actual, p.percent, p.pool] for p in progress))
    write_sheet(book.create_sheet("培育库"), ["统一社会信用代码", "企业名称", "培育方向", "入库日期", "入库理由"],
                ([e.enterprise.credit_code, e.enterprise.name, TITLE_BY_CODE[e.title].label
                  if e.title in TITLE_BY_CODE else e.title, e.entered_on.isoformat(), e.reason] for e in pool))
    return workbook_bytes(book)


def discoveries_workbook(rows) -> bytes:
    """主动发现 as the page lists them (reasons and sources are words, no figure a reader could not see)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "主动发现"
    headers = ["发现日期", "统一社会信用代码", "企业名称", "所属园区/街道", "类型", "理由", "数据来源", "建议方向",
               "状态"]
    write_sheet(sheet, headers, (
        [d.found_on, d.enterprise.credit_code, d.enterprise.name, d.enterprise.park.name if d.enterprise.park else "",
         d.get_kind_display(), d.reason, d.source, policy_label(d.target) if d.target else "",
         d.get_status_display()] for d in rows))
    return workbook_bytes(book)


def campaign_workbook(campaign, rows) -> bytes:
    """A 调查排摸's completion list: each enterprise, what it was asked, where its answer stands."""
    book = Workbook()
    sheet = book.active
    sheet.title = "调查排摸"
    headers = ["统一社会信用代码", "企业名称", "所需数据", "状态", "逾期", "答复时间"]
    write_sheet(sheet, headers, (
        [r.request.enterprise.credit_code, r.request.enterprise.name,
         "、".join(a["label"] + (f"（{a['year']}）" if a["year"] else "") for a in r.request.asked),
         r.label, "是" if r.late else "", r.request.answered_at.strftime("%Y-%m-%d %H:%M")
         if r.request.answered_at else ""] for r in rows))
    return workbook_bytes(book)
